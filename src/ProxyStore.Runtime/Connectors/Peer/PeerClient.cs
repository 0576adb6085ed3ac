using System.Collections.Concurrent;

namespace ProxyStore.Connectors;

/// <summary>
/// This process's side of pulling from owners: a pool of authenticated connections per owner,
/// and the requests a <see cref="PeerConnector"/> makes of an owner that is not itself.
/// </summary>
internal sealed class PeerClient(PeerClientSettings settings, string connector) : IDisposable
{
    // Idle connections kept per owner: enough for the requests one process runs at once.
    private const int IdlePerOwner = 8;

    private readonly ConcurrentDictionary<string, ConcurrentBag<PeerConnection>> _idle = new(StringComparer.Ordinal);
    private volatile bool _disposed;

    /// <summary>Begins a get of <paramref name="key"/> from <paramref name="offset"/>: the connection, positioned at the bytes, and the frame's whole length; null when the owner has no such object.</summary>
    public async ValueTask<(PeerConnection Connection, long Length)?> BeginGetAsync(PeerKey key, long offset, bool sync, CancellationToken cancellationToken)
    {
        return await RunAsync<(PeerConnection, long)?>(key, static () => null, async (connection, sync, token) =>
        {
            byte status = await connection.RequestAsync(PeerProtocol.Get, key.Object, key.Run, offset, default, sync, token).ConfigureAwait(false);
            if (status != PeerProtocol.Ok)
            {
                Return(connection);
                return ((PeerConnection, long)?)null;
            }

            long length = await connection.ReadInt64Async(sync, token).ConfigureAwait(false);
            if (length < 0 || length > Array.MaxLength || offset > length)
            {
                connection.Abandon();
                throw new PeerConnectorException($"The owner at {key.Endpoint} announced {length} bytes for key '{key.ToStoreKey()}', which is not a length it could have stored.", key.Endpoint, key.ToStoreKey().ToString());
            }

            return (connection, length);
        }, sync, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gets the whole object under <paramref name="key"/> into one new array; null when the owner has no such object.</summary>
    public async ValueTask<byte[]?> GetAsync(PeerKey key, bool sync, CancellationToken cancellationToken)
    {
        if (await BeginGetAsync(key, 0, sync, cancellationToken).ConfigureAwait(false) is not var (connection, length))
        {
            return null;
        }

        byte[] frame = GC.AllocateUninitializedArray<byte>((int)length);
        try
        {
            await connection.ReadBodyAsync(frame, sync, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or TimeoutException)
        {
            connection.Dispose();
            throw Cut(key, length, e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        Return(connection);
        return frame;
    }

    /// <summary>Asks the owner whether it holds <paramref name="key"/>.</summary>
    public async ValueTask<bool> ExistsAsync(PeerKey key, bool sync, CancellationToken cancellationToken) =>
        await StatusAsync(key, PeerProtocol.Exists, 0, default, sync, cancellationToken).ConfigureAwait(false) == PeerProtocol.Ok;

    /// <summary>Asks the owner to evict <paramref name="key"/> (only a store's own object when <paramref name="guarded"/>).</summary>
    public async ValueTask EvictAsync(PeerKey key, bool guarded, bool sync, CancellationToken cancellationToken)
    {
        byte status = await StatusAsync(key, PeerProtocol.Evict, guarded ? PeerProtocol.GuardedEvict : 0, default, sync, cancellationToken).ConfigureAwait(false);
        if (status == PeerProtocol.Foreign)
        {
            throw new ForeignObjectException(key.ToStoreKey(), connector);
        }
    }

    /// <summary>Sets <paramref name="key"/> in its owner (a future's value, from any process).</summary>
    public async ValueTask SetAsync(PeerKey key, ReadOnlyMemory<byte> data, bool sync, CancellationToken cancellationToken)
    {
        byte status = await StatusAsync(key, PeerProtocol.Set, data.Length, data, sync, cancellationToken).ConfigureAwait(false);
        switch (status)
        {
            case PeerProtocol.Ok:
                return;
            case PeerProtocol.AlreadySet:
                throw new KeyAlreadySetException(key.ToStoreKey(), $"The key '{key.ToStoreKey()}' already holds an object in its owner at {key.Endpoint}; a key is set once.");
            case PeerProtocol.OtherRun:
                throw Restarted(key);
            default:
                throw new PeerConnectorException($"The owner at {key.Endpoint} refused to set key '{key.ToStoreKey()}' (status {status}).", key.Endpoint, key.ToStoreKey().ToString());
        }
    }

    // A request answered by one status byte; a key of an earlier run is answered here as
    // missing, except for a set, whose waiters would never see it.
    private ValueTask<byte> StatusAsync(PeerKey key, byte op, long argument, ReadOnlyMemory<byte> body, bool sync, CancellationToken cancellationToken) =>
        RunAsync(key, op == PeerProtocol.Set ? null : static () => PeerProtocol.OtherRun, async (connection, sync, token) =>
        {
            byte status = await connection.RequestAsync(op, key.Object, key.Run, argument, body, sync, token).ConfigureAwait(false);
            Return(connection);
            return status;
        }, sync, cancellationToken);

    /// <summary>Puts a connection whose answer was read to the end back in the pool.</summary>
    public void Return(PeerConnection connection)
    {
        if (connection.Broken || _disposed)
        {
            connection.Dispose();
            return;
        }

        ConcurrentBag<PeerConnection> idle = _idle.GetOrAdd(connection.Endpoint, static _ => []);
        if (idle.Count >= IdlePerOwner)
        {
            connection.Dispose();
            return;
        }

        idle.Add(connection);
    }

    /// <summary>The error for a transfer cut before its end.</summary>
    public static PeerConnectorException Cut(PeerKey key, long length, Exception inner) =>
        new($"The transfer of key '{key.ToStoreKey()}' ({length} bytes) from its owner at {key.Endpoint} was cut before its end: {inner.Message} Nothing was returned; the owner may have gone away.",
            key.Endpoint, key.ToStoreKey().ToString(), inner);

    /// <summary>The error for a key whose owner has restarted since it made the key.</summary>
    public static PeerConnectorException Restarted(PeerKey key) =>
        new($"The owner at {key.Endpoint} is a later run than the one that made key '{key.ToStoreKey()}': it restarted, and the objects of its earlier run are gone.",
            key.Endpoint, key.ToStoreKey().ToString());

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        foreach (ConcurrentBag<PeerConnection> idle in _idle.Values)
        {
            while (idle.TryTake(out PeerConnection? connection))
            {
                connection.Dispose();
            }
        }
    }

    // Runs a request on a connection to the key's owner. An owner that restarted answers for
    // none of the earlier run's keys, so such a key is treated as missing without asking. A
    // pooled connection may have been closed by its owner while idle: a request that fails on
    // one before any answer is tried once more on a new connection.
    // otherRun answers for a key of an earlier run; without it such a key is an error.
    private async ValueTask<T> RunAsync<T>(PeerKey key, Func<T>? otherRun, Func<PeerConnection, bool, CancellationToken, ValueTask<T>> request, bool sync, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, connector);
        string keyText = key.ToStoreKey().ToString();
        for (int attempt = 0; ; attempt++)
        {
            PeerConnection connection = await RentAsync(key, keyText, sync, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(connection.Run, key.Run, StringComparison.Ordinal))
            {
                Return(connection);
                return otherRun is null ? throw Restarted(key) : otherRun();
            }

            try
            {
                return await request(connection, sync, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or TimeoutException)
            {
                connection.Dispose();
                if (connection.Reused && attempt == 0)
                {
                    continue;
                }

                throw new PeerConnectorException(
                    $"The request for key '{keyText}' to its owner at {key.Endpoint} failed: {e.Message}", key.Endpoint, keyText, e);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }
    }

    private async ValueTask<PeerConnection> RentAsync(PeerKey key, string keyText, bool sync, CancellationToken cancellationToken)
    {
        if (_idle.TryGetValue(key.Endpoint, out ConcurrentBag<PeerConnection>? idle) && idle.TryTake(out PeerConnection? pooled))
        {
            pooled.Reused = true;
            return pooled;
        }

        return await PeerConnection.OpenAsync(key.Host, key.Port, settings, keyText, sync, cancellationToken).ConfigureAwait(false);
    }
}
