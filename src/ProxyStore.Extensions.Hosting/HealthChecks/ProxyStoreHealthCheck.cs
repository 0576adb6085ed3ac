using Microsoft.Extensions.Diagnostics.HealthChecks;
using ProxyStore.Connectors;
using ProxyStore.Extensions.Hosting.Stores;

namespace ProxyStore.Extensions.Hosting.HealthChecks;

/// <summary>
/// Asks every store of the host whether its connector answers: an exists of a key no store
/// writes, straight to the connector (so no cache answers for it and no metrics record it).
/// A Redis server that is down or slower than the probe's timeout makes the check unhealthy,
/// naming the store; in-process, file and shared-memory stores answer at once, and a peer store
/// answers while its own server does.
/// </summary>
internal sealed class ProxyStoreHealthCheck(HostedStores stores, TimeSpan timeout) : IHealthCheck
{
    // Plain, valid for every connector, and never written by a store (keys are random ids).
    private static readonly StoreKey Probe = new("proxystore-health-probe");

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var failed = new List<string>();
        Exception? first = null;
        foreach (string name in stores.Names.Order(StringComparer.Ordinal))
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            try
            {
                Store store = stores.Get(name);
                await store.Connector.ExistsAsync(ProbeFor(store.Connector), limit.Token).ConfigureAwait(false);
                data[name] = "answers";
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                string why = e is OperationCanceledException ? $"no answer within {timeout.TotalSeconds:0.###} s" : e.Message;
                data[name] = why;
                failed.Add($"store '{name}': {why}");
                first ??= e;
            }
        }

        return failed.Count == 0
            ? HealthCheckResult.Healthy($"{data.Count} ProxyStore stores answer.", data)
            : new HealthCheckResult(context.Registration.FailureStatus, string.Join("; ", failed), first, data);
    }

    // A peer key names its owner, so the probe asks this process's own server, through its socket
    // and the secret's proof, for a run it never had: it answers only while it serves.
    private static StoreKey ProbeFor(IConnector connector) =>
        connector is PeerConnector { Endpoint: { } endpoint } ? new StoreKey($"{endpoint}/proxystore-health/{Probe.Id}") : Probe;
}
