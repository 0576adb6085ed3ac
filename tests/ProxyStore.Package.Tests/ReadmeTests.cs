using System.Text.RegularExpressions;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ProxyStore.Tests.Shared;

namespace ProxyStore.Package.Tests;

// Every C# block of the README compiles against the runtime, the Redis package with
// StackExchange.Redis (and the hosting package with what a hosted service references),
// as a program of its own (or a library, when it declares types only) with the SDK's
// implicit usings.
public sealed partial class ReadmeTests
{
    public static TheoryData<int> Blocks
    {
        get
        {
            var data = new TheoryData<int>();
            for (int i = 0; i < ReadBlocks().Count; i++)
            {
                data.Add(i);
            }

            return data;
        }
    }

    [Fact]
    public void The_readme_has_csharp_blocks_and_exactly_two_setup_commands()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));

        Assert.True(ReadBlocks().Count >= 5, "the README should show its API in C# blocks");
        Match setup = Regex.Match(readme, @"## Set up.*?```sh\n(?<commands>.*?)```", RegexOptions.Singleline);
        Assert.True(setup.Success, "the README needs a Set up section with a sh block");
        string[] commands = setup.Groups["commands"].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, commands.Length);
        Assert.StartsWith("dotnet run --project samples/StoreMetrics", commands[0]);
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Each_csharp_block_compiles(int index)
    {
        string code = ReadBlocks()[index];
        CSharpParseOptions parse = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);
        SyntaxTree[] trees = [CSharpSyntaxTree.ParseText(code, parse), CSharpSyntaxTree.ParseText(SdkImplicitUsings.Source, parse)];
        bool isProgram = trees[0].GetCompilationUnitRoot().Members.Any(m => m is Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax);
        var compilation = CSharpCompilation.Create(
            $"ReadmeBlock{index}",
            trees,
            [.. Net100.References.All, MetadataReference.CreateFromFile(typeof(Store).Assembly.Location), MetadataReference.CreateFromFile(typeof(ProxyStore.Connectors.RedisConnector).Assembly.Location), MetadataReference.CreateFromFile(typeof(StackExchange.Redis.IConnectionMultiplexer).Assembly.Location), .. HostingReferences.All],
            new CSharpCompilationOptions(isProgram ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

        Assert.True(errors.Count == 0, $"README block {index} does not compile:\n{string.Join('\n', errors)}\n---\n{code}");
    }

    // The README's blocks, then those of every page under docs/ and CONTRIBUTING.md. The rule
    // pages (docs/rules/PXS*.md) show fragments that trigger their diagnostics, so they are not
    // complete programs; the analyzer tests check what those pages claim.
    private static List<string> ReadBlocks()
    {
        IEnumerable<string> pages = new[] { "README.md", "CONTRIBUTING.md" }.Select(p => Path.Combine(RepositoryRoot.Path, p))
            .Concat(Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "docs"), "*.md", SearchOption.AllDirectories)
                .Where(page => !Path.GetFileName(page).StartsWith("PXS", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal));
        return pages.SelectMany(page => CsharpBlock().Matches(File.ReadAllText(page).ReplaceLineEndings("\n")).Select(m => m.Groups["code"].Value)).ToList();
    }

    [GeneratedRegex(@"```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CsharpBlock();
}
