using ProxyStore.Analyzers.CodeFixes;
using ProxyStore.Analyzers.Rules;
using ProxyStore.Analyzers.Tests.BorrowChecker;

namespace ProxyStore.Analyzers.Tests.FixAll;

/// <summary>PXS0101's fix, <see cref="AddUsingDeclarationCodeFix"/>, applied by Fix All in document, project and solution scope.</summary>
public sealed class AddUsingDeclarationFixAllTests
{
    [Fact]
    public Task Fixes_every_local_of_a_document_in_one_pass() =>
        FixAllVerifier.DocumentAsync<BorrowCheckerAnalyzer, AddUsingDeclarationCodeFix>(Before(), After());

    [Fact]
    public Task Fixes_the_locals_of_every_document_of_a_project() =>
        FixAllVerifier.ProjectAsync<BorrowCheckerAnalyzer, AddUsingDeclarationCodeFix>(
            (Before(), After()),
            (Before("Second", declareModel: false), After("Second", declareModel: false)));

    [Fact]
    public Task Fixes_the_locals_of_every_project_of_a_solution() =>
        FixAllVerifier.SolutionAsync<BorrowCheckerAnalyzer, AddUsingDeclarationCodeFix>(
        [
            [(Before(), After())],
            [(Before("Second"), After("Second")), (Before("Third", declareModel: false), After("Third", declareModel: false))],
        ]);

    /// <summary>An owner and a borrow never disposed: two PXS0101 with the fix (the cases without it are in PXS0101CodeFixTests).</summary>
    private static string Before(string suffix = "", bool declareModel = true) => BorrowSource.Members($$"""
            public void M{{suffix}}()
            {
                var {|PXS0101:owned|} = store.OwnedProxy<IModel>(new Model());
                Borrowed<IModel> {|PXS0101:read|} = owned.Borrow();
                Use(read.Value);
            }
        """, "Work" + suffix, declareModel);

    private static string After(string suffix = "", bool declareModel = true) => BorrowSource.Members($$"""
            public void M{{suffix}}()
            {
                using var owned = store.OwnedProxy<IModel>(new Model());
                using Borrowed<IModel> read = owned.Borrow();
                Use(read.Value);
            }
        """, "Work" + suffix, declareModel);
}
