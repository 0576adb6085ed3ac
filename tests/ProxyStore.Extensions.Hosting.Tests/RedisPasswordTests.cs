using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ProxyStore.Extensions.Hosting.Tests.Support;
using ProxyStore.Tests.Redis;

namespace ProxyStore.Extensions.Hosting.Tests;

/// <summary>
/// Redis passwords from configuration or from the environment, against a private redis-server
/// that requires one: they work, and never show in a log line or an exception message.
/// </summary>
public sealed class RedisPasswordTests : IDisposable
{
    private readonly string _password = "pw-" + Guid.NewGuid().ToString("N");
    private readonly RedisServerProcess _server;

    public RedisPasswordTests()
    {
        _server = RedisServerProcess.Start("--requirepass", _password);
    }

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task A_password_from_configuration_connects_and_is_never_logged()
    {
        string name = TestHost.Name("secret-config");
        var logs = new CapturingLoggerProvider();
        HostApplicationBuilder builder = TestHost.Builder(Settings(name, ("Password", _password)), logs);
        builder.Services.AddProxyStore(builder.Configuration.GetSection("ProxyStore"));
        using IHost host = builder.Build();
        await host.StartAsync();

        Store store = host.Services.GetRequiredKeyedService<Store>(name);
        Assert.Equal("through a password", store.Get<string>(store.Put("through a password")));
        await host.StopAsync();

        Assert.Contains(logs.Entries, e => e.Message.Contains(name, StringComparison.Ordinal));
        Assert.DoesNotContain(_password, logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_from_an_environment_variable_connects_and_is_never_logged()
    {
        string name = TestHost.Name("secret-env");
        string variable = "PROXYSTORE_HOSTING_TEST_PASSWORD_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, _password);
        try
        {
            var logs = new CapturingLoggerProvider();
            HostApplicationBuilder builder = TestHost.Builder(Settings(name, ("PasswordEnvironmentVariable", variable)), logs);
            builder.Services.AddProxyStore(builder.Configuration.GetSection("ProxyStore"));
            using IHost host = builder.Build();
            await host.StartAsync();

            Store store = host.Services.GetRequiredKeyedService<Store>(name);
            Assert.Equal(7, store.Get<int>(store.Put(7)));
            Assert.DoesNotContain(_password, store.ToString(), StringComparison.Ordinal);
            await host.StopAsync();

            Assert.DoesNotContain(_password, logs.AllText, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task A_wrong_password_fails_the_start_without_showing_it()
    {
        string name = TestHost.Name("secret-wrong");
        string wrong = "wrong-" + Guid.NewGuid().ToString("N");
        var logs = new CapturingLoggerProvider();
        HostApplicationBuilder builder = TestHost.Builder(Settings(name, ("Password", wrong)), logs);
        builder.Services.AddProxyStore(builder.Configuration.GetSection("ProxyStore"));
        using IHost host = builder.Build();

        var error = await Assert.ThrowsAsync<ProxyStoreConfigurationException>(() => host.StartAsync());

        Assert.Contains($"ProxyStore:Stores:{name}", error.Message);
        Assert.DoesNotContain(wrong, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, logs.AllText, StringComparison.Ordinal);
        Assert.Contains(logs.Entries, e => e.Exception is not null && e.Message.Contains(name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Both_password_settings_at_once_are_refused_naming_the_key_and_not_the_password()
    {
        string name = TestHost.Name("secret-both");
        var settings = Settings(name, ("Password", _password));
        settings[$"ProxyStore:Stores:{name}:Connector:PasswordEnvironmentVariable"] = "SOME_VARIABLE";
        HostApplicationBuilder builder = TestHost.Builder(settings, new CapturingLoggerProvider());
        builder.Services.AddProxyStore(builder.Configuration.GetSection("ProxyStore"));
        using IHost host = builder.Build();

        var error = await Assert.ThrowsAsync<ProxyStoreConfigurationException>(() => host.StartAsync());

        Assert.StartsWith($"ProxyStore:Stores:{name}:Connector:Password: set either Password or PasswordEnvironmentVariable", Assert.Single(error.Problems));
        Assert.DoesNotContain(_password, error.ToString(), StringComparison.Ordinal);
    }

    private Dictionary<string, string?> Settings(string name, (string Key, string Value) secret) => new()
    {
        [$"ProxyStore:Stores:{name}:Connector:Kind"] = "Redis",
        [$"ProxyStore:Stores:{name}:Connector:Host"] = _server.Host,
        [$"ProxyStore:Stores:{name}:Connector:Port"] = _server.Port.ToString(),
        [$"ProxyStore:Stores:{name}:Connector:Clear"] = "true",
        [$"ProxyStore:Stores:{name}:Connector:ConnectTimeout"] = "2000",
        [$"ProxyStore:Stores:{name}:Connector:{secret.Key}"] = secret.Value,
    };
}
