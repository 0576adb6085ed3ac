using System.Reflection;
using Microsoft.Extensions.Logging;
using Orleans.Serialization.Invocation;

namespace ProxyStore.Orleans;

/// <summary>
/// The argument half of a StoreExecutor, on the calling side (a client or a grain): before a
/// grain call is sent, replaces each argument the policy selects by a proxy in the call store,
/// and evicts those proxies' objects when the call completes, whether it succeeded or not.
/// Arguments that are proxies already pass as they are, so a grain that forwards a proxy it got
/// adds nothing to the store.
/// </summary>
/// <remarks>
/// As with Python's <c>StoreExecutor</c>, a callee must not keep an argument proxy beyond the
/// call unresolved: once the call completes, its object is gone from the store.
/// </remarks>
internal sealed partial class ProxyArgumentsFilter(ProxyStoreStores stores, NonProxiableReporter reporter, CopiedArgumentReporter copied, ILogger<ProxyArgumentsFilter> logger)
    : IOutgoingGrainCallFilter
{
    private readonly ProxyPolicy _policy = stores.Options.Policy;

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (_policy is ProxyNever || context.InterfaceMethod is not { } method)
        {
            await context.Invoke().ConfigureAwait(false);
            return;
        }

        IInvokable request = context.Request;
        List<(int Position, Type Declared, object Argument)>? selected = Select(method, request);
        List<StoreKey>? keys = null;
        Store? store = null;
        try
        {
            foreach ((int position, Type declared, object argument) in selected ?? [])
            {
                store ??= stores.CallStore;
                object proxy = await ProxyCandidates.ProxyAsync(store, declared, argument, evict: false, request.GetCancellationToken()).ConfigureAwait(false);
                (keys ??= []).Add(Proxies.GetKey(proxy));
                request.SetArgument(position, proxy);
                copied.Stored(method, position, argument);
            }

            await context.Invoke().ConfigureAwait(false);
        }
        finally
        {
            if (keys is not null)
            {
                await EvictAsync(store!, keys, method).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The arguments to replace by proxies. Every parameter is checked before any argument is
    /// stored, so a call that <see cref="NonProxiableParameters.Throw"/> refuses fails with
    /// nothing stored or sent.
    /// </summary>
    private List<(int Position, Type Declared, object Argument)>? Select(MethodInfo method, IInvokable request)
    {
        List<(int, Type, object)>? selected = null;
        ParameterInfo[] parameters = ProxyCandidates.ParametersOf(method);
        int count = Math.Min(request.GetArgumentCount(), parameters.Length);
        for (int i = 0; i < count; i++)
        {
            Type declared = parameters[i].ParameterType;
            if (!ProxyCandidates.IsReferenceType(declared) || request.GetArgument(i) is not { } argument || argument is IProxy
                || !_policy.ShouldProxy(argument))
            {
                continue;
            }

            if (!ProxyCandidates.IsCandidate(declared))
            {
                reporter.Report(method, i, declared);
                continue;
            }

            (selected ??= []).Add((i, declared, argument));
        }

        return selected;
    }

    // Never throws: a failed eviction must not hide the call's own result or exception.
    private async Task EvictAsync(Store store, List<StoreKey> keys, MethodInfo method)
    {
        foreach (StoreKey key in keys)
        {
            try
            {
                await store.EvictAsync(key).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                LogEvictFailed(logger, e, key.ToString(), store.Name, method.Name);
            }
        }
    }

    [LoggerMessage(EventId = 1702, EventName = "ProxyStore.Orleans.EvictFailed", Level = LogLevel.Warning,
        Message = "ProxyStore could not evict argument '{Key}' from store '{Store}' after the call to {Method}; it stays in the store.")]
    private static partial void LogEvictFailed(ILogger logger, Exception exception, string key, string store, string method);
}
