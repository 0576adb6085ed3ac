using ProxyStore.Analyzers.Rules;

namespace ProxyStore.Analyzers.Tests.BorrowChecker;

/// <summary>PXS0103: an owner, a borrow or a moved proxy used after it was disposed, moved or sent.</summary>
public sealed class PXS0103UseAfterReleaseTests
{
    private static Task Expect(string members) => Verify.AnalyzerAsync<BorrowCheckerAnalyzer>(BorrowSource.Members(members));

    [Fact]
    public Task Each_checked_member_of_a_disposed_owner_is_reported() => Expect("""
        public void M()
        {
            var owned = store.OwnedProxy<IModel>(new Model());
            owned.Dispose();
            Use({|PXS0103:owned|}.Value);
            {|PXS0103:owned|}.Borrow().Dispose();
            {|PXS0103:owned|}.MutBorrow().Dispose();
            {|PXS0103:owned|}.Update();
            {|PXS0103:owned|}.Clone().Dispose();
            Console.WriteLine(owned.Key);
            Console.WriteLine(owned.IsDisposed);
            owned.Dispose();
        }
        """);

    [Fact]
    public Task A_released_borrow_is_reported() => Expect("""
        public void M()
        {
            using var owned = store.OwnedProxy<IModel>(new Model());
            var read = owned.Borrow();
            read.Dispose();
            Use({|PXS0103:read|}.Value);
            var write = owned.MutBorrow();
            write.Dispose();
            {|PXS0103:write|}.Update();
        }
        """);

    [Fact]
    public Task A_use_after_the_using_statement_ended_is_reported() => Expect("""
        public void M()
        {
            var owned = store.OwnedProxy<IModel>(new Model());
            using (owned)
            {
                Use(owned.Value);
            }

            Use({|PXS0103:owned|}.Value);
        }
        """);

    [Fact]
    public Task A_use_after_disposal_on_every_branch_is_reported() => Expect("""
        public async Task M()
        {
            var owned = await store.OwnedProxyAsync<IModel>(new Model());
            if (Check())
            {
                owned.Dispose();
            }
            else
            {
                await owned.DisposeAsync();
            }

            Use({|PXS0103:owned|}.Value);
        }
        """);

    [Fact]
    public Task A_use_in_a_loop_after_the_loop_disposed_is_reported() => Expect("""
        public void M(int n)
        {
            var owned = store.OwnedProxy<IModel>(new Model());
            owned.Dispose();
            for (int i = 0; i < n; i++)
            {
                Use({|PXS0103:owned|}.Value);
            }
        }
        """);

    [Fact]
    public Task A_proxy_used_after_IntoOwned_moved_it_is_reported() => Expect("""
        public void M()
        {
            IModel plain = store.Proxy<IModel>(new Model());
            using Owned<IModel> owned = Ownership.IntoOwned(plain);
            Use({|PXS0103:plain|});
            Console.WriteLine({|PXS0103:plain|}.Count);
        }
        """);

    [Fact]
    public Task An_owner_used_after_it_was_moved_is_reported() => Expect("""
        public void M()
        {
            var owned = store.OwnedProxy<IModel>(new Model());
            Take(owned);
            Use({|PXS0103:owned|}.Value);
            Take({|PXS0103:owned|});
        }
        """);

    [Fact]
    public Task A_borrow_used_after_its_value_was_given_to_a_taker_is_reported() => Expect("""
        public async Task M()
        {
            using var owned = store.OwnedProxy<IModel>(new Model());
            var read = owned.Borrow();
            await Release(read.Value);
            Use({|PXS0103:read|}.Value);
        }
        """);

    [Fact]
    public Task A_borrow_used_after_it_was_sent_is_reported() => Expect("""
        public byte[] M()
        {
            using var owned = store.OwnedProxy<IModel>(new Model());
            var read = owned.Borrow();
            byte[] reference = ProxyReference.Serialize(read.Value);
            Use({|PXS0103:read|}.Value);
            return reference;
        }
        """);

    [Fact]
    public Task An_owner_used_after_its_value_was_put_in_a_store_is_reported() => Expect("""
        public StoreKey M()
        {
            var owned = store.OwnedProxy<IModel>(new Model());
            StoreKey key = store.Put(owned.Value);
            {|PXS0103:owned|}.Update();
            return key;
        }
        """);

    [Fact]
    public Task A_use_in_a_finally_after_the_try_disposed_on_every_path_is_reported() => Expect("""
        public void M()
        {
            var owned = store.OwnedProxy<IModel>(new Model());
            try
            {
                Console.WriteLine("work");
            }
            finally
            {
                owned.Dispose();
            }

            Use({|PXS0103:owned|}.Value);
        }
        """);
}
