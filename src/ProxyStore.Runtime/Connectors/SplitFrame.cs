using System.Buffers;

namespace ProxyStore.Connectors;

/// <summary>
/// What <see cref="ISplitFrameConnector.ReadSplit"/> read: a short frame lent whole, or the part
/// of a long one after its head, in an array the caller keeps; neither when the key is missing.
/// </summary>
internal readonly record struct SplitFrame(IMemoryOwner<byte>? Whole, byte[]? Rest);
