using System.Buffers;

namespace ProxyStore.Connectors;

/// <summary>
/// A connector that lends the store a stored frame instead of handing out a new array (issue 19).
/// Through <see cref="IConnector"/> a get returns an array the caller owns; the store needs no
/// such array, since it reads a frame once, to deserialize it, and the deserialized object is
/// what the caller gets.
/// </summary>
/// <remarks>
/// LocalConnector lends its own storage; FileConnector reads into a pooled buffer. RedisConnector
/// does not implement it: reading into a pooled <c>StringGetLease</c> left each 200 MB value's
/// buffer in the shared array pool for good (+4.2x the value of live heap after five gets,
/// against +0.8x through <c>StringGet</c>).
/// </remarks>
internal interface IFrameConnector
{
    /// <summary>
    /// The stored frame of <paramref name="key"/>, to read before disposing it, or
    /// <see langword="null"/> when the key is missing. It may be the connector's own storage
    /// (never write to it) or a pooled buffer (never keep it after disposing).
    /// </summary>
    IMemoryOwner<byte>? GetFrame(StoreKey key);

    /// <summary>Asynchronous <see cref="GetFrame"/>.</summary>
    ValueTask<IMemoryOwner<byte>?> GetFrameAsync(StoreKey key, CancellationToken cancellationToken);
}
