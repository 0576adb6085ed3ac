using ProxyStore.Analyzers.Rules;

namespace ProxyStore.Analyzers.Tests.BorrowChecker;

/// <summary>PXS0102: a mutable borrow beside another borrow of the same owner.</summary>
public sealed class PXS0102ConflictingBorrowTests
{
    private static Task Expect(string members) => Verify.AnalyzerAsync<BorrowCheckerAnalyzer>(BorrowSource.Members(members));

    [Fact]
    public Task A_mutable_borrow_beside_a_shared_one_is_reported() => Expect("""
        public void M()
        {
            using var owned = store.OwnedProxy<IModel>(new Model());
            using var read = owned.Borrow();
            using var write = {|PXS0102:owned.MutBorrow()|};
        }
        """);

    [Fact]
    public Task A_shared_borrow_beside_a_mutable_one_is_reported() => Expect("""
        public void M()
        {
            using var owned = store.OwnedProxy<IModel>(new Model());
            using (var write = owned.MutBorrow())
            {
                using var read = {|PXS0102:Ownership.Borrow(owned.Value)|};
                Use(read.Value);
            }
        }
        """);

    [Fact]
    public Task Two_mutable_borrows_are_reported() => Expect("""
        public static void M(Owned<IModel> owned)
        {
            var first = owned.MutBorrow();
            var second = {|PXS0102:owned.MutBorrow()|};
            second.Dispose();
            first.Dispose();
        }
        """);

    [Fact]
    public Task A_borrow_alive_on_every_path_into_a_branch_is_reported() => Expect("""
        public void M()
        {
            using var owned = store.OwnedProxy<IModel>(new Model());
            using var read = Check() ? owned.Borrow() : owned.Borrow();
            if (Check())
            {
                using var write = {|PXS0102:owned.MutBorrow()|};
            }
        }
        """);

    [Fact]
    public Task A_borrow_in_a_using_statement_held_only_by_the_compiler_is_reported() => Expect("""
        public void M()
        {
            using var owned = store.OwnedProxy<IModel>(new Model());
            using (owned.MutBorrow())
            {
                using var read = {|PXS0102:owned.Borrow()|};
            }
        }
        """);

    [Fact]
    public Task Borrows_in_a_lambda_are_checked_in_the_lambda() => Expect("""
        public void M()
        {
            using var owned = store.OwnedProxy<IModel>(new Model());
            Action work = () =>
            {
                using var read = owned.Borrow();
                using var write = {|PXS0102:owned.MutBorrow()|};
            };
            work();
        }
        """);
}
