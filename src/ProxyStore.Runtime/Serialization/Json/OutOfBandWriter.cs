namespace ProxyStore.Serialization.Json;

/// <summary>
/// Collects the arrays a JSON serialization on this thread takes out of the JSON, in the order
/// it meets them: they are written after the JSON, and the JSON refers to them by index.
/// </summary>
internal sealed class OutOfBandWriter
{
    [ThreadStatic]
    private static OutOfBandWriter? s_current;

    private readonly OutOfBandWriter? _outer;

    private OutOfBandWriter(OutOfBandWriter? outer) => _outer = outer;

    /// <summary>The collector of this thread's serialization, or <see langword="null"/> outside one.</summary>
    public static OutOfBandWriter? Current => s_current;

    /// <summary>The arrays' bytes, the caller's own memory, by index.</summary>
    public List<ReadOnlyMemory<byte>> Buffers { get; } = [];

    /// <summary>Starts collecting for a serialization on this thread; <see cref="End"/> stops.</summary>
    /// <remarks>A serialization can start another on the same thread (an owned reference put while being written): each has its own.</remarks>
    public static OutOfBandWriter Begin() => s_current = new OutOfBandWriter(s_current);

    /// <summary>Stops collecting, back to the serialization this one was started in.</summary>
    public void End() => s_current = _outer;

    /// <summary>Takes <paramref name="bytes"/> out of the JSON; returns the index the JSON refers to it by.</summary>
    public int Add(ReadOnlyMemory<byte> bytes)
    {
        Buffers.Add(bytes);
        return Buffers.Count - 1;
    }
}
