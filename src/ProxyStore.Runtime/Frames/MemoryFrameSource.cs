namespace ProxyStore;

/// <summary>
/// A frame held in memory: a connector's stored array (which never changes), an array it
/// returned (which nobody else has), or a pooled buffer it filled (given back on dispose).
/// </summary>
internal sealed class MemoryFrameSource(ReadOnlyMemory<byte> frame, IDisposable? owner = null, bool sealedHere = false) : FrameSource
{
    /// <inheritdoc />
    public override int Length => frame.Length;

    /// <inheritdoc />
    /// <remarks>A pooled buffer (one with an owner to give it back to) is reused after the get; an array nobody gives back is not.</remarks>
    public override bool IsLendable => owner is null;

    /// <inheritdoc />
    public override bool IsSealedHere => sealedHere;

    /// <inheritdoc />
    public override bool TryGetMemory(out ReadOnlyMemory<byte> memory)
    {
        memory = frame;
        return true;
    }

    /// <inheritdoc />
    public override void Read(int offset, Span<byte> destination) => frame.Span.Slice(offset, destination.Length).CopyTo(destination);

    /// <inheritdoc />
    public override void Dispose() => owner?.Dispose();
}
