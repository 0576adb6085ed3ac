namespace ProxyStore;

/// <summary>
/// A lifetime that is a scope: <c>using var scope = new ContextLifetime(store);</c> evicts
/// everything put with <c>lifetime: scope</c> when the scope ends.
/// </summary>
public sealed class ContextLifetime : ILifetime, IDisposable, IAsyncDisposable
{
    private static int s_count;
    private readonly LifetimeKeys _keys;
    private readonly int _id = Interlocked.Increment(ref s_count);

    /// <summary>Makes an open lifetime for keys of <paramref name="store"/>.</summary>
    public ContextLifetime(Store store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _keys = new LifetimeKeys(this, store);
    }

    /// <inheritdoc/>
    public Store Store => _keys.Store!;

    /// <inheritdoc/>
    public bool IsDone => _keys.IsDone;

    /// <inheritdoc/>
    public void AddKey(params StoreKey[] keys) => _keys.AddKey(keys);

    /// <inheritdoc/>
    public void AddKey(Store store, params StoreKey[] keys) => _keys.AddKey(store, keys);

    /// <inheritdoc/>
    public void AddProxy(params object[] proxies) => _keys.AddProxy(proxies);

    /// <inheritdoc/>
    /// <exception cref="AggregateException">Some evictions failed; the others still happened.</exception>
    public void Close() => _keys.Close();

    /// <inheritdoc/>
    /// <remarks>A cancelled close is still a close: the objects not evicted yet stay stored.</remarks>
    public ValueTask CloseAsync(CancellationToken cancellationToken = default) => _keys.CloseAsync(cancellationToken);

    /// <summary>Closes the lifetime: <see cref="Close"/>.</summary>
    public void Dispose() => Close();

    /// <summary>Closes the lifetime: <see cref="CloseAsync"/>.</summary>
    public ValueTask DisposeAsync() => CloseAsync();

    /// <inheritdoc/>
    public override string ToString() => $"ContextLifetime#{_id}(store={Store.Name})";
}
