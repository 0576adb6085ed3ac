namespace ProxyStore;

/// <summary>
/// The lifetime of the process: its keys, of any stores, are evicted when the process exits
/// (<see cref="AppDomain.ProcessExit"/>). Use <see cref="Instance"/>.
/// </summary>
public sealed class StaticLifetime : ILifetime
{
    private readonly LifetimeKeys _keys;
    private readonly string _name;

    private StaticLifetime(string name, bool atProcessExit)
    {
        _name = name;
        _keys = new LifetimeKeys(this, store: null);
        if (atProcessExit)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => OnProcessExit();
        }
    }

    /// <summary>The one static lifetime of the process.</summary>
    public static StaticLifetime Instance { get; } = new("StaticLifetime", atProcessExit: true);

    /// <summary>Always <see langword="null"/>: the static lifetime holds keys of any store.</summary>
    public Store? Store => null;

    /// <inheritdoc/>
    public bool IsDone => _keys.IsDone;

    /// <summary>A static lifetime not hooked to the process exit, so tests can close one without closing <see cref="Instance"/>.</summary>
    internal static StaticLifetime CreateForTests() => new("StaticLifetime(test)", atProcessExit: false);

    /// <summary>Not supported: a key alone does not say which store to evict it from.</summary>
    /// <exception cref="ArgumentException">Always; use <see cref="AddKey(ProxyStore.Store, StoreKey[])"/>.</exception>
    public void AddKey(params StoreKey[] keys) => _keys.AddKey(keys);

    /// <inheritdoc/>
    public void AddKey(Store store, params StoreKey[] keys) => _keys.AddKey(store, keys);

    /// <inheritdoc/>
    /// <remarks>A proxy's store is found by name in the <see cref="StoreRegistry"/>; a proxy of a store not registered is refused.</remarks>
    public void AddProxy(params object[] proxies) => _keys.AddProxy(proxies);

    /// <inheritdoc/>
    /// <exception cref="AggregateException">Some evictions failed; the others still happened.</exception>
    public void Close() => _keys.Close();

    /// <inheritdoc/>
    public ValueTask CloseAsync(CancellationToken cancellationToken = default) => _keys.CloseAsync(cancellationToken);

    /// <inheritdoc/>
    public override string ToString() => _name;

    /// <summary>What the process exit runs: closes, and never throws, since nothing could catch it there.</summary>
    internal void OnProcessExit()
    {
        try
        {
            Close();
        }
        catch (AggregateException)
        {
            // The process is ending and nothing is left to report to; the objects that could not be evicted stay stored.
        }
    }
}
