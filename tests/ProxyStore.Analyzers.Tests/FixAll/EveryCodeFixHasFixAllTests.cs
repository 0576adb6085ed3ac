using Microsoft.CodeAnalysis.CodeFixes;

namespace ProxyStore.Analyzers.Tests.FixAll;

/// <summary>
/// Every shipped code fix offers Fix All in document, project and solution scope, and has a Fix
/// All test class here (<c>&lt;fix name without "CodeFix"&gt;FixAllTests</c>), so a new code fix
/// cannot be added without one.
/// </summary>
public sealed class EveryCodeFixHasFixAllTests
{
    public static TheoryData<string> CodeFixNames { get; } = [.. AllAnalyzers.CodeFixes.Select(f => f.GetType().Name)];

    [Theory]
    [MemberData(nameof(CodeFixNames))]
    public void Offers_fix_all_in_every_scope(string codeFixName)
    {
        CodeFixProvider fix = AllAnalyzers.CodeFixes.Single(f => f.GetType().Name == codeFixName);
        FixAllProvider? provider = fix.GetFixAllProvider();

        Assert.NotNull(provider);
        Assert.Contains(FixAllScope.Document, provider.GetSupportedFixAllScopes());
        Assert.Contains(FixAllScope.Project, provider.GetSupportedFixAllScopes());
        Assert.Contains(FixAllScope.Solution, provider.GetSupportedFixAllScopes());
    }

    [Theory]
    [MemberData(nameof(CodeFixNames))]
    public void Has_a_fix_all_test_class(string codeFixName)
    {
        string testClass = $"{typeof(EveryCodeFixHasFixAllTests).Namespace}.{codeFixName.Replace("CodeFix", "", StringComparison.Ordinal)}FixAllTests";

        Assert.True(typeof(EveryCodeFixHasFixAllTests).Assembly.GetType(testClass) is not null, $"{codeFixName} has no Fix All tests: add {testClass}.");
    }
}
