using System.Reflection;
using Microsoft.CodeAnalysis;

namespace ProxyStore.Analyzers.Tests;

public class RuleDocumentationTests
{
    private static readonly string[] ExpectedIds = ["PXS0001", "PXS0002", "PXS0003", "PXS0004", "PXS0005", "PXS0006", "PXS0101", "PXS0102", "PXS0103", "PXS0104"];

    // The borrow checker's rules are read off one dataflow, so one analyzer reports all four.
    private static readonly string[] BorrowCheckerIds = ["PXS0101", "PXS0102", "PXS0103", "PXS0104"];

    private static IEnumerable<DiagnosticDescriptor> Descriptors =>
        AllAnalyzers.Analyzers.SelectMany(a => a.SupportedDiagnostics);

    [Fact]
    public void Each_analyzer_implements_exactly_one_rule_but_the_borrow_checker_and_together_they_implement_all()
    {
        Assert.All(
            AllAnalyzers.Analyzers.Where(a => a is not Rules.BorrowCheckerAnalyzer),
            a => Assert.Single(a.SupportedDiagnostics));
        Assert.Equal(BorrowCheckerIds, AllAnalyzers.Analyzers.OfType<Rules.BorrowCheckerAnalyzer>().Single().SupportedDiagnostics.Select(d => d.Id));
        Assert.Equal(ExpectedIds, Descriptors.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal));
    }

    [Fact]
    public void Every_descriptor_is_declared_in_DiagnosticDescriptors()
    {
        DiagnosticDescriptor[] declared = [.. typeof(DiagnosticDescriptors)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)];

        Assert.Equal(ExpectedIds, declared.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal));
        Assert.All(Descriptors, d => Assert.Contains(d, declared));
    }

    [Fact]
    public void Every_help_link_points_to_a_rule_page_that_exists_in_the_repository()
    {
        Assert.All(Descriptors, descriptor =>
        {
            string id = descriptor.Id;
            Assert.StartsWith("https://", descriptor.HelpLinkUri, StringComparison.Ordinal);
            Assert.EndsWith($"docs/rules/{id}.md", descriptor.HelpLinkUri, StringComparison.Ordinal);

            string page = Path.Combine(RepositoryRoot.Path, "docs", "rules", id + ".md");
            Assert.True(File.Exists(page), $"{id}'s help link {descriptor.HelpLinkUri} has no page at {page}.");
        });
    }

    [Fact]
    public void Every_rule_page_has_its_title_an_example_a_fix_and_both_ways_to_suppress_it()
    {
        Assert.All(Descriptors, descriptor =>
        {
            string id = descriptor.Id;
            string page = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "rules", id + ".md"));

            Assert.StartsWith($"# {id}: ", page, StringComparison.Ordinal);
            Assert.Contains("## What it finds", page, StringComparison.Ordinal);
            Assert.Contains("## Why it matters", page, StringComparison.Ordinal);
            Assert.Contains("```csharp", page, StringComparison.Ordinal);
            Assert.Contains("## How to fix", page, StringComparison.Ordinal);
            Assert.Contains($"#pragma warning disable {id}", page, StringComparison.Ordinal);
            Assert.Contains($"dotnet_diagnostic.{id}.severity = none", page, StringComparison.Ordinal);
            Assert.Contains($"| Severity | {descriptor.DefaultSeverity} |", page, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void PXS0001_page_carries_the_guides_registration_warning()
    {
        string page = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "rules", "PXS0001.md"));

        Assert.Contains("register=True", page, StringComparison.Ordinal);
        Assert.Contains("second", page, StringComparison.Ordinal);
        Assert.Contains("register: true", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_rule_is_listed_in_the_release_tracking_files_with_its_category_and_severity()
    {
        string folder = Path.Combine(RepositoryRoot.Path, "src", "ProxyStore.Analyzers");
        string[] lines = [.. File.ReadAllLines(Path.Combine(folder, "AnalyzerReleases.Shipped.md")), .. File.ReadAllLines(Path.Combine(folder, "AnalyzerReleases.Unshipped.md"))];

        Assert.All(Descriptors, descriptor =>
        {
            string[] row = lines.Single(l => l.StartsWith(descriptor.Id + " ", StringComparison.Ordinal)).Split('|').Select(c => c.Trim()).ToArray();
            Assert.Equal(descriptor.Category, row[1]);
            Assert.Equal(descriptor.DefaultSeverity.ToString(), row[2]);
        });
    }

    [Fact]
    public void Every_code_fix_fixes_a_known_rule()
    {
        Assert.Equal(5, AllAnalyzers.CodeFixes.Length);
        Assert.All(AllAnalyzers.CodeFixes, fix => Assert.All(fix.FixableDiagnosticIds, id => Assert.Contains(id, ExpectedIds)));
        Assert.Equal(
            ["PXS0001", "PXS0003", "PXS0004", "PXS0006", "PXS0101"],
            AllAnalyzers.CodeFixes.SelectMany(f => f.FixableDiagnosticIds).OrderBy(id => id, StringComparer.Ordinal));
    }
}
