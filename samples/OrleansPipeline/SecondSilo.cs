using Microsoft.Extensions.Hosting;
using ProxyStore;
using ProxyStore.Connectors;

namespace OrleansPipeline;

/// <summary>The child process: the second silo, which reports its metrics and sent bytes when told to stop.</summary>
internal static class SecondSilo
{
    public const string Ready = "ready";
    public const string MetricsPrefix = "metrics: ";
    public const string BytesPrefix = "sent-bytes: ";

    public static async Task RunAsync(int primaryPort, int siloPort, int gatewayPort, string storeDirectory)
    {
        using var bytes = new SentBytes();
        // The parent's store, made here from its config: this process neither creates nor deletes the directory.
        StoreConfig config = new() { Name = Cluster.StoreName, Connector = FileConfig(storeDirectory), Metrics = true };
        using IHost silo = Cluster.Silo(siloPort, gatewayPort, primaryPort, options => options.AddStore(config));
        await silo.StartAsync();
        Console.WriteLine(Ready);

        // The parent closes our input when the run is over.
        await Console.In.ReadToEndAsync();
        Store store = StoreRegistry.Get(Cluster.StoreName)!;
        Console.WriteLine(MetricsPrefix + store.Metrics!.Export().ToJson().ReplaceLineEndings(" "));
        Console.WriteLine(BytesPrefix + bytes.Total);
        await silo.StopAsync();
    }

    private static ConnectorConfig FileConfig(string directory)
    {
        using var connector = new FileConnector(directory, clear: false);
        return connector.GetConfig();
    }
}
