namespace ProxyStore.Generators.Tests.Runtime.Types;

/// <summary>Implemented by a record, so equality of targets is by value.</summary>
[Proxiable]
public interface IPoint
{
    int X { get; }

    int Y { get; }
}

/// <summary>A point.</summary>
public sealed record Point(int X, int Y) : IPoint;
