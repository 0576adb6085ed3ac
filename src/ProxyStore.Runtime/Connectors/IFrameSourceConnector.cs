namespace ProxyStore.Connectors;

/// <summary>
/// A connector that opens a stored frame for the store to read instead of handing out a new
/// array of it. Through <see cref="IConnector"/> a get returns an array the caller owns; the
/// store needs no such array, since it reads a frame once, to deserialize it, and the
/// deserialized object is what the caller gets.
/// </summary>
/// <remarks>
/// LocalConnector lends its own storage; FileConnector and SharedMemoryConnector read a small
/// frame into a pooled buffer and let the store read a large one piece by piece, so that its
/// arrays go straight from the medium into the arrays the caller gets. RedisConnector does not
/// implement it: reading into a pooled <c>StringGetLease</c> left each 200 MB value's buffer in
/// the shared array pool for good (+4.2x the value of live heap after five gets, against +0.8x
/// through <c>StringGet</c>).
/// </remarks>
internal interface IFrameSourceConnector
{
    /// <summary>The stored frame of <paramref name="key"/>, to read before disposing it, or <see langword="null"/> when the key is missing.</summary>
    FrameSource? OpenFrame(StoreKey key);

    /// <summary>Asynchronous <see cref="OpenFrame"/>.</summary>
    ValueTask<FrameSource?> OpenFrameAsync(StoreKey key, CancellationToken cancellationToken);
}
