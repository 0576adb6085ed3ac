// Ownership and lifetimes on a shared file system, where a forgotten object would outlive the
// program. A producer owns its datasets and lends them to consumers; each owner is disposed
// once its consumers have finished (Scopes releases their borrows then), and the store empties.
// Then a context lifetime and a lease bound objects that nobody owns.
//
//   dotnet run --project samples/Ownership
using System.Globalization;
using OwnershipSample;
using ProxyStore;
using ProxyStore.Connectors;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
string directory = Path.Combine(Path.GetTempPath(), $"proxystore-ownership-{Environment.ProcessId}");
try
{
    using var store = new Store("ownership-sample", new FileConnector(directory), register: true);
    Console.WriteLine($"store on {directory}: {Stored()} object(s)");

    // 1. Owners and borrows: two consumers read each dataset at once through shared borrows;
    //    a mutable borrow alone may change it and write it back.
    string[] names = ["temperatures", "pressures", "humidities"];
    for (int i = 0; i < names.Length; i++)
    {
        using Owned<IDataset> owner = store.OwnedProxy<IDataset>(new Dataset(names[i], [.. Enumerable.Range(1, 1000).Select(v => v * (i + 1.0))]));
        Console.WriteLine($"owned '{owner.Value.Name}' as {owner.Key}: {Stored()} object(s) in the store");

        using (Borrowed<IDataset> forMean = owner.Borrow())
        using (Borrowed<IDataset> forMax = owner.Borrow())
        {
            Console.WriteLine($"  lent to two consumers: {owner.SharedBorrows} shared borrows");
            double[] results = await Task.WhenAll(
                Scopes.Submit(d => Task.Run(d.Mean), forMean.Value),
                Scopes.Submit(d => Task.Run(d.Max), forMax.Value));
            Console.WriteLine($"  consumers done (mean {results[0]:F1}, max {results[1]:F1}): {owner.SharedBorrows} borrows left");
        }

        using (MutBorrowed<IDataset> writer = owner.MutBorrow())
        {
            Console.WriteLine($"  mutably borrowed: {owner.IsMutablyBorrowed}; no other borrow may be taken until it ends");
            writer.Value.Values[0] = -1;
            writer.Update();
            Console.WriteLine($"  the mutable borrow wrote back its change: first value now {store.Get<Dataset>(owner.Key)!.Values[0]}");
        }
    }

    Console.WriteLine($"every owner disposed: {Stored()} object(s) in the store");

    // 2. A context lifetime: intermediate results put with it go when the scope ends.
    using (var scope = new ContextLifetime(store))
    {
        store.PutBatch(["step 1", "step 2", "step 3"], lifetime: scope);
        IDataset summary = store.Proxy<IDataset>(new Dataset("summary", [1, 2, 3]), lifetime: scope);
        Console.WriteLine($"scope holds 4 objects ('{summary.Name}' among them): {Stored()} object(s) in the store");
    }

    Console.WriteLine($"scope ended: {Stored()} object(s) in the store");

    // 3. A lease: its objects go when it expires, unless it is extended first.
    using var lease = new LeaseLifetime(store, TimeSpan.FromMilliseconds(300));
    store.Put("cached answer", lifetime: lease);
    lease.Extend(TimeSpan.FromMilliseconds(200));
    Console.WriteLine($"lease until {lease.ExpiresAt:HH:mm:ss.fff}: {Stored()} object(s) in the store");
    for (int waited = 0; !lease.IsDone && waited < 100; waited++)
    {
        await Task.Delay(50);
    }

    Console.WriteLine($"lease {(lease.IsDone ? "expired" : "still open")}: {Stored()} object(s) in the store");
    return Stored() == 0 ? 0 : 1;
}
finally
{
    if (Directory.Exists(directory))
    {
        Directory.Delete(directory, recursive: true);
    }
}

// The objects the connector holds: its files, less its own bookkeeping (names starting with a dot).
int Stored() => Directory.Exists(directory)
    ? Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Count(f => !Path.GetFileName(f).StartsWith('.'))
    : 0;
