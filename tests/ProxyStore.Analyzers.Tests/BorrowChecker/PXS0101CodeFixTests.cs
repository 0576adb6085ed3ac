using ProxyStore.Analyzers.CodeFixes;
using ProxyStore.Analyzers.Rules;

namespace ProxyStore.Analyzers.Tests.BorrowChecker;

/// <summary>PXS0101's fix, <see cref="AddUsingDeclarationCodeFix"/>: a <c>using</c> declaration where that keeps the code's meaning, nothing elsewhere.</summary>
public sealed class PXS0101CodeFixTests
{
    private static Task Fix(string before, string after) =>
        Verify.CodeFixAsync<BorrowCheckerAnalyzer, AddUsingDeclarationCodeFix>(BorrowSource.Members(before), BorrowSource.Members(after));

    [Fact]
    public Task An_owner_becomes_a_using_declaration() => Fix(
        """
            public void M()
            {
                // The model of this run.
                Owned<IModel> {|PXS0101:owned|} = store.OwnedProxy<IModel>(new Model());
                Use(owned.Value);
            }
        """,
        """
            public void M()
            {
                // The model of this run.
                using Owned<IModel> owned = store.OwnedProxy<IModel>(new Model());
                Use(owned.Value);
            }
        """);

    [Fact]
    public Task A_borrow_disposed_on_one_path_becomes_a_using_declaration() => Fix(
        """
            public async Task M()
            {
                using var owned = await store.OwnedProxyAsync<IModel>(new Model());
                var {|PXS0101:read|} = owned.Borrow();
                if (Check())
                {
                    read.Dispose();
                }
            }
        """,
        """
            public async Task M()
            {
                using var owned = await store.OwnedProxyAsync<IModel>(new Model());
                using var read = owned.Borrow();
                if (Check())
                {
                    read.Dispose();
                }
            }
        """);

    [Fact]
    public Task Top_level_statements_get_the_fix_too() =>
        Verify.CodeFixAsync<BorrowCheckerAnalyzer, AddUsingDeclarationCodeFix>(
            """
            using ProxyStore;
            using ProxyStore.Connectors;

            using var store = new Store("top", new LocalConnector(), register: true);
            var {|PXS0101:owned|} = store.OwnedProxy<System.Collections.Generic.IList<int>>(new System.Collections.Generic.List<int> { 1 });
            System.Console.WriteLine(owned.Value.Count);
            """,
            """
            using ProxyStore;
            using ProxyStore.Connectors;

            using var store = new Store("top", new LocalConnector(), register: true);
            using var owned = store.OwnedProxy<System.Collections.Generic.IList<int>>(new System.Collections.Generic.List<int> { 1 });
            System.Console.WriteLine(owned.Value.Count);
            """,
            Microsoft.CodeAnalysis.OutputKind.ConsoleApplication);

    [Fact]
    public Task No_fix_for_a_local_returned_on_another_path() => NoFix("""
            public Owned<IModel>? M()
            {
                var {|PXS0101:owned|} = store.OwnedProxy<IModel>(new Model());
                if (Check())
                {
                    return owned;
                }

                return null;
            }
        """);

    [Fact]
    public Task No_fix_for_a_local_assigned_again() => NoFix("""
            public void M()
            {
                var {|PXS0101:owned|} = store.OwnedProxy<IModel>(new Model());
                owned = store.OwnedProxy<IModel>(new Model());
                owned.Dispose();
            }
        """);

    [Fact]
    public Task No_fix_for_a_local_moved_on_one_path() => NoFix("""
            public void M()
            {
                var {|PXS0101:owned|} = store.OwnedProxy<IModel>(new Model());
                if (Check())
                {
                    Take(owned);
                }
            }
        """);

    [Fact]
    public Task No_fix_for_a_declaration_of_two_locals() => NoFix("""
            public void M()
            {
                Owned<IModel> {|PXS0101:a|} = store.OwnedProxy<IModel>(new Model()), {|PXS0101:b|} = store.OwnedProxy<IModel>(new Model());
                Use(a.Value);
                Use(b.Value);
            }
        """);

    private static Task NoFix(string members) => Fix(members, members);
}
