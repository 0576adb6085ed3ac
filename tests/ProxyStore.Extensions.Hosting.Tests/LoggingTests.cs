using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ProxyStore.Connectors;
using ProxyStore.Serialization;
using ProxyStore.Extensions.Hosting.Tests.Support;
using ProxyStore.Tests.Support;

namespace ProxyStore.Extensions.Hosting.Tests;

/// <summary>What stores log through ILogger: lifecycle, each operation, failures; and nothing below the level set.</summary>
public sealed class LoggingTests
{
    private const string StoreCategory = "ProxyStore.Store";

    [Fact]
    public async Task A_hosted_store_logs_its_lifecycle_and_each_operation_with_key_size_and_time()
    {
        string name = TestHost.Name("logged");
        var logs = new CapturingLoggerProvider();
        HostApplicationBuilder builder = TestHost.Builder(
            new Dictionary<string, string?> { [$"ProxyStore:Stores:{name}:Connector:Kind"] = "Local" }, logs);
        builder.Services.AddProxyStore(builder.Configuration.GetSection("ProxyStore"));
        using IHost host = builder.Build();
        await host.StartAsync();
        Store store = host.Services.GetRequiredKeyedService<Store>(name);

        StoreKey key = store.Put("twelve chars");
        store.Get<string>(key);
        store.Get<string>(key);
        store.Exists(key);
        await store.EvictAsync(key);
        store.Get<string>(key);
        store.PutBatch(new[] { 1, 2, 3 });
        await host.StopAsync();

        List<CapturingLoggerProvider.LogEntry> entries = [.. logs.Entries.Where(e => e.Category == StoreCategory)];
        CapturingLoggerProvider.LogEntry opened = entries[0];
        Assert.Equal(LogLevel.Information, opened.Level);
        Assert.Equal(name, opened.State["Store"]);
        Assert.Equal("LocalConnector", opened.State["Connector"]!.ToString()!.Split('(')[0]);
        Assert.Equal(LogLevel.Information, entries[^1].Level);
        Assert.Contains("closed", entries[^1].Message, StringComparison.Ordinal);

        CapturingLoggerProvider.LogEntry put = Operation(entries, "store.put");
        Assert.Equal(LogLevel.Debug, put.Level);
        Assert.Equal(key.ToString(), put.State["Key"]);
        long putSize = Assert.IsType<long>(put.State["Size"]);
        Assert.True(putSize > "twelve chars".Length, $"the serialized size {putSize} holds at least the text");
        Assert.True(Assert.IsType<double>(put.State["ElapsedMs"]) >= 0);

        CapturingLoggerProvider.LogEntry[] gets = [.. entries.Where(e => Equals(e.State.GetValueOrDefault("Operation"), "store.get"))];
        Assert.Equal(2, gets.Length);
        Assert.Equal(putSize, gets[0].State["Size"]);
        Assert.Contains("missing", gets[1].Message, StringComparison.Ordinal);

        CapturingLoggerProvider.LogEntry hit = Assert.Single(entries, e => e.Level == LogLevel.Trace);
        Assert.Equal(key.ToString(), hit.State["Key"]);
        Assert.Contains("cache hit", hit.Message, StringComparison.Ordinal);
        Assert.Equal(key.ToString(), Operation(entries, "store.exists").State["Key"]);
        Assert.Equal(key.ToString(), Operation(entries, "store.evict").State["Key"]);
        Assert.EndsWith("and 2 more", (string)Operation(entries, "store.put_batch").State["Key"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_below_the_level_set_is_logged_or_even_formatted()
    {
        var logger = new InformationOnlyLogger();
        using var store = new Store(TestHost.Name("quiet"), new LocalConnector()) { Logger = logger };

        StoreKey key = store.Put("value");
        store.Get<string>(key);
        store.Get<string>(key);
        store.Evict(key);
        store.Dispose();

        // Only the two lifecycle messages were written; the debug and trace ones were never even asked for.
        Assert.Equal(2, logger.Written);
        Assert.True(logger.Asked > 0);
    }

    [Fact]
    public void A_refused_serialization_is_a_warning_and_a_failed_connector_an_error_each_with_the_exception()
    {
        using var temp = new TempDirectory();
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        using var refusing = new Store(TestHost.Name("refusing"), new LocalConnector(), serializer: new RefusingSerializer()) { Logger = factory.CreateLogger(StoreCategory) };
        string directory = temp.Sub("gone");
        using var broken = new Store(TestHost.Name("broken"), new FileConnector(directory)) { Logger = factory.CreateLogger(StoreCategory) };

        var refused = Assert.Throws<StoreSerializationException>(() => refusing.Put("refused"));

        // The directory becomes a file, so the connector's write really fails.
        Directory.Delete(directory);
        File.WriteAllText(directory, "in the way");
        Exception failure = Assert.ThrowsAny<Exception>(() => broken.Put("lost"));

        CapturingLoggerProvider.LogEntry warning = Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal(refusing.Name, warning.State["Store"]);
        Assert.Same(refused, warning.Exception);
        Assert.IsType<NotSupportedException>(refused.InnerException);
        CapturingLoggerProvider.LogEntry error = Assert.Single(logs.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal(broken.Name, error.State["Store"]);
        Assert.Equal("store.put", error.State["Operation"]);
        Assert.Same(failure, error.Exception);
    }

    private static CapturingLoggerProvider.LogEntry Operation(IEnumerable<CapturingLoggerProvider.LogEntry> entries, string operation) =>
        Assert.Single(entries, e => Equals(e.State.GetValueOrDefault("Operation"), operation));

    /// <summary>A logger at information that fails the test if asked to write anything below it.</summary>
    private sealed class InformationOnlyLogger : ILogger
    {
        public int Asked { get; private set; }

        public int Written { get; private set; }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel)
        {
            Asked++;
            return logLevel >= LogLevel.Information;
        }

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Assert.True(logLevel >= LogLevel.Information, $"a {logLevel} message was written: {formatter(state, exception)}");
            Written++;
        }
    }
}
