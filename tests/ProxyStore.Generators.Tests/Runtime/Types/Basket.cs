namespace ProxyStore.Generators.Tests.Runtime.Types;

#pragma warning disable PXS0004 // On purpose, as a user who silenced the analyzer: the runtime must refuse its proxy.

/// <summary>
/// A [Proxiable] class with a public member its proxy cannot override: a proxy would run
/// <see cref="Total"/> on its own empty state and return 0 instead of the target's sum.
/// </summary>
[Proxiable]
public class Basket
{
    public virtual List<int> Items { get; set; } = [];

    public int Total() => Items.Sum();
}
