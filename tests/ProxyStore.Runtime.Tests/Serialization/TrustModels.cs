using System.Text.Json.Serialization;

namespace ProxyStore.Tests.Serialization;

// Types for the trust-boundary tests: one whose constructor does something (a stand-in for a
// gadget type), and the ways an application declares what may be created.
public interface IGadgetish
{
    string Name { get; }
}

public sealed class Gadget : IGadgetish
{
    private static int s_constructed;

    public Gadget()
    {
        Interlocked.Increment(ref s_constructed);
    }

    public static int Constructed => Volatile.Read(ref s_constructed);

    public string Name { get; set; } = "gadget";

    public static void Reset() => Volatile.Write(ref s_constructed, 0);
}

[Storable]
public sealed record Declared(string Name) : IGadgetish;

public sealed record AllowedLater(string Name) : IGadgetish;

[Proxiable]
public interface IProxiableShape
{
    double Area();
}

// No attribute: implementing a [Proxiable] interface is the declaration.
public sealed class Disc : IProxiableShape
{
    public double Radius { get; set; }

    public double Area() => Math.PI * Radius * Radius;
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(Hound), "hound")]
[JsonDerivedType(typeof(Tabby), "tabby")]
public abstract class Pet
{
    public string Name { get; set; } = "";
}

public sealed class Hound : Pet
{
    public int Barks { get; set; }
}

public sealed class Tabby : Pet
{
    public int Lives { get; set; }
}

public sealed class Kennel
{
    public Pet? Resident { get; set; }

    public List<Pet> Guests { get; set; } = [];
}

public sealed class Box
{
    public object? Content { get; set; }

    public IGadgetish? Thing { get; set; }

    public object[] Many { get; set; } = [];

    public Dictionary<string, object> ByName { get; set; } = [];
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(Bird), "bird")]
[JsonDerivedType(typeof(Parrot), "parrot")]
public abstract class Flyer
{
    public string Name { get; set; } = "";
}

// Not sealed: listed derived types may have derived types of their own.
public class Bird : Flyer
{
    public int Wings { get; set; }
}

public class Parrot : Bird
{
    public string Phrase { get; set; } = "";
}

public sealed class Aviary
{
    public Flyer? Resident { get; set; }

    public List<Flyer> Guests { get; set; } = [];
}

[ProxyStore.Storable]
public abstract class Glider
{
    public string Name { get; set; } = "";
}

public class Kite : Glider
{
    public int Lines { get; set; }
}

public class BoxKite : Kite
{
    public int Cells { get; set; }
}

public sealed class Hangar
{
    public Glider? Resident { get; set; }

    public Kite? Spare { get; set; }

    public List<Kite> Fleet { get; set; } = [];
}
