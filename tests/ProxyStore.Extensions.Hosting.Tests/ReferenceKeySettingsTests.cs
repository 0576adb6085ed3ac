using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ProxyStore.Extensions.Hosting.Tests.Support;

namespace ProxyStore.Extensions.Hosting.Tests;

/// <summary>
/// A reference key in configuration that cannot be used fails the start, naming its setting and
/// never the secret. (A valid key would be held by this whole test process and make it refuse
/// every unsigned reference, so accepted keys are tested in child processes by the runtime tests.)
/// </summary>
public sealed class ReferenceKeySettingsTests
{
    [Fact]
    public async Task A_key_that_is_too_short_is_refused_without_being_repeated()
    {
        string secret = Convert.ToBase64String(Guid.NewGuid().ToByteArray());

        ProxyStoreConfigurationException error = await StartFailing(new() { ["ProxyStore:ReferenceKey"] = secret }, out CapturingLoggerProvider logs);

        Assert.StartsWith("ProxyStore:ReferenceKey: A reference key needs at least 32 bytes", Assert.Single(error.Problems));
        Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, logs.AllText, StringComparison.Ordinal);
        Assert.False(ReferenceKeys.Enabled);
    }

    [Fact]
    public async Task Both_key_settings_or_an_unset_variable_are_refused_naming_the_setting()
    {
        string variable = "PXS_HOSTING_TEST_KEY_" + Guid.NewGuid().ToString("N");
        string secret = ReferenceKey.Generate().ToBase64();

        ProxyStoreConfigurationException both = await StartFailing(new() { ["ProxyStore:ReferenceKey"] = secret, ["ProxyStore:ReferenceKeyEnvironmentVariable"] = variable }, out _);
        ProxyStoreConfigurationException unset = await StartFailing(new() { ["ProxyStore:ReferenceKeyEnvironmentVariable"] = variable }, out _);

        Assert.StartsWith("ProxyStore:ReferenceKey: set either ReferenceKey or ReferenceKeyEnvironmentVariable", Assert.Single(both.Problems));
        Assert.DoesNotContain(secret, both.ToString(), StringComparison.Ordinal);
        Assert.Equal($"ProxyStore:ReferenceKeyEnvironmentVariable: the environment variable '{variable}' is not set.", Assert.Single(unset.Problems));
        Assert.False(ReferenceKeys.Enabled);
    }

    private static Task<ProxyStoreConfigurationException> StartFailing(Dictionary<string, string?> settings, out CapturingLoggerProvider logs)
    {
        logs = new CapturingLoggerProvider();
        settings[$"ProxyStore:Stores:{TestHost.Name("keyed")}:Connector:Kind"] = "Local";
        HostApplicationBuilder builder = TestHost.Builder(settings, logs);
        builder.Services.AddProxyStore(builder.Configuration.GetSection("ProxyStore"));
        IHost host = builder.Build();
        return StartAsync(host);
    }

    private static async Task<ProxyStoreConfigurationException> StartAsync(IHost host)
    {
        using (host)
        {
            return await Assert.ThrowsAsync<ProxyStoreConfigurationException>(() => host.StartAsync());
        }
    }
}
