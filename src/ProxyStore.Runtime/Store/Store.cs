using System.Diagnostics;
using ProxyStore.Connectors;
using ProxyStore.Serialization;

namespace ProxyStore;

/// <summary>
/// A key-value store for objects that are passed by reference: put an object, hand
/// around its <see cref="StoreKey"/> or a proxy, and get it back wherever the store's
/// connector reaches. Thread-safe; no lock is held during connector I/O.
/// </summary>
/// <remarks>
/// <para>Objects that a get found are kept in an LRU cache of <c>cacheSize</c> entries and at most <c>cacheBytes</c> (<see cref="DefaultCacheBytes"/> by default),
/// local to this instance. Puts do not populate it.</para>
/// <para>With <c>metrics: true</c> every operation records times, counters and attributes
/// per key in <see cref="Metrics"/>, under the names in <see cref="MetricNames"/>.</para>
/// </remarks>
public sealed partial class Store : IDisposable, IAsyncDisposable
{
    /// <summary>The default capacity of the cache.</summary>
    public const int DefaultCacheSize = 16;

    /// <summary>
    /// The most bytes (serialized, as stored) the cache keeps together: 64 MiB. A value larger
    /// than that is never cached, so a few large values the caller dropped cannot pin gigabytes
    /// (16 entries of 100 MB would), while sixteen values of up to 4 MiB all fit.
    /// </summary>
    public const long DefaultCacheBytes = 64L * 1024 * 1024;

    private readonly LruCache<StoreKey, CacheEntry> _cache;

    // Values go to the connector unframed, in Python ProxyStore's format.
    private readonly bool _python;
    private bool _register;
    private bool _createdFromConfig;

    // 1 while the registry made this store for a resolution that has not yet succeeded.
    private int _provisional;
    private ConnectorConfig? _connectorConfig;
    private int _connectorConfigKnown;
    private int _disposed;

    /// <summary>Creates a store.</summary>
    /// <param name="name">The store's name; proxies find the store by it.</param>
    /// <param name="connector">Where objects are kept.</param>
    /// <param name="serializer">How objects become bytes; <see cref="DefaultSerializer"/> when null.</param>
    /// <param name="cacheSize">How many objects the LRU cache keeps; 0 disables it.</param>
    /// <param name="metrics">Whether to record metrics in <see cref="Metrics"/>.</param>
    /// <param name="populateTarget">The default of <c>populateTarget</c> for proxies made by this store.</param>
    /// <param name="register">Whether to register the store in <see cref="StoreRegistry"/>.</param>
    /// <param name="cacheBytes">The most bytes (serialized, as stored) the cache keeps together; a larger value is never cached.</param>
    /// <param name="referenceKey">
    /// The application's reference key, added to this process's <see cref="ReferenceKeys"/>: the
    /// process then signs every reference it writes with it and refuses references not signed by a
    /// key it holds. Never part of the store's config.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="connector"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cacheSize"/> or <paramref name="cacheBytes"/> is negative.</exception>
    /// <exception cref="StoreExistsException"><paramref name="register"/> is set and the name is taken.</exception>
    /// <remarks>
    /// A store that cannot be made (its name is taken, say) closes <paramref name="connector"/>
    /// without clearing it, so the connector is not left open and the objects it reaches, which
    /// may belong to the store that holds the name, are kept.
    /// </remarks>
    public Store(
        string name,
        IConnector connector,
        ISerializer? serializer = null,
        int cacheSize = DefaultCacheSize,
        bool metrics = false,
        bool populateTarget = false,
        bool register = false,
        long cacheBytes = DefaultCacheBytes,
        ReferenceKey? referenceKey = null)
    {
        try
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name);
            ArgumentNullException.ThrowIfNull(connector);
            if (cacheSize < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(cacheSize), cacheSize, $"The cache size of store '{name}' cannot be negative.");
            }

            if (cacheBytes < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(cacheBytes), cacheBytes, $"The cache byte bound of store '{name}' cannot be negative.");
            }

            Name = name;
            Connector = connector;
            _python = connector is IValueFormatConnector { ValueFormat: ValueFormat.Python };
            if (_python && serializer is DefaultSerializer)
            {
                throw new ArgumentException(
                    $"Store '{name}' has a connector in Python's value format ({connector}), and DefaultSerializer writes this library's own values, " +
                    "which Python cannot read. Pass no serializer (PythonSerializer is used) or one that writes Python ProxyStore's values.",
                    nameof(serializer));
            }

            Serializer = serializer ?? (_python ? PythonSerializer.Instance : DefaultSerializer.Instance);
            CacheSize = cacheSize;
            Metrics = metrics ? new StoreMetrics() : null;
            PopulateTarget = populateTarget;
            CacheBytes = cacheBytes;
            _cache = new LruCache<StoreKey, CacheEntry>(cacheSize, cacheBytes);
            _register = register;
            if (referenceKey is not null)
            {
                ReferenceKeys.Add(referenceKey);
            }

            if (register)
            {
                StoreRegistry.Register(this);
            }
        }
        catch (Exception refused) when (connector is not null)
        {
            CloseWithoutClearing(connector, refused);
            throw;
        }
    }

    /// <summary>The store's name.</summary>
    public string Name { get; }

    /// <summary>Where objects are kept.</summary>
    public IConnector Connector { get; }

    /// <summary>How objects become bytes.</summary>
    public ISerializer Serializer { get; }

    /// <summary>
    /// The format of the stored values, its connector's: <see cref="ValueFormat.Python"/> when the
    /// connector keeps Python ProxyStore's layout (<see cref="FileConnector.ValueFormat"/>,
    /// <c>RedisConnectorOptions.ValueFormat</c>). The store then writes each value as its
    /// serializer (<see cref="PythonSerializer"/> by default) makes it, with no frame, and reads
    /// values the same way: no checksum, so damage is detected only where the value's own format
    /// can show it (a <c>.npy</c> header against its length, a pickle cut short). Futures are
    /// refused in this format, and array views are copies.
    /// </summary>
    public ValueFormat ValueFormat => _python ? ValueFormat.Python : ValueFormat.ProxyStore;

    /// <summary>The capacity of the LRU cache.</summary>
    public int CacheSize { get; }

    /// <summary>The most bytes (serialized, as stored) the cache keeps together.</summary>
    public long CacheBytes { get; }

    /// <summary>The metrics of this instance, or <see langword="null"/> when metrics are off.</summary>
    public StoreMetrics? Metrics { get; }

    /// <summary>The default of <c>populateTarget</c> for proxies made by this store.</summary>
    public bool PopulateTarget { get; }

    /// <summary>The configuration that recreates this store, in this or another process.</summary>
    public StoreConfig ToConfig() => new()
    {
        Name = Name,
        Connector = Connector.GetConfig(),
        Serializer = SerializerNameForConfig(),
        CacheSize = CacheSize,
        CacheBytes = CacheBytes,
        Metrics = Metrics is not null,
        PopulateTarget = PopulateTarget,
        Register = _register,
    };

    /// <summary>Creates a new store from <paramref name="config"/>.</summary>
    /// <exception cref="ArgumentException">The config has no name or connector, or names an unknown connector kind or serializer.</exception>
    public static Store FromConfig(StoreConfig config)
    {
        ISerializer? serializer = CheckConfig(config);
        IConnector connector = config.Connector!.CreateConnector();
        return Make(config, serializer, connector);
    }

    /// <summary>
    /// Creates a new store from <paramref name="config"/>, creating its connector without blocking
    /// a thread where the connector kind can (a Redis connector connects asynchronously).
    /// </summary>
    /// <param name="config">The store's configuration.</param>
    /// <param name="cancellationToken">Stops the creation of the connector.</param>
    /// <exception cref="ArgumentException">The config has no name or connector, or names an unknown connector kind or serializer.</exception>
    public static async ValueTask<Store> FromConfigAsync(StoreConfig config, CancellationToken cancellationToken = default)
    {
        ISerializer? serializer = CheckConfig(config);
        IConnector connector = await config.Connector!.CreateConnectorAsync(cancellationToken).ConfigureAwait(false);
        return Make(config, serializer, connector);
    }

    private static ISerializer? CheckConfig(StoreConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (string.IsNullOrWhiteSpace(config.Name) || config.Connector is null)
        {
            throw new ArgumentException($"A store config needs a name and a connector; got name '{config.Name}' and connector {config.Connector?.Kind ?? "null"}.", nameof(config));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(config.CacheSize, nameof(config.CacheSize));
        ArgumentOutOfRangeException.ThrowIfNegative(config.CacheBytes, nameof(config.CacheBytes));
        return config.Serializer is null ? null : SerializerTypes.Create(config.Serializer);
    }

    // A store that cannot be made (its name is taken, say) closes the connector without clearing.
    private static Store Make(StoreConfig config, ISerializer? serializer, IConnector connector) =>
        new(config.Name, connector, serializer, config.CacheSize, config.Metrics, config.PopulateTarget, config.Register, config.CacheBytes);

    /// <summary>
    /// Closes the connector of a store that was not made. Clearing would delete objects that
    /// may belong to another store, such as the one holding the name. A failure to close is
    /// reported together with <paramref name="refused"/>, never instead of it.
    /// </summary>
    private static void CloseWithoutClearing(IConnector connector, Exception refused)
    {
        try
        {
            connector.Close(clear: false);
        }
        catch (Exception closeFailure)
        {
            throw new AggregateException($"{refused.Message} Closing its connector {connector} failed too.", refused, closeFailure);
        }
    }

    private string? SerializerNameForConfig()
    {
        if (_python && ReferenceEquals(Serializer, PythonSerializer.Instance))
        {
            // The default for a connector in Python's format, which the connector's config says.
            return null;
        }

        if (Serializer is DefaultSerializer serializer)
        {
            return serializer.HasDefaultOptions
                ? null
                : throw new InvalidOperationException(
                    $"Store '{Name}' uses a DefaultSerializer with custom JSON options, which a config cannot carry: a store recreated " +
                    "from it (for a proxy, or in another process) would read objects differently. Wrap it in an ISerializer type " +
                    "with a public parameterless constructor that sets those options, and pass that instead.");
        }

        return SerializerTypes.NameOf(Serializer.GetType());
    }

    /// <summary>Records that the registry registered this store for its config, so <see cref="ToConfig"/> says so.</summary>
    internal void MarkRegistered(bool register) => _register = register;

    /// <summary>Whether this store has been disposed.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) == 1;

    /// <summary>Whether <paramref name="key"/>'s object is in this instance's cache.</summary>
    public bool IsCached(StoreKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _cache.Contains(key);
    }

    /// <summary>
    /// Unregisters the store (if this instance is the one registered) and closes its connector. Idempotent.
    /// The process remembers the disposal: proxies of this store no longer make a new store from
    /// its config (they fail with a <see cref="ProxyResolveException"/>) until a store is
    /// registered under its name again. A store the registry made from a config closes its
    /// connector without clearing, as the storage is not its own.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // Unregistered and remembered in one step, so no resolution sees neither.
            StoreRegistry.RecordDisposed(this, ConnectorConfig);
            _cache.Clear();
            if (_createdFromConfig)
            {
                ConnectorShutdown.CloseKeepingStorage(Connector);
            }
            else
            {
                Connector.Close();
            }

            LogClosed();
        }
    }

    /// <summary>Same as <see cref="Dispose"/>, closing the connector asynchronously.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            StoreRegistry.RecordDisposed(this, ConnectorConfig);
            _cache.Clear();
            await (_createdFromConfig ? ConnectorShutdown.CloseKeepingStorageAsync(Connector) : Connector.DisposeAsync()).ConfigureAwait(false);
            LogClosed();
        }
    }

    /// <summary>Records that the registry made this store from a config, so it never clears storage that is not its own.</summary>
    internal void MarkCreatedFromConfig() => _createdFromConfig = true;

    /// <summary>Marks a store the registry made for a resolution: it stays registered only if a resolution through it succeeds.</summary>
    internal void MarkProvisional() => Volatile.Write(ref _provisional, 1);

    /// <summary>A resolution through this store succeeded: the registry keeps it.</summary>
    internal void Confirm()
    {
        // Read first, so the common case (confirmed long ago) writes nothing shared.
        if (Volatile.Read(ref _provisional) != 0)
        {
            Volatile.Write(ref _provisional, 0);
        }
    }

    /// <summary>Whether this store was still provisional, which it no longer is: the caller unregisters it.</summary>
    internal bool TryRetract() => Interlocked.CompareExchange(ref _provisional, 0, 1) == 1;

    /// <summary>The config of this store's connector, or null when the connector cannot describe itself; computed once.</summary>
    internal ConnectorConfig? ConnectorConfig
    {
        get
        {
            if (Volatile.Read(ref _connectorConfigKnown) == 0)
            {
                _connectorConfig = DescribeConnector();
                Volatile.Write(ref _connectorConfigKnown, 1);
            }

            return _connectorConfig;
        }
    }

    /// <summary>
    /// Disposes a store the registry made but did not use (another store took the name, or the
    /// name's store was disposed meanwhile): nothing could have seen it, so its disposal is not
    /// recorded, which would refuse the name to later resolutions; and its storage, which may
    /// be the very objects the winner reaches, is not cleared.
    /// </summary>
    internal void DisposeUnrecorded()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _cache.Clear();
            ConnectorShutdown.CloseKeepingStorage(Connector);
        }
    }

    /// <summary>The connector config the registry remembers this store's disposal under.</summary>
    private ConnectorConfig? DescribeConnector()
    {
        if (_config is { } config)
        {
            return config.Connector;
        }

        try
        {
            return Connector.GetConfig();
        }
        catch (Exception e) when (e is NotSupportedException or NotImplementedException or InvalidOperationException)
        {
            // Disposal must go on; a connector that cannot describe itself is remembered as
            // matching every config of this name, the cautious side (null below).
            return null;
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"Store(name={Name}, connector={Connector}, cacheSize={CacheSize}, cacheBytes={CacheBytes}, metrics={Metrics is not null}, populateTarget={PopulateTarget})";

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed) == 1)
        {
            throw new ObjectDisposedException(nameof(Store), $"The store '{Name}' is disposed.");
        }
    }

    /// <summary>
    /// A timestamp for metrics, or 0 when neither the store's metrics, a meter listener nor a
    /// debug log would record it: reading the clock is most of what a cache hit costs.
    /// </summary>
    private long Now() => Metrics is not null || StoreTelemetry.MetersEnabled || LogsOperations ? Stopwatch.GetTimestamp() : 0;

    /// <summary>A cached object and the metrics of its key.</summary>
    private readonly record struct CacheEntry(object? Value, KeyMetrics? Metrics);
}
