namespace ProxyStore.Package.Tests;

// Packs ProxyStore and ProxyStore.Extensions.Hosting, then builds and runs a program outside the
// repository that references the packages from a local folder feed, as a user's application would.
public sealed class PackageConsumerTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "proxystore-package-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
    }

    [Fact]
    public void A_program_referencing_the_packages_gets_generated_proxies_the_analyzers_right_metrics_and_a_silo()
    {
        // A version of its own, so no earlier package in the NuGet cache stands in for this one.
        string version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Guid.NewGuid().ToString("N")[..8]}";
        string feed = Path.Combine(_work, "feed");
        string consumer = Path.Combine(_work, "consumer");
        (int packExit, string packOutput) = DotnetCli.Run(
            RepositoryRoot.Path, "pack", "src/ProxyStore.Runtime", "-c", "Release", "-o", feed, $"-p:Version={version}");
        Assert.True(packExit == 0, packOutput);
        Assert.True(File.Exists(Path.Combine(feed, $"ProxyStore.{version}.nupkg")), packOutput);
        (int hostingPackExit, string hostingPackOutput) = DotnetCli.Run(
            RepositoryRoot.Path, "pack", "src/ProxyStore.Extensions.Hosting", "-c", "Release", "-o", feed, $"-p:Version={version}");
        Assert.True(hostingPackExit == 0, hostingPackOutput);
        Assert.True(File.Exists(Path.Combine(feed, $"ProxyStore.Extensions.Hosting.{version}.nupkg")), hostingPackOutput);
        (int orleansPackExit, string orleansPackOutput) = DotnetCli.Run(
            RepositoryRoot.Path, "pack", "src/ProxyStore.Orleans", "-c", "Release", "-o", feed, $"-p:Version={version}");
        Assert.True(orleansPackExit == 0, orleansPackOutput);
        Assert.True(File.Exists(Path.Combine(feed, $"ProxyStore.Orleans.{version}.nupkg")), orleansPackOutput);
        string orleansVersion = System.Text.RegularExpressions.Regex.Match(
            File.ReadAllText(Path.Combine(RepositoryRoot.Path, "Directory.Packages.props")),
            @"Include=""Microsoft\.Orleans\.Server"" Version=""(?<v>[^""]+)""").Groups["v"].Value;

        Directory.CreateDirectory(consumer);
        foreach (string file in new[] { "PackageConsumer.csproj", "Program.cs", "OrleansSilo.cs" })
        {
            File.Copy(Path.Combine(RepositoryRoot.Path, "tests", "PackageConsumer", file), Path.Combine(consumer, file));
        }

        // The local feed joins the machine's own package sources.
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="proxystore-local" value="{feed}" />
              </packageSources>
            </configuration>
            """);

        (int buildExit, string buildOutput) = DotnetCli.Run(consumer, "build", "-c", "Release", $"-p:ProxyStoreVersion={version}", $"-p:OrleansVersion={orleansVersion}");
        Assert.True(buildExit == 0, buildOutput);
        Assert.Contains("warning PXS0001", buildOutput);
        Assert.Contains("package-consumer-unregistered", buildOutput);
        Assert.DoesNotContain("error", buildOutput.Replace("0 Error(s)", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);

        (int runExit, string runOutput) = DotnetCli.Run(consumer, "run", "--no-build", "-c", "Release", $"-p:ProxyStoreVersion={version}", $"-p:OrleansVersion={orleansVersion}");
        Assert.True(runExit == 0, runOutput);
        Dictionary<string, string> printed = runOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(": ", 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1]);
        Assert.Equal("GreetingProxy", printed["proxy-type"]);
        Assert.Equal("False", printed["resolved-before-use"]);
        Assert.Equal("22", printed["length"]);
        Assert.Equal(
            "factory.call,factory.resolve,store.get,store.get.connector,store.get.deserialize,store.proxy,store.put,store.put.connector,store.put.serialize",
            printed["times"]);
        Assert.Equal("1", printed["factory-call-count"]);
        Assert.Equal("4", printed["unregistered-length"]);
        Assert.Equal("6", printed["hosted-length"]);
        Assert.Equal("GreetingProxy", printed["hosted-proxy-type"]);
        Assert.Equal("True", printed["hosted-registered"]);
        Assert.Equal("1", printed["hosted-factory-call-count"]);
        Assert.Equal("True", printed["hosted-disposed"]);
        Assert.Equal("started", printed["orleans-silo"]);
        Assert.Equal("False", printed["orleans-arrived-resolved"]);
        Assert.Equal("15", printed["orleans-length"]);
    }
}
