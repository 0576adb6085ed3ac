namespace ProxyStore.Orleans;

/// <summary>
/// The result half of a StoreExecutor, on the silo that runs the grain: after a grain method
/// returns, replaces its result by a proxy in the call store if the policy selects it, so the
/// caller gets a reference and reads the object only if it uses it. What the proxy does on
/// resolve is <see cref="ProxyStoreOrleansOptions.Results"/>.
/// </summary>
internal sealed class ProxyResultsFilter(ProxyStoreStores stores, NonProxiableReporter reporter) : IIncomingGrainCallFilter
{
    private readonly ProxyPolicy _policy = stores.Options.Policy;
    private readonly bool _evict = stores.Options.Results == ResultProxies.EvictOnResolve;

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        await context.Invoke().ConfigureAwait(false);
        if (_policy is ProxyNever || context.InterfaceMethod is not { } method || ProxyCandidates.ResultTypeOf(method) is not { } declared
            || !ProxyCandidates.IsReferenceType(declared) || context.Result is not { } result || result is IProxy || !_policy.ShouldProxy(result))
        {
            return;
        }

        if (!ProxyCandidates.IsCandidate(declared))
        {
            reporter.Report(method, -1, declared);
            return;
        }

        context.Result = await ProxyCandidates.ProxyAsync(stores.CallStore, declared, result, _evict, context.Request.GetCancellationToken()).ConfigureAwait(false);
    }
}
