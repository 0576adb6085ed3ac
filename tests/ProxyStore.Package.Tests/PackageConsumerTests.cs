namespace ProxyStore.Package.Tests;

/// <summary>
/// Packs ProxyStore, ProxyStore.Redis, ProxyStore.Extensions.Hosting, ProxyStore.OpenTelemetry and ProxyStore.Orleans once
/// into a local folder feed, under a version of its own (so no earlier package in the NuGet cache
/// stands in for these), for the consumer programs the tests build from it.
/// </summary>
public sealed class PackedPackages : IDisposable
{
    public PackedPackages()
    {
        Version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Guid.NewGuid().ToString("N")[..8]}";
        Work = Path.Combine(Path.GetTempPath(), "proxystore-package-" + Guid.NewGuid().ToString("N"));
        Feed = Path.Combine(Work, "feed");
        // The pack command the README gives, with a version of the test's own.
        (int exit, string output) = DotnetCli.RunProgram("bash", RepositoryRoot.Path, "scripts/pack.sh", Feed, Version);
        PackOutput = output;
        foreach (string id in new[] { "ProxyStore", "ProxyStore.Redis", "ProxyStore.Extensions.Hosting", "ProxyStore.OpenTelemetry", "ProxyStore.Orleans" })
        {
            if (exit != 0 || !File.Exists(Path.Combine(Feed, $"{id}.{Version}.nupkg")))
            {
                PackFailure ??= $"scripts/pack.sh did not pack {id} (exit {exit}):\n{output}";
            }
        }
    }

    public string Version { get; }

    public string Work { get; }

    public string Feed { get; }

    public string PackOutput { get; }

    /// <summary>Why packing failed, or <see langword="null"/> when every package is in the feed.</summary>
    public string? PackFailure { get; }

    /// <summary>Copies a consumer folder under tests/ outside the repository, with a nuget.config naming the feed.</summary>
    public string CopyConsumer(string folder, params string[] files)
    {
        Assert.True(PackFailure is null, PackFailure);
        string consumer = Path.Combine(Work, folder);
        Directory.CreateDirectory(consumer);
        foreach (string file in files)
        {
            File.Copy(Path.Combine(RepositoryRoot.Path, "tests", folder, file), Path.Combine(consumer, file));
        }

        // The local feed joins the machine's own package sources.
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="proxystore-local" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        return consumer;
    }

    /// <summary>
    /// Copies the consumer folder <c>tests/{folder}</c> (a <c>{folder}.csproj</c> and its
    /// <c>Program.cs</c>) outside the repository and builds it against the packed packages into
    /// its <c>out</c> folder.
    /// </summary>
    public (string Consumer, string Output, string[] Files) BuildConsumer(string folder)
    {
        string consumer = CopyConsumer(folder, $"{folder}.csproj", "Program.cs");
        string output = Path.Combine(consumer, "out");
        (int buildExit, string buildOutput) = DotnetCli.Run(consumer, "build", "-c", "Release", "-o", output, $"-p:ProxyStoreVersion={Version}");
        Assert.True(buildExit == 0, buildOutput);
        return (consumer, output, [.. Directory.GetFiles(output).Select(file => Path.GetFileName(file))]);
    }

    /// <summary>Runs a consumer that <see cref="BuildConsumer"/> built, and returns what it printed (<see cref="Printed"/>).</summary>
    public static Dictionary<string, string> RunConsumer(string consumer, string output, string folder, params string[] arguments)
    {
        (int runExit, string runOutput) = DotnetCli.Run(consumer, ["exec", Path.Combine(output, $"{folder}.dll"), .. arguments]);
        Assert.True(runExit == 0, runOutput);
        return Printed(runOutput);
    }

    /// <summary>The <c>name: value</c> lines a consumer program printed.</summary>
    public static Dictionary<string, string> Printed(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(": ", 2))
            .Where(parts => parts.Length == 2)
            .GroupBy(parts => parts[0])
            .ToDictionary(group => group.Key, group => group.Last()[1]);

    public void Dispose()
    {
        if (Directory.Exists(Work))
        {
            Directory.Delete(Work, recursive: true);
        }
    }
}

// Builds and runs programs outside the repository that reference the packages from a local folder
// feed, as a user's application would.
public sealed class PackageConsumerTests(PackedPackages packages) : IClassFixture<PackedPackages>
{
    [Fact]
    public void A_program_referencing_the_packages_gets_generated_proxies_the_analyzers_right_metrics_and_a_silo()
    {
        string version = packages.Version;
        string orleansVersion = System.Text.RegularExpressions.Regex.Match(
            File.ReadAllText(Path.Combine(RepositoryRoot.Path, "Directory.Packages.props")),
            @"Include=""Microsoft\.Orleans\.Server"" Version=""(?<v>[^""]+)""").Groups["v"].Value;

        string consumer = packages.CopyConsumer("PackageConsumer", "PackageConsumer.csproj", "Program.cs", "OrleansSilo.cs");

        (int buildExit, string buildOutput) = DotnetCli.Run(consumer, "build", "-c", "Release", $"-p:ProxyStoreVersion={version}", $"-p:OrleansVersion={orleansVersion}");
        Assert.True(buildExit == 0, buildOutput);
        Assert.Contains("warning PXS0001", buildOutput);
        Assert.Contains("package-consumer-unregistered", buildOutput);
        Assert.DoesNotContain("error", buildOutput.Replace("0 Error(s)", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);

        (int runExit, string runOutput) = DotnetCli.Run(consumer, "run", "--no-build", "-c", "Release", $"-p:ProxyStoreVersion={version}", $"-p:OrleansVersion={orleansVersion}");
        Assert.True(runExit == 0, runOutput);
        Dictionary<string, string> printed = PackedPackages.Printed(runOutput);
        Assert.Equal("GreetingProxy", printed["proxy-type"]);
        Assert.Equal("False", printed["resolved-before-use"]);
        Assert.Equal("22", printed["length"]);
        Assert.Equal(
            "factory.call,factory.resolve,store.get,store.get.connector,store.get.deserialize,store.proxy,store.put,store.put.connector,store.put.serialize",
            printed["times"]);
        Assert.Equal("1", printed["factory-call-count"]);
        Assert.Equal("4", printed["unregistered-length"]);
        Assert.Equal("store.get,store.put", printed["spans"]);
        Assert.Equal("6", printed["hosted-length"]);
        Assert.Equal("GreetingProxy", printed["hosted-proxy-type"]);
        Assert.Equal("True", printed["hosted-registered"]);
        Assert.Equal("1", printed["hosted-factory-call-count"]);
        Assert.Equal("True", printed["hosted-disposed"]);
        Assert.Equal("started", printed["orleans-silo"]);
        Assert.Equal("False", printed["orleans-arrived-resolved"]);
        Assert.Equal("15", printed["orleans-length"]);
    }

    [Fact]
    public void A_file_only_program_referencing_ProxyStore_alone_has_no_Redis_assemblies()
    {
        (string consumer, string output, string[] files) = packages.BuildConsumer("PackageConsumer.FileOnly");

        // Neither in the output folder nor in the dependency list the host reads.
        Assert.Contains("ProxyStore.Runtime.dll", files);
        Assert.DoesNotContain(files, file => file.StartsWith("StackExchange.Redis", StringComparison.OrdinalIgnoreCase)
            || file.StartsWith("RESPite", StringComparison.OrdinalIgnoreCase)
            || file.StartsWith("ProxyStore.Redis", StringComparison.OrdinalIgnoreCase));
        string deps = File.ReadAllText(Path.Combine(output, "PackageConsumer.FileOnly.deps.json"));
        Assert.Contains($"ProxyStore/{packages.Version}", deps);
        Assert.DoesNotContain("StackExchange.Redis", deps, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("RESPite", deps, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("ProxyStore.Redis", deps, StringComparison.OrdinalIgnoreCase);

        Dictionary<string, string> printed = PackedPackages.RunConsumer(consumer, output, "PackageConsumer.FileOnly");
        Assert.Equal("stored in a file", printed["file-get"]);
        Assert.Equal("True", printed["directory-cleared"]);
        Assert.Contains("Add a reference to the ProxyStore.Redis package", printed["redis-kind-error"]);
        Assert.Equal("0", printed["redis-assemblies-loaded"]);
    }

    [Fact]
    public void A_hosted_program_referencing_the_hosting_package_alone_has_neither_Redis_nor_OpenTelemetry_and_a_Redis_store_names_the_package()
    {
        (string consumer, string output, string[] files) = packages.BuildConsumer("PackageConsumer.Hosting");

        Assert.Contains("ProxyStore.Extensions.Hosting.dll", files);
        string deps = File.ReadAllText(Path.Combine(output, "PackageConsumer.Hosting.deps.json"));
        Assert.Contains($"ProxyStore.Extensions.Hosting/{packages.Version}", deps);
        foreach (string absent in new[] { "StackExchange.Redis", "RESPite", "ProxyStore.Redis", "OpenTelemetry" })
        {
            Assert.DoesNotContain(absent, deps, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(files, file => file.StartsWith(absent, StringComparison.OrdinalIgnoreCase));
        }

        Dictionary<string, string> printed = PackedPackages.RunConsumer(consumer, output, "PackageConsumer.Hosting");
        Assert.Equal("stored by a hosted store", printed["hosted-get"]);
        Assert.Equal("True", printed["directory-cleared"]);
        Assert.StartsWith("ProxyStore:Stores:shared:Connector:Kind: ", printed["redis-store-error"]);
        Assert.Contains("Add a reference to the ProxyStore.Redis package", printed["redis-store-error"]);
        Assert.Equal("0", printed["redis-assemblies-loaded"]);
    }

    [Fact]
    public void A_program_referencing_ProxyStore_Redis_recreates_the_redis_kind_from_a_config_before_touching_a_Redis_type()
    {
        (string consumer, string output, string[] files) = packages.BuildConsumer("PackageConsumer.Redis");
        Assert.Contains("ProxyStore.Redis.dll", files);
        Assert.Contains("StackExchange.Redis.dll", files);

        // The test Redis server when one is named; otherwise a port where nothing listens.
        string? server = Environment.GetEnvironmentVariable("PROXYSTORE_TEST_REDIS") is { Length: > 0 } value ? value : null;
        Dictionary<string, string> printed = PackedPackages.RunConsumer(consumer, output, "PackageConsumer.Redis", server is null ? [] : [server]);
        Assert.Equal("False", printed["redis-loaded-before"]);
        if (server is null)
        {
            // The kind was known (the package's assembly loaded and registered it): the connect failed, not the lookup.
            Assert.Equal("RedisConnectorException", printed["kind-error-type"]);
        }
        else
        {
            Assert.Equal("RedisConnector", printed["kind-created"]);
            Assert.Equal("stored in redis", printed["redis-get"]);
            Assert.Equal("True", printed["redis-evicted"]);
        }

        Assert.Equal("package-consumer:", printed["options-prefix"]);
        Assert.Equal("6379", printed["default-port"]);
        Assert.Equal("ProxyStore.Streams.RedisPublisher", printed["publisher-type"]);
    }
}
