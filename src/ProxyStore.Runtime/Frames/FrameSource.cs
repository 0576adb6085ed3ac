namespace ProxyStore;

/// <summary>
/// A stored frame open for reading: in memory (the connector's own storage, a buffer it filled)
/// or on a medium read piece by piece (a file), so that large arrays are read straight into the
/// arrays the caller gets.
/// </summary>
internal abstract class FrameSource : IDisposable
{
    /// <summary>The frame's length in bytes, as the medium holds it.</summary>
    public abstract int Length { get; }

    /// <summary>
    /// The time spent reading a medium (the reader adds it up), in <see cref="System.Diagnostics.Stopwatch"/>
    /// ticks: a get counts it as the connector's, not the deserializer's. Zero for memory.
    /// </summary>
    public long ReadTicks { get; set; }

    /// <summary>The whole frame, when it is in memory; it stays valid until this source is disposed.</summary>
    public virtual bool TryGetMemory(out ReadOnlyMemory<byte> frame)
    {
        frame = default;
        return false;
    }

    /// <summary>
    /// Whether the memory of <see cref="TryGetMemory"/> outlives this source and never changes (a
    /// connector's own stored array, or an array it handed over): a deserialized object may then
    /// keep read-only memory over it instead of a copy.
    /// </summary>
    public virtual bool IsLendable => false;

    /// <summary>
    /// Whether a store of this process sealed this frame in memory that nothing has been able to
    /// write since (an in-memory connector's own array, handed over by the store): its checksum
    /// need not be computed again to read it. Never true of bytes that came from a medium.
    /// </summary>
    public virtual bool IsSealedHere => false;

    /// <summary>Reads exactly <paramref name="destination"/>'s length of bytes from <paramref name="offset"/>.</summary>
    /// <exception cref="IOException">The medium ended early or failed; the message names where.</exception>
    public abstract void Read(int offset, Span<byte> destination);

    /// <inheritdoc />
    public virtual void Dispose()
    {
    }
}
