using ProxyStore.Connectors;
using ProxyStore.Serialization;

namespace ProxyStore;

/// <summary>
/// A value that a producer stores later under a key known now (Python ProxyStore's
/// <c>Future</c>): <see cref="Store.Future{T}"/> makes one. A consumer waits for it with
/// <see cref="Result"/> or <see cref="ResultAsync(CancellationToken)"/>, or gets a proxy
/// (<see cref="Proxy"/>) that waits when first used; the proxy crosses processes as a small
/// <see cref="ProxyReference"/>, so the producer and the consumer may be in different processes.
/// Thread-safe.
/// </summary>
/// <typeparam name="T">The type of the value.</typeparam>
public sealed class StoreFuture<T>
    where T : class
{
    private readonly Store _store;

    // 1 while a set is under way or done; the connector's atomic write-once set is what
    // guarantees a single value across processes, this only reports a second local set clearly.
    private int _set;

    internal StoreFuture(Store store, StoreKey key, bool evict, PollingOptions polling)
    {
        _store = store;
        Key = key;
        Evict = evict;
        Polling = polling;
    }

    /// <summary>The key the value is stored under.</summary>
    public StoreKey Key { get; }

    /// <summary>The name of the store the value is stored in.</summary>
    public string StoreName => _store.Name;

    /// <summary>Whether getting the value (<see cref="Result"/>, a proxy's resolution) evicts it from the store.</summary>
    public bool Evict { get; }

    /// <summary>How <see cref="Result"/>, <see cref="ResultAsync(CancellationToken)"/> and proxies wait.</summary>
    public PollingOptions Polling { get; }

    /// <summary>Whether the value (or the producer's failure) is stored: checks the store.</summary>
    public bool Done => _store.Exists(Key);

    /// <summary>Asynchronous <see cref="Done"/>.</summary>
    public ValueTask<bool> IsDoneAsync(CancellationToken cancellationToken = default) => _store.ExistsAsync(Key, cancellationToken);

    /// <summary>Stores <paramref name="value"/> as the future's value; recorded like a put (<c>store.put.*</c>) under <see cref="Key"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null: a future's proxies need an object.</exception>
    /// <exception cref="KeyAlreadySetException">The future was already set, here or in another process.</exception>
    /// <exception cref="StoreSerializationException"><paramref name="value"/> cannot be serialized; the future stays unset.</exception>
    public void SetResult(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        BeginSet();
        Run(() => _store.SetFuture(Key, value));
    }

    /// <summary>Asynchronous <see cref="SetResult"/>.</summary>
    public async ValueTask SetResultAsync(T value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        BeginSet();
        try
        {
            await _store.SetFutureAsync(Key, value, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Volatile.Write(ref _set, 0);
            throw;
        }
    }

    /// <summary>
    /// Stores the failure of the producer instead of a value: its exception's type and message.
    /// Everyone waiting for the value then gets a <see cref="StoreFutureException"/> carrying them
    /// (a proxy, a <see cref="ProxyResolveException"/> with it inside).
    /// </summary>
    /// <exception cref="KeyAlreadySetException">The future was already set, here or in another process.</exception>
    public void SetException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        BeginSet();
        Run(() => _store.SetFutureFailure(Key, exception));
    }

    /// <summary>Waits for the value.</summary>
    /// <param name="timeout">How long to wait; the <see cref="Polling"/> timeout when null.</param>
    /// <exception cref="TimeoutException">No value within the timeout; the message names the key and store.</exception>
    /// <exception cref="StoreFutureException">The producer failed (<see cref="SetException"/>).</exception>
    public T Result(TimeSpan? timeout = null) =>
        NotNull(FuturePoller.Wait<T>(_store, Key, Polling, timeout, Evict));

    /// <summary>Waits for the value asynchronously, as long as the <see cref="Polling"/> timeout allows.</summary>
    /// <exception cref="TimeoutException">No value within the timeout; the message names the key and store.</exception>
    /// <exception cref="StoreFutureException">The producer failed (<see cref="SetException"/>).</exception>
    public ValueTask<T> ResultAsync(CancellationToken cancellationToken = default) => ResultAsync(null, cancellationToken);

    /// <summary>Waits for the value asynchronously; no thread is blocked while waiting.</summary>
    /// <param name="timeout">How long to wait; the <see cref="Polling"/> timeout when null.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="TimeoutException">No value within the timeout; the message names the key and store.</exception>
    /// <exception cref="StoreFutureException">The producer failed (<see cref="SetException"/>).</exception>
    public async ValueTask<T> ResultAsync(TimeSpan? timeout, CancellationToken cancellationToken = default) =>
        NotNull(await FuturePoller.WaitAsync<T>(_store, Key, Polling, timeout, Evict, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// A lazy proxy of the value: its first use waits for the value as <see cref="Polling"/> says
    /// (failing with a <see cref="ProxyResolveException"/> on timeout or a producer's failure).
    /// </summary>
    /// <exception cref="NonProxiableTypeException">No proxy of <typeparamref name="T"/> can be made.</exception>
    public T Proxy() => _store.FutureProxy<T>(Key, Evict, Polling);

    /// <summary>
    /// The future as a small reference (the reference of its proxy), for a producer or consumer in
    /// another process: <see cref="FromReference"/> turns it back into a future there, and
    /// <see cref="ProxyReference.Deserialize{T}(ReadOnlySpan{byte})"/> into a waiting proxy.
    /// </summary>
    public byte[] ToReference() =>
        ProxyReference.SerializeFactory(new PollingStoreFactory<T>(Key, _store.ToConfig(), Evict, Polling));

    /// <summary>
    /// The future of a reference made by <see cref="ToReference"/> or from a future's proxy, in
    /// this process: it sets and waits through the store registered under the reference's store
    /// name, or one recreated from its config, as proxies do.
    /// </summary>
    /// <exception cref="System.Text.Json.JsonException"><paramref name="reference"/> is not the reference of a future.</exception>
    /// <exception cref="StoreDisposedException">The store was disposed in this process and none is registered under its name.</exception>
    public static StoreFuture<T> FromReference(ReadOnlySpan<byte> reference)
    {
        PollingStoreFactory<T> factory = ProxyReference.DeserializeFutureFactory<T>(reference);
        return new StoreFuture<T>(factory.GetStore(), factory.Key, factory.Evict, factory.Polling);
    }

    /// <inheritdoc />
    public override string ToString() => $"StoreFuture<{typeof(T).Name}>(key={Key}, store={StoreName})";

    private void BeginSet()
    {
        if (Interlocked.CompareExchange(ref _set, 1, 0) != 0)
        {
            throw new KeyAlreadySetException(Key, $"The future '{Key}' of store '{StoreName}' is already set (or being set); a future is set once.");
        }
    }

    private void Run(Action set)
    {
        try
        {
            set();
        }
        catch
        {
            // The connector refuses a second set atomically, so forgetting a failed attempt is
            // safe: a retry either stores the value or learns that an earlier attempt did.
            Volatile.Write(ref _set, 0);
            throw;
        }
    }

    private T NotNull(T? value) => value ?? throw new InvalidOperationException(
        $"The future '{Key}' in store '{StoreName}' holds null, which is not a {typeof(T).Name}: it was not set through StoreFuture.SetResult.");
}
