using ProxyStore.Analyzers.Rules;

namespace ProxyStore.Analyzers.Tests.BorrowChecker;

/// <summary>PXS0101: an owner or borrow held in a local and not disposed on every path.</summary>
public sealed class PXS0101OwnedNotDisposedTests
{
    private static Task Expect(string members) => Verify.AnalyzerAsync<BorrowCheckerAnalyzer>(BorrowSource.Members(members));

    [Fact]
    public Task An_owner_never_disposed_is_reported() => Expect("""
        public void M()
        {
            Owned<IModel> {|PXS0101:owned|} = store.OwnedProxy<IModel>(new Model());
            Use(owned.Value);
        }
        """);

    [Fact]
    public Task Borrows_and_clones_never_disposed_are_reported() => Expect("""
        public void M()
        {
            using var owned = store.OwnedProxy<IModel>(new Model());
            var {|PXS0101:copy|} = owned.Clone();
            var {|PXS0101:read|} = copy.Borrow();
            Use(read.Value);
        }

        public void N()
        {
            // The owner's using ends while the borrow is alive: PXS0104 as well.
            {|PXS0104:using|} var owned = store.OwnedProxy<IModel>(new Model());
            var {|PXS0101:write|} = Ownership.MutBorrow(owned.Value);
            write.Update();
        }
        """);

    [Fact]
    public Task An_owner_disposed_on_one_branch_only_is_reported() => Expect("""
        public void M()
        {
            var {|PXS0101:owned|} = store.OwnedProxy<IModel>(new Model());
            if (Check())
            {
                owned.Dispose();
            }
        }
        """);

    [Fact]
    public Task An_early_return_before_the_dispose_is_reported() => Expect("""
        public int M()
        {
            var {|PXS0101:owned|} = store.OwnedProxy<IModel>(new Model());
            if (owned.Value.Count > 3)
            {
                return 1;
            }

            owned.Dispose();
            return 0;
        }
        """);

    [Fact]
    public Task An_owner_overwritten_while_alive_is_reported() => Expect("""
        public void M()
        {
            var {|PXS0101:owned|} = store.OwnedProxy<IModel>(new Model());
            owned = store.OwnedProxy<IModel>(new Model());
            owned.Dispose();
        }
        """);

    [Fact]
    public Task A_borrow_taken_in_a_loop_and_not_released_is_reported() => Expect("""
        public void M(int n)
        {
            using var owned = store.OwnedProxy<IModel>(new Model());
            for (int i = 0; i < n; i++)
            {
                var {|PXS0101:read|} = owned.Borrow();
                Use(read.Value);
            }
        }
        """);

    [Fact]
    public Task A_dispose_skipped_by_break_is_reported() => Expect("""
        public void M(int n)
        {
            for (int i = 0; i < n; i++)
            {
                var {|PXS0101:owned|} = store.OwnedProxy<IModel>(new Model());
                if (owned.Value.Count == i)
                {
                    break;
                }

                owned.Dispose();
            }
        }
        """);

    [Fact]
    public Task Async_owners_lambdas_and_local_functions_are_checked() => Expect("""
        public async Task M()
        {
            var {|PXS0101:owned|} = await store.OwnedProxyAsync<IModel>(new Model()).ConfigureAwait(false);
            await Task.Yield();
            Use(owned.Value);
        }

        public void N()
        {
            Action work = () =>
            {
                var {|PXS0101:owned|} = store.OwnedProxy<IModel>(new Model());
                Use(owned.Value);
            };
            work();
            Local();

            void Local()
            {
                var {|PXS0101:other|} = store.OwnedProxy<IModel>(new Model());
                Use(other.Value);
            }
        }
        """);

    [Fact]
    public Task A_value_returned_instead_of_the_owner_is_reported() => Expect("""
        public IModel M()
        {
            var {|PXS0101:owned|} = store.OwnedProxy<IModel>(new Model());
            return owned.Value;
        }
        """);

    [Fact]
    public Task A_dispose_in_a_catch_only_is_reported() => Expect("""
        public void M()
        {
            var {|PXS0101:owned|} = store.OwnedProxy<IModel>(new Model());
            try
            {
                Use(owned.Value);
            }
            catch (InvalidOperationException)
            {
                owned.Dispose();
            }
        }
        """);

    [Fact]
    public Task Top_level_statements_are_checked() =>
        Verify.ProgramAsync<BorrowCheckerAnalyzer>("""
            using ProxyStore;
            using ProxyStore.Connectors;

            using var store = new Store("top", new LocalConnector(), register: true);
            var {|PXS0101:owned|} = store.OwnedProxy<System.Collections.Generic.IList<int>>(new System.Collections.Generic.List<int> { 1 });
            System.Console.WriteLine(owned.Value.Count);
            """);
}
