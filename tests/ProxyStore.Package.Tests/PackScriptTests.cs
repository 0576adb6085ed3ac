using System.Text.RegularExpressions;

namespace ProxyStore.Package.Tests;

/// <summary>The pack command's version comes from git, so each commit (and each changed tree) packs under a version of its own.</summary>
public sealed partial class PackScriptTests
{
    [Fact]
    public void The_version_is_the_commit_count_and_the_commit_with_changes_marked()
    {
        (int exit, string output) = DotnetCli.RunProgram("bash", RepositoryRoot.Path, "scripts/pack.sh", "--print-version");
        (int countExit, string count) = DotnetCli.RunProgram("git", RepositoryRoot.Path, "rev-list", "--count", "HEAD");
        (int shaExit, string sha) = DotnetCli.RunProgram("git", RepositoryRoot.Path, "rev-parse", "--short=7", "HEAD");

        Assert.Equal(0, exit);
        Assert.Equal(0, countExit + shaExit);
        Match version = Version().Match(output.Trim());
        Assert.True(version.Success, $"not a git-derived version: '{output.Trim()}'");
        Assert.Equal(count.Trim(), version.Groups["height"].Value);
        Assert.Equal(sha.Trim(), version.Groups["sha"].Value);
    }

    [GeneratedRegex(@"^0\.1\.0-dev\.(?<height>[0-9]+)\.g(?<sha>[0-9a-f]{7})(\.dirty\.[0-9]{14})?$")]
    private static partial Regex Version();
}
