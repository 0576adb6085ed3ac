namespace ProxyStore;

/// <summary>A frame held in memory: a connector's stored array, an array it returned, or a pooled buffer it filled (given back on dispose).</summary>
internal sealed class MemoryFrameSource(ReadOnlyMemory<byte> frame, IDisposable? owner = null) : FrameSource
{
    /// <inheritdoc />
    public override int Length => frame.Length;

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
