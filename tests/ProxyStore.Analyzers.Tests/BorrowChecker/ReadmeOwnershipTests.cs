using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ProxyStore.Analyzers.Rules;
using ProxyStore.Tests.Shared;

namespace ProxyStore.Analyzers.Tests.BorrowChecker;

/// <summary>The C# blocks of docs/ownership.md that handle owners and borrows are clean under the borrow checker, as the page tells readers to write them.</summary>
public sealed partial class ReadmeOwnershipTests
{
    [Fact]
    public async Task Ownership_blocks_of_the_docs_have_no_borrow_checker_diagnostics()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "ownership.md"));
        string[] blocks = [.. CsharpBlock().Matches(readme).Select(m => m.Groups["code"].Value).Where(code => code.Contains("Owned<", StringComparison.Ordinal))];
        Assert.NotEmpty(blocks);

        foreach (string block in blocks)
        {
            var parse = new CSharpParseOptions(LanguageVersion.Latest);
            SyntaxTree tree = CSharpSyntaxTree.ParseText(block, parse);
            bool program = tree.GetCompilationUnitRoot().Members.Any(m => m is Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax);
            CSharpCompilation compilation = CSharpCompilation.Create(
                "Readme",
                [tree, CSharpSyntaxTree.ParseText(SdkImplicitUsings.Source, parse)],
                Verify.References,
                new CSharpCompilationOptions(program ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary));
            ImmutableArray<Diagnostic> diagnostics = await compilation.WithAnalyzers([new BorrowCheckerAnalyzer()]).GetAllDiagnosticsAsync(CancellationToken.None);

            Diagnostic[] found = [.. diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error || d.Id.StartsWith("PXS01", StringComparison.Ordinal))];
            Assert.True(found.Length == 0, $"docs/ownership.md block:\n{block}\n{string.Join('\n', found.Select(d => d.ToString()))}");
        }
    }

    [GeneratedRegex(@"```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CsharpBlock();
}
