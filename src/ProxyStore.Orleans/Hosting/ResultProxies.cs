namespace ProxyStore.Orleans;

/// <summary>What becomes of a grain-call result that the policy replaced by a proxy.</summary>
public enum ResultProxies
{
    /// <summary>
    /// The result's proxy evicts its object from the store when it is resolved (the default):
    /// the caller reads it once; a result proxy that is never resolved stays in the store.
    /// </summary>
    EvictOnResolve,

    /// <summary>
    /// The result's proxy never evicts: the caller takes ownership with
    /// <see cref="Ownership.IntoOwned{T}(T, bool)"/> and disposes the <see cref="Owned{T}"/> to evict
    /// (Python's <c>StoreExecutor(ownership=True)</c>).
    /// </summary>
    Owned,
}
