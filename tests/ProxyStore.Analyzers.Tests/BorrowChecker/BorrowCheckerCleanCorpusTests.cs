using ProxyStore.Analyzers.Rules;

namespace ProxyStore.Analyzers.Tests.BorrowChecker;

/// <summary>
/// Code that handles owners and borrows correctly, in loops, branches, <c>using</c> declarations
/// and statements, try/finally, async methods, lambdas and local functions: the borrow checker
/// reports nothing on any of it (its precision requirement). Each case is one member of
/// <see cref="BorrowSource"/>'s class.
/// </summary>
public sealed class BorrowCheckerCleanCorpusTests
{
    private static readonly Dictionary<string, string> Corpus = new()
    {
        ["using declaration"] = """
            public void M()
            {
                using Owned<IModel> owned = store.OwnedProxy<IModel>(new Model());
                Use(owned.Value);
            }
            """,
        ["using var declarations of an owner and its borrows"] = """
            public void M()
            {
                using var owned = store.OwnedProxy<IModel>(new Model());
                using var first = owned.Borrow();
                using var second = owned.Borrow();
                Use(first.Value);
                Use(second.Value);
            }
            """,
        ["using statements, one borrow after another"] = """
            public void M()
            {
                using (Owned<IModel> owned = store.OwnedProxy<IModel>(new Model()))
                {
                    using (Borrowed<IModel> read = owned.Borrow())
                    {
                        Use(read.Value);
                    }

                    using (MutBorrowed<IModel> write = owned.MutBorrow())
                    {
                        Use(write.Value);
                        write.Update();
                    }

                    owned.Update();
                }
            }
            """,
        ["using statement without a variable"] = """
            public void M()
            {
                using (store.OwnedProxy<IModel>(new Model()))
                {
                }

                var owned = store.OwnedProxy<IModel>(new Model());
                using (owned)
                {
                    Use(owned.Value);
                }
            }
            """,
        ["explicit dispose at the end"] = """
            public void M()
            {
                Owned<IModel> owned = store.OwnedProxy<IModel>(new Model());
                Borrowed<IModel> read = owned.Borrow();
                Use(read.Value);
                read.Dispose();
                owned.Dispose();
                Console.WriteLine(owned.Key);
                Console.WriteLine(owned.IsDisposed);
            }
            """,
        ["dispose in finally"] = """
            public void M()
            {
                Owned<IModel> owned = store.OwnedProxy<IModel>(new Model());
                try
                {
                    Use(owned.Value);
                    if (Check())
                    {
                        return;
                    }

                    Use(owned.Value);
                }
                finally
                {
                    owned.Dispose();
                }
            }
            """,
        ["dispose on both branches"] = """
            public void M()
            {
                var owned = store.OwnedProxy<IModel>(new Model());
                if (Check())
                {
                    Use(owned.Value);
                    owned.Dispose();
                }
                else
                {
                    owned.Dispose();
                }
            }
            """,
        ["early return disposes first"] = """
            public int M()
            {
                var owned = store.OwnedProxy<IModel>(new Model());
                if (owned.Value.Count > 3)
                {
                    owned.Dispose();
                    return 1;
                }

                Use(owned.Value);
                owned.Dispose();
                return 0;
            }
            """,
        ["returned owner"] = """
            public Owned<IModel> M() => store.OwnedProxy<IModel>(new Model());

            public Owned<IModel> N()
            {
                var owned = store.OwnedProxy<IModel>(new Model());
                Use(owned.Value);
                return owned;
            }
            """,
        ["returned on one path, disposed on the other"] = """
            public Owned<IModel>? M()
            {
                var owned = store.OwnedProxy<IModel>(new Model());
                if (Check())
                {
                    return owned;
                }

                owned.Dispose();
                return null;
            }
            """,
        ["stored in a field, a property and a collection"] = """
            public Owned<IModel>? Property { get; set; }

            public void M()
            {
                var a = store.OwnedProxy<IModel>(new Model());
                field = a;
                var b = store.OwnedProxy<IModel>(new Model());
                Property = b;
                var c = store.OwnedProxy<IModel>(new Model());
                kept.Add(c);
                var d = c.Clone();
                Owned<IModel>[] array = [d];
                var e = store.OwnedProxy<IModel>(new Model());
                var tuple = (e, 1);
                var f = d.Clone();
                var dictionary = new Dictionary<int, Owned<IModel>> { [1] = f };
                var r = e.Borrow();
                lent = r;
            }
            """,
        ["moved to a [TakesOwnership] parameter"] = """
            public void M()
            {
                var owned = store.OwnedProxy<IModel>(new Model());
                Take(owned);
            }
            """,
        ["passed to a method that may keep it"] = """
            public void M()
            {
                var owned = store.OwnedProxy<IModel>(new Model());
                Keep(owned);
            }

            private void Keep(Owned<IModel> owned) => field = owned;
            """,
        ["IntoOwned moves the plain proxy, the owner is used"] = """
            public void M()
            {
                IModel plain = store.Proxy<IModel>(new Model());
                Use(plain);
                using Owned<IModel> owned = Ownership.IntoOwned(plain);
                Use(owned.Value);
                plain = store.Proxy<IModel>(new Model());
                Use(plain);
            }
            """,
        ["loop with a using borrow per iteration"] = """
            public void M(int n)
            {
                using var owned = store.OwnedProxy<IModel>(new Model());
                for (int i = 0; i < n; i++)
                {
                    using var write = owned.MutBorrow();
                    Use(write.Value);
                }

                while (Check())
                {
                    var read = owned.Borrow();
                    Use(read.Value);
                    read.Dispose();
                }

                foreach (var x in new[] { 1, 2 })
                {
                    using (var write = owned.MutBorrow())
                    {
                        Use(write.Value);
                        if (x == 2)
                        {
                            break;
                        }

                        continue;
                    }
                }
            }
            """,
        ["owners made in a loop and kept"] = """
            public List<Owned<IModel>> M(int n)
            {
                var all = new List<Owned<IModel>>();
                for (int i = 0; i < n; i++)
                {
                    var owned = store.OwnedProxy<IModel>(new Model());
                    all.Add(owned);
                }

                return all;
            }
            """,
        ["borrows collected and disposed in a loop"] = """
            public void M()
            {
                using var owned = store.OwnedProxy<IModel>(new Model());
                var borrows = new List<Borrowed<IModel>> { owned.Borrow(), owned.Borrow() };
                foreach (Borrowed<IModel> borrow in borrows)
                {
                    borrow.Dispose();
                }
            }
            """,
        ["nullable owner disposed with ?."] = """
            public void M()
            {
                Owned<IModel>? owned = null;
                if (Check())
                {
                    owned = store.OwnedProxy<IModel>(new Model());
                }

                Use(owned?.Value ?? new Model());
                owned?.Dispose();
            }
            """,
        ["nullable owner disposed under a null test"] = """
            public void M()
            {
                Owned<IModel>? owned = Check() ? store.OwnedProxy<IModel>(new Model()) : null;
                if (owned != null)
                {
                    owned.Dispose();
                }

                Owned<IModel>? other = Check() ? null : store.OwnedProxy<IModel>(new Model());
                if (other is not null)
                {
                    other.Dispose();
                }

                Owned<IModel>? third = Check() ? null : store.OwnedProxy<IModel>(new Model());
                if (third is { } t)
                {
                    t.Dispose();
                }
                else
                {
                    return;
                }
            }
            """,
        ["null-coalescing assignment then using"] = """
            public void M(Owned<IModel>? given)
            {
                using var owned = given ?? store.OwnedProxy<IModel>(new Model());
                Use(owned.Value);
            }
            """,
        ["disposed then reassigned and used"] = """
            public void M()
            {
                var owned = store.OwnedProxy<IModel>(new Model());
                owned.Dispose();
                owned = store.OwnedProxy<IModel>(new Model());
                Use(owned.Value);
                owned.Dispose();
            }
            """,
        ["disposed on one path only, then used"] = """
            public void M()
            {
                var owned = store.OwnedProxy<IModel>(new Model());
                if (Check())
                {
                    owned.Dispose();
                    owned = store.OwnedProxy<IModel>(new Model());
                }

                Use(owned.Value);
                owned.Dispose();
            }
            """,
        ["double dispose"] = """
            public void M()
            {
                var owned = store.OwnedProxy<IModel>(new Model());
                owned.Dispose();
                owned.Dispose();
                var read = store.OwnedProxy<IModel>(new Model());
                using (read) { }
                read.Dispose();
            }
            """,
        ["async owner with await using"] = """
            public async Task M()
            {
                await using Owned<IModel> owned = await store.OwnedProxyAsync<IModel>(new Model());
                await using var read = owned.Borrow();
                await Task.Yield();
                Use(read.Value);
            }
            """,
        ["async owner disposed with DisposeAsync in finally"] = """
            public async Task<int> M()
            {
                var owned = await store.OwnedProxyAsync<IModel>(new Model()).ConfigureAwait(false);
                try
                {
                    await Task.Delay(1);
                    return owned.Value.Count;
                }
                finally
                {
                    await owned.DisposeAsync();
                }
            }
            """,
        ["async method returning an owner"] = """
            public async Task<Owned<IModel>> M()
            {
                var owned = await store.OwnedProxyAsync<IModel>(new Model());
                await Task.Yield();
                return owned;
            }
            """,
        ["lambda owns its own owner"] = """
            public Task M() => Task.Run(() =>
            {
                using var owned = store.OwnedProxy<IModel>(new Model());
                using var read = owned.Borrow();
                Use(read.Value);
            });
            """,
        ["lambda captures and disposes the owner"] = """
            public Action M()
            {
                var owned = store.OwnedProxy<IModel>(new Model());
                return () => owned.Dispose();
            }
            """,
        ["captured owner disposed by a lambda, used before"] = """
            public void M()
            {
                var owned = store.OwnedProxy<IModel>(new Model());
                Action dispose = () => owned.Dispose();
                Use(owned.Value);
                dispose();
            }
            """,
        ["captured owner borrowed in parallel lambdas"] = """
            public async Task M()
            {
                using var owned = store.OwnedProxy<IModel>(new Model());
                await Task.WhenAll(Task.Run(() =>
                {
                    using var read = owned.Borrow();
                    Use(read.Value);
                }), Task.Run(() =>
                {
                    using var read = owned.Borrow();
                    Use(read.Value);
                }));
            }
            """,
        ["local function disposes a captured owner"] = """
            public void M()
            {
                var owned = store.OwnedProxy<IModel>(new Model());
                Use(owned.Value);
                Done();

                void Done() => owned.Dispose();
            }
            """,
        ["local function with its own owner"] = """
            public void M()
            {
                Run(1);
                Run(2);

                void Run(int n)
                {
                    using var owned = store.OwnedProxy<IModel>(new Model());
                    for (int i = 0; i < n; i++)
                    {
                        using var write = owned.MutBorrow();
                        Use(write.Value);
                    }
                }
            }
            """,
        ["shared borrows side by side"] = """
            public void M()
            {
                using var owned = store.OwnedProxy<IModel>(new Model());
                using var a = owned.Borrow();
                using var b = owned.Borrow();
                using var c = Ownership.Borrow(owned.Value);
                Use(a.Value);
            }
            """,
        ["a mutable borrow after the shared one is released"] = """
            public void M()
            {
                using var owned = store.OwnedProxy<IModel>(new Model());
                var read = owned.Borrow();
                Use(read.Value);
                read.Dispose();
                using var write = owned.MutBorrow();
                write.Update();
            }
            """,
        ["mutable borrows of two owners"] = """
            public void M()
            {
                using var a = store.OwnedProxy<IModel>(new Model());
                using var b = a.Clone();
                using var wa = a.MutBorrow();
                using var wb = b.MutBorrow();
                Use(wa.Value);
                Use(wb.Value);
            }
            """,
        ["borrow released on one path only: not provably alive"] = """
            public void M()
            {
                using var owned = store.OwnedProxy<IModel>(new Model());
                var read = owned.Borrow();
                if (Check())
                {
                    read.Dispose();
                    using var write = owned.MutBorrow();
                    Use(write.Value);
                }
                else
                {
                    read.Dispose();
                }
            }
            """,
        ["owner reassigned between borrows"] = """
            public void M()
            {
                var owned = store.OwnedProxy<IModel>(new Model());
                using var read = owned.Borrow();
                kept.Add(owned);
                owned = store.OwnedProxy<IModel>(new Model());
                using var write = owned.MutBorrow();
                field = owned;
            }
            """,
        ["owner disposed after its borrows"] = """
            public void M()
            {
                var owned = store.OwnedProxy<IModel>(new Model());
                var read = owned.Borrow();
                var other = owned.Borrow();
                Use(read.Value);
                other.Dispose();
                read.Dispose();
                owned.Dispose();
            }
            """,
        ["parameter owner borrowed and released"] = """
            public static void M(Owned<IModel> owned)
            {
                using (var write = owned.MutBorrow())
                {
                    write.Update();
                }

                owned.Dispose();
            }
            """,
        ["owner and borrows in try/catch"] = """
            public void M()
            {
                Owned<IModel>? owned = null;
                try
                {
                    owned = store.OwnedProxy<IModel>(new Model());
                }
                catch (InvalidOperationException)
                {
                    return;
                }

                try
                {
                    using var read = owned.Borrow();
                    Use(read.Value);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    Console.WriteLine(e.Message);
                }
                finally
                {
                    owned.Dispose();
                }
            }
            """,
        ["dispose in catch, rethrow"] = """
            public Owned<IModel> M()
            {
                var owned = store.OwnedProxy<IModel>(new Model());
                try
                {
                    Use(owned.Value);
                    return owned;
                }
                catch
                {
                    owned.Dispose();
                    throw;
                }
            }
            """,
        ["a throwing path does not need to dispose"] = """
            public void M(int n)
            {
                var owned = store.OwnedProxy<IModel>(new Model());
                if (n < 0)
                {
                    throw new ArgumentOutOfRangeException(nameof(n));
                }

                owned.Dispose();
            }
            """,
        ["nested try/finally with disposal in the inner finally"] = """
            public void M()
            {
                var owned = store.OwnedProxy<IModel>(new Model());
                try
                {
                    var read = owned.Borrow();
                    try
                    {
                        if (Check())
                        {
                            return;
                        }

                        Use(read.Value);
                    }
                    finally
                    {
                        read.Dispose();
                    }
                }
                finally
                {
                    owned.Dispose();
                }
            }
            """,
        ["a finally that runs after a disposal on one path and not on the other"] = """
            public void M()
            {
                var owned = store.OwnedProxy<IModel>(new Model());
                try
                {
                    if (Check())
                    {
                        owned.Dispose();
                        return;
                    }
                }
                finally
                {
                    Console.WriteLine("done");
                }

                owned.Dispose();
            }
            """,
        ["switch statement and expression"] = """
            public void M(int n)
            {
                var owned = store.OwnedProxy<IModel>(new Model());
                switch (n)
                {
                    case 1:
                        owned.Dispose();
                        break;
                    case 2:
                        Take(owned);
                        break;
                    default:
                        field = owned;
                        break;
                }

                using var chosen = n switch
                {
                    1 => store.OwnedProxy<IModel>(new Model()),
                    _ => store.OwnedProxy<IModel>(new Model()),
                };
                Use(chosen.Value);
            }
            """,
        ["goto and labels"] = """
            public void M()
            {
                var owned = store.OwnedProxy<IModel>(new Model());
                int tries = 0;
            again:
                tries++;
                if (tries < 3)
                {
                    goto again;
                }

                owned.Dispose();
            }
            """,
        ["do-while with a borrow disposed each time"] = """
            public void M()
            {
                using var owned = store.OwnedProxy<IModel>(new Model());
                int i = 0;
                do
                {
                    var write = owned.MutBorrow();
                    try
                    {
                        Use(write.Value);
                    }
                    finally
                    {
                        write.Dispose();
                    }
                }
                while (++i < 3);
            }
            """,
        ["owner from an unknown method is not this method's to dispose"] = """
            public void M()
            {
                var owned = Field!;
                Use(owned.Value);
                var other = Make();
                Use(other.Value);
            }

            private Owned<IModel> Make() => store.OwnedProxy<IModel>(new Model());
            """,
        ["alias: the other local disposes"] = """
            public void M()
            {
                var owned = store.OwnedProxy<IModel>(new Model());
                var alias = owned;
                alias.Dispose();
            }
            """,
        ["out parameter hands the owner to the caller"] = """
            public bool TryMake(out Owned<IModel>? owned)
            {
                owned = store.OwnedProxy<IModel>(new Model());
                return true;
            }

            public void M()
            {
                if (TryMake(out var owned) && owned is not null)
                {
                    owned.Dispose();
                }
            }
            """,
        ["iterator yields owners"] = """
            public IEnumerable<Owned<IModel>> M()
            {
                for (int i = 0; i < 3; i++)
                {
                    var owned = store.OwnedProxy<IModel>(new Model());
                    yield return owned;
                }
            }
            """,
        ["sent value is not used afterwards"] = """
            public byte[] M()
            {
                var owned = store.OwnedProxy<IModel>(new Model());
                Use(owned.Value);
                return ProxyReference.Serialize(owned.Value);
            }
            """,
        ["using in a lambda's own loop, owner from the outer method"] = """
            public void M()
            {
                using var owned = store.OwnedProxy<IModel>(new Model());
                Action work = () =>
                {
                    for (int i = 0; i < 2; i++)
                    {
                        using var write = owned.MutBorrow();
                        write.Update();
                    }
                };
                work();
            }
            """,
        ["conditional borrow kinds joined"] = """
            public void M()
            {
                using var owned = store.OwnedProxy<IModel>(new Model());
                using var a = Check() ? owned.Borrow() : null;
                using var b = owned.Borrow();
                Use(b.Value);
            }
            """,
        ["nameof and ToString of a disposed owner"] = """
            public void M()
            {
                var owned = store.OwnedProxy<IModel>(new Model());
                owned.Dispose();
                Console.WriteLine(nameof(owned.Value));
                Console.WriteLine($"{owned} {owned.Key} {owned.Store.Name}");
            }
            """,
        ["dispose inside a lock"] = """
            private readonly object gate = new object();

            public void M()
            {
                var owned = store.OwnedProxy<IModel>(new Model());
                lock (gate)
                {
                    Use(owned.Value);
                    owned.Dispose();
                }
            }
            """,
        ["DisposeAsync with ConfigureAwait in try/catch"] = """
            public async Task M()
            {
                var owned = await store.OwnedProxyAsync<IModel>(new Model());
                try
                {
                    await Task.Delay(1).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    await owned.DisposeAsync().ConfigureAwait(false);
                    throw;
                }

                await owned.DisposeAsync().ConfigureAwait(false);
            }
            """,
        ["a sent borrow is disposed afterwards"] = """
            public byte[] M()
            {
                using var owned = store.OwnedProxy<IModel>(new Model());
                var read = owned.Borrow();
                byte[] reference = ProxyReference.Serialize(read.Value);
                read.Dispose();
                return reference;
            }
            """,
        ["an owner's value put in the store sends it"] = """
            public StoreKey M()
            {
                var owned = store.OwnedProxy<IModel>(new Model());
                return store.Put(owned.Value);
            }
            """,
        ["the previous owner is disposed at the top of each iteration"] = """
            public void M(int n)
            {
                Owned<IModel>? previous = null;
                for (int i = 0; i < n; i++)
                {
                    previous?.Dispose();
                    previous = store.OwnedProxy<IModel>(new Model());
                    Use(previous.Value);
                }

                previous?.Dispose();
            }
            """,
        ["owner assigned in try, disposed in finally with ?."] = """
            public void M()
            {
                Owned<IModel>? owned = null;
                try
                {
                    owned = store.OwnedProxy<IModel>(new Model());
                    Use(owned.Value);
                }
                finally
                {
                    owned?.Dispose();
                }
            }
            """,
        ["using in a braced switch section, continue before dispose"] = """
            public void M(int[] kinds)
            {
                foreach (int kind in kinds)
                {
                    switch (kind)
                    {
                        case 0:
                        {
                            using var owned = store.OwnedProxy<IModel>(new Model());
                            Use(owned.Value);
                            break;
                        }

                        case 1:
                            continue;
                    }

                    var other = store.OwnedProxy<IModel>(new Model());
                    if (kind > 5)
                    {
                        other.Dispose();
                        continue;
                    }

                    other.Dispose();
                }
            }
            """,
        ["a plain proxy moved in each iteration is a new one each time"] = """
            public List<Owned<IModel>> M(int n)
            {
                var owners = new List<Owned<IModel>>();
                for (int i = 0; i < n; i++)
                {
                    IModel plain = store.Proxy<IModel>(new Model());
                    Use(plain);
                    owners.Add(Ownership.IntoOwned(plain));
                }

                return owners;
            }
            """,
        ["static local function and deconstruction"] = """
            public void M()
            {
                var (owned, count) = (store.OwnedProxy<IModel>(new Model()), 1);
                Close(owned);
                Console.WriteLine(count);

                static void Close(Owned<IModel> o) => o.Dispose();
            }
            """,
        ["a borrow taken on one path only, mutable borrow after"] = """
            public void M()
            {
                using var owned = store.OwnedProxy<IModel>(new Model());
                Borrowed<IModel>? read = null;
                if (Check())
                {
                    read = owned.Borrow();
                }

                read?.Dispose();
                using var write = owned.MutBorrow();
            }
            """,
        ["owner disposed in a catch-all and rethrown, otherwise returned"] = """
            public async Task<Owned<IModel>> M()
            {
                var owned = await store.OwnedProxyAsync<IModel>(new Model());
                try
                {
                    using (var write = owned.MutBorrow())
                    {
                        write.Update();
                    }

                    return owned;
                }
                catch (Exception e) when (e is InvalidOperationException or NotSupportedException)
                {
                    await owned.DisposeAsync();
                    throw;
                }
            }
            """,
        ["a borrow's value given to a method that takes ownership releases the borrow"] = """
            public async Task M()
            {
                var owned = store.OwnedProxy<IModel>(new Model());
                var read = owned.Borrow();
                var other = owned.Borrow();
                IModel value = other.Value;
                int count = await Release(read.Value, value, owned.Value);
                Use(owned.Value);
                Console.WriteLine(read.IsReleased);
                owned.Dispose();
            }
            """,
        ["many language constructs around owners"] = """
            public async IAsyncEnumerable<int> Stream()
            {
                await using var owned = await store.OwnedProxyAsync<IModel>(new Model());
                try
                {
                    yield return owned.Value.Count;
                }
                finally
                {
                    Console.WriteLine("done");
                }
            }

            public async Task M(object? o, int n)
            {
                await foreach (int count in Stream())
                {
                    using Owned<IModel> a = store.OwnedProxy<IModel>(new Model()), b = a.Clone();
                    Console.WriteLine(count + a.Value.Count + b.Value.Count);
                }

                await using (var owned = store.OwnedProxy<IModel>(new Model()))
                {
                    string kind = owned switch
                    {
                        { IsDisposed: true } => "gone",
                        _ when owned.Value.Count > 1 => "big",
                        _ => "small",
                    };
                    Console.WriteLine(kind);
                }

                if (o is Owned<IModel> given)
                {
                    given.Dispose();
                }

                switch (n)
                {
                    case 0:
                        goto case 1;
                    case 1:
                        using (var owned = store.OwnedProxy<IModel>(new Model()))
                        {
                            Use(owned.Value);
                        }

                        break;
                }

                Func<Task> later = async () =>
                {
                    await using var inner = await store.OwnedProxyAsync<IModel>(new Model());
                    Action nested = () =>
                    {
                        using var read = inner.Borrow();
                        Use(read.Value);
                    };
                    nested();
                };
                await later();

                Span<int> numbers = stackalloc int[2];
                ref int first = ref numbers[0];
                first = checked(n + 1);
                var pair = (store.OwnedProxy<IModel>(new Model()), n);
                if (pair is ({ } owner, > 0))
                {
                    owner.Dispose();
                }
                else
                {
                    pair.Item1.Dispose();
                }

                Console.WriteLine(Depth(3));

                int Depth(int d)
                {
                    using var owned = store.OwnedProxy<IModel>(new Model());
                    return d == 0 ? owned.Value.Count : Depth(d - 1);
                }
            }
            """,
        ["exception filter and nested catch reading a live owner"] = """
            public void M()
            {
                using var owned = store.OwnedProxy<IModel>(new Model());
                try
                {
                    try
                    {
                        Use(owned.Value);
                    }
                    catch (InvalidOperationException) when (owned.Value.Count > 0)
                    {
                        Use(owned.Value);
                        throw;
                    }
                }
                catch (Exception)
                {
                    Use(owned.Value);
                }
            }
            """,
        ["owner disposed in a loop that runs once per owner"] = """
            public void M(int n)
            {
                for (int i = 0; i < n; i++)
                {
                    var owned = store.OwnedProxy<IModel>(new Model());
                    Use(owned.Value);
                    owned.Dispose();
                }
            }
            """,
    };

    public static TheoryData<string> Cases { get; } = [.. Corpus.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Reports_nothing(string name) =>
        Verify.AnalyzerAsync<BorrowCheckerAnalyzer>(BorrowSource.Members(Corpus[name]));
}
