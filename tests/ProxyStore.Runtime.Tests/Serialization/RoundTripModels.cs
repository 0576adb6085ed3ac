using System.Text.Json.Serialization;

namespace ProxyStore.Tests.Serialization;

// Types that round-trip exactly, and types that would lose a member and must be refused.
public class WithFields
{
    public int Count;
    public string? Name;
    public List<double> Samples = [];
}

public class PrivateSetter
{
    public int Value { get; private set; }

    public string Label { get; protected set; } = "";

    public static PrivateSetter Make(int value, string label) => new() { Value = value, Label = label };
}

[ProxyStore.Storable]
public record Reading(double Value, DateTimeOffset At);

public sealed record Sample(Guid Id, decimal Amount, DayOfWeek Day, Dictionary<string, int> Counts, int[] Values);

public class WithConstructor
{
    public WithConstructor(int width, int height)
    {
        Width = width;
        Height = height;
    }

    public int Width { get; }

    public int Height { get; }

    public int Area => Width * Height; // computed: no state of its own
}

public class WithBackedProperty
{
    private int _level;

    public int Level
    {
        get => _level;
        set => _level = value;
    }
}

public class IgnoredState
{
    [JsonIgnore]
    private readonly object _gate = new();

    [NonSerialized]
    private int _cachedHash;

    public int Value { get; set; }

    public event EventHandler? Changed;

    public int Touch()
    {
        lock (_gate)
        {
            Changed?.Invoke(this, EventArgs.Empty);
            return _cachedHash = Value.GetHashCode();
        }
    }
}

public class Animal
{
    public string Name { get; set; } = "";
}

[ProxyStore.Storable]
public class Dog : Animal
{
    public int Legs { get; set; }
}

public sealed class ListHolder
{
    public IReadOnlyList<int> Values { get; set; } = [];
}

// ---- refused ----

public interface IRevealing
{
    int Reveal();
}

public class HiddenField : IRevealing
{
    private int _secret;

    public int Shown { get; set; }

    public void Hide(int secret) => _secret = secret;

    public int Reveal() => _secret;
}

public class GetOnlyAuto
{
    public int Fixed { get; } = 7;
}

public class ReadOnlyField
{
    public readonly int Locked = 3;
}

public class CapturedParameter(int seed)
{
    public int Next() => seed + 1;
}

public class NonPublicGetter
{
    internal int Internal { get; set; }
}

public class NoUsableConstructor
{
    public NoUsableConstructor(int a) => A = a;

    public NoUsableConstructor(string b) => A = b.Length;

    public int A { get; set; }
}

public sealed class Outer
{
    public HiddenField Inner { get; set; } = new();
}
