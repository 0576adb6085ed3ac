using System.Text.RegularExpressions;

namespace ProxyStore.Orleans.Tests;

/// <summary>
/// The blocks of docs/orleans.md are the files under Readme/, which this project compiles
/// (ProxyStore.Package.Tests' README compiler cannot reference Orleans: Orleans' runtime needs
/// Microsoft.CodeAnalysis 5, that test compiles with 4.14).
/// </summary>
public sealed partial class ReadmeBlocksTests
{
    [Fact]
    public void Every_cs_block_of_the_Orleans_page_is_a_compiled_file_of_this_project()
    {
        string root = RepositoryRoot();
        string section = File.ReadAllText(Path.Combine(root, "docs", "orleans.md")).ReplaceLineEndings("\n");
        string[] blocks = [.. CsBlock().Matches(section).Select(m => m.Groups["code"].Value)];
        string[] files = [.. Directory.GetFiles(Path.Combine(root, "tests", "ProxyStore.Orleans.Tests", "Readme"), "*.cs")
            .Order(StringComparer.Ordinal)
            .Select(f => File.ReadAllText(f).ReplaceLineEndings("\n"))];

        Assert.Equal(3, blocks.Length);
        Assert.Equal(blocks.Order(StringComparer.Ordinal), files.Order(StringComparer.Ordinal));
    }

    private static string RepositoryRoot()
    {
        for (string? folder = AppContext.BaseDirectory; folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (File.Exists(Path.Combine(folder, "ProxyStore.sln")))
            {
                return folder;
            }
        }

        throw new InvalidOperationException($"No ProxyStore.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"```cs\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CsBlock();
}
