using System.Text.Json;
using Microsoft.Extensions.Logging;
using ProxyStore.Connectors;

namespace ProxyStore.TestConsumer;

/// <summary>
/// An owner process of a peer store. <c>peer-serve &lt;config-file&gt; &lt;length&gt; &lt;seed&gt;</c> puts
/// <see cref="ArrayMode.Make"/>'s doubles into a store over a new <see cref="PeerConnector"/>
/// (the secret from <c>PROXYSTORE_PEER_SECRET</c>), writes the store's config to the file, prints
/// the key as JSON, and serves until it is killed (or for two minutes at most, so that no test
/// leaves it behind). What the connector logs (a refused connection) goes to standard error.
/// </summary>
public static class PeerMode
{
    public static int Serve(string configFile, int length, int seed)
    {
        var connector = new PeerConnector(new PeerConnectorOptions { OwnerWait = TimeSpan.FromSeconds(2), Logger = new StderrLogger() });
        using var store = new Store("peer-owner-" + Environment.ProcessId, connector);
        StoreKey key = store.Put(ArrayMode.Make(length, seed));
        File.WriteAllText(configFile, JsonSerializer.Serialize(store.ToConfig()));
        Console.WriteLine(JsonSerializer.Serialize(key));
        Console.Out.Flush();
        Thread.Sleep(TimeSpan.FromMinutes(2));
        return 0;
    }

    /// <summary>
    /// <c>peer-digest-starved &lt;config-file&gt; &lt;key-json&gt;</c>: <see cref="ArrayMode.Digest"/> on
    /// the main thread while every thread of the pool is blocked, as in a process whose pool is
    /// busy: a synchronous get must not need the pool to connect or read.
    /// </summary>
    public static int DigestWithPoolBlocked(string configFile, string keyJson)
    {
        ThreadPool.GetMinThreads(out int workers, out int io);
        ThreadPool.SetMaxThreads(workers, io);
        using var release = new ManualResetEventSlim();
        using var started = new CountdownEvent(workers);
        for (int i = 0; i < workers; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(_ =>
            {
                started.Signal();
                release.Wait();
            }, null);
        }

        started.Wait();
        try
        {
            return ArrayMode.Digest(configFile, keyJson);
        }
        finally
        {
            release.Set();
        }
    }

    private sealed class StderrLogger : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Console.Error.WriteLine($"{logLevel}: {formatter(state, exception)}");
    }
}
