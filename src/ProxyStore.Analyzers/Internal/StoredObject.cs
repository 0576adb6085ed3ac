using Microsoft.CodeAnalysis;

namespace ProxyStore.Analyzers.Internal;

/// <summary>An object a put stores whose concrete type is known at compile time, and the type it is read back as.</summary>
internal sealed class StoredObject
{
    public StoredObject(ITypeSymbol concrete, ITypeSymbol declared, bool inGraph, string where, Location location)
    {
        Concrete = concrete;
        Declared = declared;
        InGraph = inGraph;
        Where = where;
        Location = location;
    }

    /// <summary>The type the object is created as, and that reading it back creates.</summary>
    public ITypeSymbol Concrete { get; }

    /// <summary>The type it is read back as: the type the put's value is asked for as, a member's or an element's declared type.</summary>
    public ITypeSymbol Declared { get; }

    /// <summary>
    /// Whether it sits in a member or element of the stored value, written by the serializer's
    /// converters (which refuse it at the put), rather than being stored itself, with its type in the frame.
    /// </summary>
    public bool InGraph { get; }

    /// <summary>Where in the stored value it sits, for the message: empty at the top, else " in 'Drawing.Shape'" and the like.</summary>
    public string Where { get; }

    /// <summary>Where to report: the put's argument for the object put itself, else the expression that creates it.</summary>
    public Location Location { get; }
}
