using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace ProxyStore.Analyzers.Tests.FixAll;

/// <summary>
/// Fix All in each scope, with the iteration counts pinned: one Fix All pass per document in
/// document scope, per project in project scope, and exactly one in solution scope. A code fix
/// whose Fix All leaves a diagnostic behind needs more passes and fails here; one without a Fix
/// All provider fails up front. The one-by-one fix is still checked by the testing package (its
/// default), so both paths must reach the same fixed code.
/// </summary>
internal static class FixAllVerifier
{
    /// <summary>Several diagnostics in one document, fixed by one Fix All in any scope.</summary>
    /// <param name="expected">Diagnostics the markup cannot state (additional locations, for one); usually none.</param>
    public static Task DocumentAsync<TAnalyzer, TCodeFix>(string source, string fixedSource, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new() =>
        SolutionAsync<TAnalyzer, TCodeFix>([[(source, fixedSource)]], expected);

    /// <summary>Diagnostics in several documents of one project: one Fix All in project (or solution) scope, one per document in document scope.</summary>
    public static Task ProjectAsync<TAnalyzer, TCodeFix>(params (string Source, string FixedSource)[] documents)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new() =>
        SolutionAsync<TAnalyzer, TCodeFix>([documents]);

    /// <summary>
    /// Diagnostics in the documents of several projects (each must have at least one): one Fix
    /// All in solution scope, one per project in project scope, one per document in document scope.
    /// </summary>
    /// <param name="projects">Each project's documents, before and after.</param>
    /// <param name="expected">Diagnostics the markup cannot state (additional locations, for one); usually none.</param>
    public static async Task SolutionAsync<TAnalyzer, TCodeFix>((string Source, string FixedSource)[][] projects, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        // The testing package skips its Fix All checks, silently, for a code fix without a Fix All provider.
        Assert.True(new TCodeFix().GetFixAllProvider() is not null, $"{typeof(TCodeFix).Name} has no Fix All provider.");

        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            // As in Verify: no reference-assembly package, nothing downloaded.
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
            NumberOfFixAllInDocumentIterations = projects.Sum(p => p.Length),
            NumberOfFixAllInProjectIterations = projects.Length,
            NumberOfFixAllIterations = 1,
        };
        test.ExpectedDiagnostics.AddRange(expected);

        for (int p = 0; p < projects.Length; p++)
        {
            // The first project is the test's own; the others are extra projects of the solution.
            ProjectState before = p == 0 ? test.TestState : test.TestState.AdditionalProjects[$"Project{p}"];
            ProjectState after = p == 0 ? test.FixedState : test.FixedState.AdditionalProjects[$"Project{p}"];
            for (int d = 0; d < projects[p].Length; d++)
            {
                before.Sources.Add(($"/{p}/Test{d}.cs", projects[p][d].Source));
                after.Sources.Add(($"/{p}/Test{d}.cs", projects[p][d].FixedSource));
            }

            before.AdditionalReferences.AddRange(Verify.References);
            after.AdditionalReferences.AddRange(Verify.References);
        }

        await test.RunAsync(CancellationToken.None);
    }
}
