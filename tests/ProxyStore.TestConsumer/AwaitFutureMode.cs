using System.Text.Json;

namespace ProxyStore.TestConsumer;

/// <summary>
/// <c>await-future &lt;reference-file&gt;</c>: reads the reference of a future's proxy, says
/// <c>waiting</c> on a line of its own, then uses the proxy, which waits until the producer
/// (another process) sets the value, and prints an <see cref="AwaitFutureReport"/> as JSON.
/// </summary>
public static class AwaitFutureMode
{
    /// <summary>What the consumer prints once it holds the proxy and is about to wait.</summary>
    public const string WaitingLine = "waiting";

    /// <summary>Runs the mode; the exit code.</summary>
    public static int Run(string referenceFile)
    {
        IPayload proxy = ProxyReference.Deserialize<IPayload>(File.ReadAllBytes(referenceFile));
        Console.WriteLine(WaitingLine);
        Console.Out.Flush();

        string label;
        long checksum;
        string error = "";
        try
        {
            label = proxy.Label;
            checksum = proxy.Checksum();
        }
        catch (ProxyResolveException e)
        {
            (label, checksum, error) = ("", 0, $"{e.InnerException?.GetType().Name}: {e.Message}");
        }

        var factory = (IStoreFactory)Proxies.GetFactory(proxy);
        Metrics? metrics = StoreRegistry.Get(factory.StoreConfig.Name)?.Metrics?.GetMetrics(factory.Key);
        Console.WriteLine(JsonSerializer.Serialize(new AwaitFutureReport(
            label,
            checksum,
            error,
            factory.GetType().Name,
            metrics is not null && metrics.Times.TryGetValue(MetricNames.FactoryPollingResolve, out TimeStats? resolves) ? resolves.Count : 0)));
        return 0;
    }
}

/// <summary>What <see cref="AwaitFutureMode"/> got: the value, or the failure, and its own metrics.</summary>
public sealed record AwaitFutureReport(string Label, long Checksum, string Error, string FactoryType, long PollingResolves);
