using ProxyStore.Analyzers.Rules;

namespace ProxyStore.Analyzers.Tests.BorrowChecker;

/// <summary>PXS0104: an owner disposed while a borrow of it is alive.</summary>
public sealed class PXS0104OwnerDisposedWhileBorrowedTests
{
    private static Task Expect(string members) => Verify.AnalyzerAsync<BorrowCheckerAnalyzer>(BorrowSource.Members(members));

    [Fact]
    public Task An_explicit_dispose_while_a_borrow_is_alive_is_reported() => Expect("""
        public void M()
        {
            var owned = store.OwnedProxy<IModel>(new Model());
            using var read = owned.Borrow();
            {|PXS0104:owned.Dispose()|};
        }
        """);

    [Fact]
    public Task A_using_that_ends_while_a_borrow_is_alive_is_reported() => Expect("""
        public void M()
        {
            {|PXS0104:using|} var owned = store.OwnedProxy<IModel>(new Model());
            var {|PXS0101:write|} = owned.MutBorrow();
            write.Update();
        }
        """);

    [Fact]
    public Task An_async_dispose_of_a_parameter_while_borrowed_is_reported() => Expect("""
        public static async Task M(Owned<IModel> owned)
        {
            var write = owned.MutBorrow();
            await {|PXS0104:owned.DisposeAsync()|};
            write.Dispose();
        }
        """);

    [Fact]
    public Task A_dispose_after_the_borrow_was_released_on_one_path_only_is_not_reported() => Expect("""
        public void M()
        {
            var owned = store.OwnedProxy<IModel>(new Model());
            var read = owned.Borrow();
            if (Check())
            {
                read.Dispose();
            }
            else
            {
                lent = read;
            }

            owned.Dispose();
        }
        """);
}
