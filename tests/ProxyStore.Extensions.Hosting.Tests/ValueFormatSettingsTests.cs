using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ProxyStore.Extensions.Hosting.Tests.Support;
using ProxyStore.Tests.Redis;
using ProxyStore.Tests.Support;

namespace ProxyStore.Extensions.Hosting.Tests;

/// <summary>A configured connector's <c>ValueFormat</c>: stores that share their medium with Python ProxyStore.</summary>
public sealed class ValueFormatSettingsTests
{
    [Fact]
    public async Task File_and_Redis_stores_configured_in_Pythons_format_write_Pythons_values()
    {
        using var temp = new TempDirectory();
        string file = TestHost.Name("py-file");
        string redis = TestHost.Name("py-redis");
        HostApplicationBuilder builder = TestHost.Builder(
            new Dictionary<string, string?>
            {
                [$"ProxyStore:Stores:{file}:Connector:Kind"] = "File",
                [$"ProxyStore:Stores:{file}:Connector:Directory"] = temp.Sub("shared"),
                [$"ProxyStore:Stores:{file}:Connector:ValueFormat"] = "python",
                [$"ProxyStore:Stores:{redis}:Connector:Kind"] = "Redis",
                [$"ProxyStore:Stores:{redis}:Connector:Host"] = RedisTestServer.Host,
                [$"ProxyStore:Stores:{redis}:Connector:Port"] = RedisTestServer.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                [$"ProxyStore:Stores:{redis}:Connector:ValueFormat"] = "Python",
            },
            new CapturingLoggerProvider());
        builder.Services.AddProxyStore(builder.Configuration.GetSection("ProxyStore"));
        using IHost host = builder.Build();
        await host.StartAsync();

        Store files = host.Services.GetRequiredKeyedService<Store>(file);
        Store shared = host.Services.GetRequiredKeyedService<Store>(redis);
        StoreKey fileKey = files.Put("for python");
        StoreKey redisKey = shared.Put("for python too");

        Assert.Equal((ValueFormat.Python, ValueFormat.Python), (files.ValueFormat, shared.ValueFormat));
        Assert.Equal("US\nfor python"u8.ToArray(), File.ReadAllBytes(Path.Combine(temp.Sub("shared"), fileKey.Id)));
        Assert.True(File.Exists(Path.Combine(temp.Sub("shared"), fileKey.Id + ".ready")));
        Assert.Equal("US\nfor python too"u8.ToArray(), (byte[])RedisTestServer.Raw().StringGet(redisKey.Id)!);
        shared.Evict(redisKey);
        await host.StopAsync();
    }

    [Fact]
    public async Task An_unknown_value_format_fails_the_start_naming_its_key()
    {
        using var temp = new TempDirectory();
        string name = TestHost.Name("bad-format");
        HostApplicationBuilder builder = TestHost.Builder(
            new Dictionary<string, string?>
            {
                [$"ProxyStore:Stores:{name}:Connector:Kind"] = "File",
                [$"ProxyStore:Stores:{name}:Connector:Directory"] = temp.Sub("d"),
                [$"ProxyStore:Stores:{name}:Connector:ValueFormat"] = "Pickle",
            },
            new CapturingLoggerProvider());
        builder.Services.AddProxyStore(builder.Configuration.GetSection("ProxyStore"));
        using IHost host = builder.Build();

        var error = await Assert.ThrowsAsync<ProxyStoreConfigurationException>(() => host.StartAsync());

        Assert.StartsWith($"ProxyStore:Stores:{name}:Connector:ValueFormat: 'Pickle' is not a value format", Assert.Single(error.Problems));
    }
}
