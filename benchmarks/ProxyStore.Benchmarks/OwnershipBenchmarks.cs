using BenchmarkDotNet.Attributes;
using ProxyStore;

/// <summary>
/// Issue 15: what ownership costs over a plain proxy. An owned proxy's put and dispose against
/// a plain proxy and an evict (the baseline), and a shared and a mutable borrow taken and
/// released on a live owner; LocalConnector and FileConnector, a list of 256 ints.
/// </summary>
[MemoryDiagnoser]
public class OwnershipBenchmarks
{
    private Store _store = null!;
    private List<int> _list = null!;
    private Owned<IList<int>> _owner = null!;

    [Params(ConnectorKind.Local, ConnectorKind.File)]
    public ConnectorKind Connector { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _store = BenchmarkStores.Create(Connector, metrics: false);
        _list = [.. Enumerable.Range(0, 256)];
        _owner = _store.OwnedProxy<IList<int>>(_list);

        // A borrow must see the owner's object, or the borrow cases measure nothing real.
        using Borrowed<IList<int>> check = _owner.Borrow();
        if (check.Value.Count != 256)
        {
            throw new InvalidOperationException($"A borrow of {_owner} saw {check.Value.Count} items, not 256.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _owner.Dispose();
        _store.Dispose();
    }

    /// <summary>The baseline: a plain proxy, then its object evicted by hand.</summary>
    [Benchmark(Baseline = true)]
    public void ProxyThenEvict()
    {
        IList<int> proxy = _store.Proxy<IList<int>>(_list);
        _store.Evict(Proxies.GetKey(proxy));
    }

    /// <summary>The same object owned: put, proxy and owner, then disposal evicts.</summary>
    [Benchmark]
    public void OwnedProxyThenDispose()
    {
        using Owned<IList<int>> owned = _store.OwnedProxy<IList<int>>(_list);
    }

    /// <summary>An owned proxy lent once before it goes: the whole life of a typical owner.</summary>
    [Benchmark]
    public void OwnedProxyBorrowThenDispose()
    {
        using Owned<IList<int>> owned = _store.OwnedProxy<IList<int>>(_list);
        using Borrowed<IList<int>> borrow = owned.Borrow();
    }

    /// <summary>A shared borrow of a live owner, taken and released (a proxy of its own, counted on the owner).</summary>
    [Benchmark]
    public void BorrowAndRelease()
    {
        using Borrowed<IList<int>> borrow = _owner.Borrow();
    }

    /// <summary>The mutable borrow of a live owner, taken and released.</summary>
    [Benchmark]
    public void MutBorrowAndRelease()
    {
        using MutBorrowed<IList<int>> borrow = _owner.MutBorrow();
    }
}
