using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace ProxyStore.Analyzers.Internal;

/// <summary>
/// Compares the nodes of a store's flow: symbols (locals, parameters, fields, properties, methods)
/// by <see cref="SymbolEqualityComparer.Default"/>, and creation sites (a <see cref="Location"/>)
/// by value. Locations rather than syntax nodes, because two walks over one tree need not hand out
/// the same node instances.
/// </summary>
internal sealed class HolderComparer : IEqualityComparer<object>
{
    public static readonly HolderComparer Instance = new();

    private HolderComparer()
    {
    }

    /// <inheritdoc/>
    public new bool Equals(object? x, object? y) =>
        x is ISymbol xs && y is ISymbol ys ? SymbolEqualityComparer.Default.Equals(xs, ys) : object.Equals(x, y);

    /// <inheritdoc/>
    public int GetHashCode(object obj) =>
        obj is ISymbol symbol ? SymbolEqualityComparer.Default.GetHashCode(symbol) : obj.GetHashCode();
}
