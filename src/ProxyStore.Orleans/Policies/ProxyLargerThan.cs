namespace ProxyStore.Orleans;

/// <summary>
/// Proxies values larger than a number of bytes, by an estimate that costs no serialization:
/// strings and arrays of primitives count their bytes, collections of them add up, and any other
/// object adds up what its public properties and fields hold, two levels deep. Pass
/// <c>sizeOf</c> where that estimate does not fit your types.
/// </summary>
public sealed class ProxyLargerThan : ProxyPolicy
{
    private readonly Func<object, long> _sizeOf;

    /// <summary>Proxies values whose size is more than <paramref name="bytes"/>.</summary>
    /// <param name="bytes">The threshold; not negative.</param>
    /// <param name="sizeOf">Measures a value in bytes; the built-in estimate when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bytes"/> is negative.</exception>
    public ProxyLargerThan(long bytes, Func<object, long>? sizeOf = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        Bytes = bytes;
        _sizeOf = sizeOf ?? SizeEstimate.Of;
    }

    /// <summary>The threshold in bytes.</summary>
    public long Bytes { get; }

    /// <inheritdoc />
    public override bool ShouldProxy(object value) => _sizeOf(value) > Bytes;

    /// <inheritdoc />
    public override string ToString() => $"ProxyLargerThan({Bytes})";
}
