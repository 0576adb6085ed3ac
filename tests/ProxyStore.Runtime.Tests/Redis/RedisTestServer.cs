using ProxyStore.Connectors;
using StackExchange.Redis;

namespace ProxyStore.Tests.Redis;

/// <summary>
/// The Redis server the tests share, found through the environment variable
/// <c>PROXYSTORE_TEST_REDIS</c> (<c>host:port</c>). <c>./scripts/test.sh</c> and <c>.ci/run</c> start
/// one and set it. Every connector made here has a key prefix of its own, so tests running in
/// parallel never see each other's keys.
/// </summary>
public static class RedisTestServer
{
    /// <summary>The environment variable that names the server.</summary>
    public const string Variable = "PROXYSTORE_TEST_REDIS";

    private static readonly Lazy<(string Host, int Port)> Server = new(Find);
    private static readonly Lazy<ConnectionMultiplexer> Inspector = new(
        () => ConnectionMultiplexer.Connect(new ConfigurationOptions { EndPoints = { { Host, Port } }, ClientName = "proxystore-tests-inspector" }));

    /// <summary>The server's host.</summary>
    public static string Host => Server.Value.Host;

    /// <summary>The server's port.</summary>
    public static int Port => Server.Value.Port;

    /// <summary>The server as <c>host:port</c>.</summary>
    public static string Endpoint => $"{Host}:{Port}";

    /// <summary>A key prefix no other test uses.</summary>
    public static string UniquePrefix(string label = "test") => $"pstest:{label}:{Guid.NewGuid():N}:";

    /// <summary>A connector on the shared server with a prefix of its own; closing it deletes its keys.</summary>
    public static RedisConnector NewConnector(RedisConnectorOptions? options = null) =>
        new(Host, Port, (options ?? new RedisConnectorOptions()) with { KeyPrefix = UniquePrefix(), Clear = true });

    /// <summary>A plain StackExchange.Redis database on the shared server, to look behind a connector's back.</summary>
    public static IDatabase Raw(int database = 0) => Inspector.Value.GetDatabase(database);

    /// <summary>The Redis keys under <paramref name="prefix"/> in <paramref name="database"/>.</summary>
    public static string[] KeysUnder(string prefix, int database = 0) =>
        [.. Inspector.Value.GetServer(Host, Port).Keys(database, prefix + "*", pageSize: 1000).Select(k => (string)k!).Order(StringComparer.Ordinal)];

    private static (string Host, int Port) Find()
    {
        string? value = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"{Variable} is not set, and the Redis tests need a real Redis server. Run ./scripts/test.sh, which starts one " +
                "on a free loopback port and runs every test, or start one yourself and name it, e.g. " +
                "`redis-server --port 6390 --bind 127.0.0.1 --save '' --daemonize yes` then " +
                $"`export {Variable}=127.0.0.1:6390` (install it with `apt-get install redis-server`).");
        }

        int colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value.AsSpan(colon + 1), out int port))
        {
            throw new InvalidOperationException($"{Variable} is '{value}'; it must be host:port, such as 127.0.0.1:6390.");
        }

        return (value[..colon], port);
    }
}
