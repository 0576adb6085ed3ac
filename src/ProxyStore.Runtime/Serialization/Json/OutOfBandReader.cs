namespace ProxyStore.Serialization.Json;

/// <summary>
/// Hands the arrays stored after an object's JSON to the converters that read the JSON, each
/// straight into the new array that becomes the value, and each at most once: a JSON that names
/// one buffer many times cannot make a small frame allocate much.
/// </summary>
internal sealed class OutOfBandReader
{
    [ThreadStatic]
    private static OutOfBandReader? s_current;

    private readonly OutOfBandReader? _outer;
    private readonly PayloadReader? _payload;
    private readonly (int Offset, int Length)[] _regions;
    private readonly IReadOnlyList<ReadOnlyMemory<byte>>? _buffers;
    private readonly bool[] _taken;

    private OutOfBandReader(PayloadReader? payload, (int Offset, int Length)[] regions, IReadOnlyList<ReadOnlyMemory<byte>>? buffers)
    {
        _outer = s_current;
        _payload = payload;
        _regions = regions;
        _buffers = buffers;
        _taken = new bool[regions.Length];
    }

    /// <summary>The buffers of this thread's deserialization, or <see langword="null"/> outside one.</summary>
    public static OutOfBandReader? Current => s_current;

    /// <summary>How many buffers follow the JSON.</summary>
    public int Count => _regions.Length;

    /// <summary>Starts reading an object whose buffers are <paramref name="regions"/> of what <paramref name="payload"/> reads.</summary>
    public static OutOfBandReader Begin(PayloadReader payload, (int Offset, int Length)[] regions) => s_current = new OutOfBandReader(payload, regions, null);

    /// <summary>Starts reading JSON just written, whose buffers are still the writer's memory.</summary>
    public static OutOfBandReader Begin(IReadOnlyList<ReadOnlyMemory<byte>> buffers) =>
        s_current = new OutOfBandReader(null, [.. buffers.Select(b => (0, b.Length))], buffers);

    /// <summary>Stops, back to the deserialization this one was started in.</summary>
    public void End() => s_current = _outer;

    /// <summary>The length in bytes of buffer <paramref name="index"/>.</summary>
    /// <exception cref="System.Text.Json.JsonException">There is no such buffer, or it was read already.</exception>
    public int Take(int index)
    {
        if ((uint)index >= (uint)_regions.Length)
        {
            throw new System.Text.Json.JsonException($"The JSON refers to buffer {index}, and {_regions.Length} follow it.");
        }

        if (_taken[index])
        {
            throw new System.Text.Json.JsonException($"The JSON refers to buffer {index} twice; each array has a buffer of its own.");
        }

        _taken[index] = true;
        return _regions[index].Length;
    }

    /// <summary>Buffer <paramref name="index"/>, taken with <see cref="Take"/>, lent in place when the frame's memory outlives the get (see <see cref="PayloadReader.TryLend"/>).</summary>
    public bool TryLend(int index, out ReadOnlyMemory<byte> bytes)
    {
        if (_payload is null)
        {
            bytes = default;
            return false;
        }

        return _payload.TryLend(_regions[index].Offset, _regions[index].Length, out bytes);
    }

    /// <summary>Reads buffer <paramref name="index"/>, taken with <see cref="Take"/>, into <paramref name="destination"/> (its length).</summary>
    public void Read(int index, Span<byte> destination)
    {
        if (_buffers is not null)
        {
            _buffers[index].Span.CopyTo(destination);
            return;
        }

        _payload!.ReadInto(_regions[index].Offset, destination);
    }
}
