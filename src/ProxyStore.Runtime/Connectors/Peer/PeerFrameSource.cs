namespace ProxyStore.Connectors;

/// <summary>
/// A frame being pulled from its owner: the answer's bytes are read off the connection straight
/// into the reader's destination (the array it returns), in order. A read behind the position
/// the connection has reached asks the owner again from that offset.
/// </summary>
internal sealed class PeerFrameSource : FrameSource
{
    private readonly PeerClient _client;
    private readonly PeerKey _key;
    private readonly int _length;
    private PeerConnection? _connection;
    private long _position;

    public PeerFrameSource(PeerClient client, PeerKey key, PeerConnection connection, long length)
    {
        _client = client;
        _key = key;
        _connection = connection;
        _length = (int)length;
    }

    /// <inheritdoc />
    public override int Length => _length;

    /// <inheritdoc />
    public override void Read(int offset, Span<byte> destination)
    {
        if (offset < _position || _connection is null)
        {
            Reopen(offset);
        }

        try
        {
            if (offset > _position)
            {
                Skip(offset - _position);
            }

            _connection!.ReadBody(destination);
        }
        catch (Exception e) when (e is IOException or TimeoutException)
        {
            _connection?.Dispose();
            _connection = null;
            throw PeerClient.Cut(_key, _length, e);
        }

        _position = offset + destination.Length;
        if (_position == _length)
        {
            // The answer has been read to its end: the connection can carry the next request.
            _client.Return(_connection);
            _connection = null;
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        // Left in the middle of an answer, the connection cannot carry another request.
        _connection?.Dispose();
        _connection = null;
    }

    private void Reopen(int offset)
    {
        _connection?.Dispose();
        _connection = null;
        if (_client.BeginGetAsync(_key, offset, sync: true, CancellationToken.None).GetAwaiter().GetResult() is not var (connection, length))
        {
            throw new PeerConnectorException($"Key '{_key.ToStoreKey()}' was evicted from its owner at {_key.Endpoint} while it was being read.", _key.Endpoint, _key.ToStoreKey().ToString());
        }

        if (length != _length)
        {
            connection.Dispose();
            throw new PeerConnectorException($"Key '{_key.ToStoreKey()}' changed length in its owner at {_key.Endpoint} while it was being read ({_length} then {length} bytes).", _key.Endpoint, _key.ToStoreKey().ToString());
        }

        _connection = connection;
        _position = offset;
    }

    private void Skip(long count)
    {
        Span<byte> scratch = stackalloc byte[4096];
        while (count > 0)
        {
            int piece = (int)Math.Min(scratch.Length, count);
            _connection!.ReadBody(scratch[..piece]);
            count -= piece;
        }
    }
}
