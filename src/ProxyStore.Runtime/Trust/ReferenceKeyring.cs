namespace ProxyStore;

/// <summary>A set of reference keys, the last added signing: the process's is <see cref="ReferenceKeys"/>. Thread-safe.</summary>
internal sealed class ReferenceKeyring
{
    private readonly Lock _gate = new();

    // Replaced whole under _gate, read without it.
    private ReferenceKey[] _keys;

    public ReferenceKeyring(params ReferenceKey[] keys) => _keys = keys;

    public bool Enabled => Volatile.Read(ref _keys).Length > 0;

    /// <summary>The key that signs, or null when there is none.</summary>
    public ReferenceKey? Signing => Volatile.Read(ref _keys) is { Length: > 0 } keys ? keys[^1] : null;

    public void Add(ReferenceKey key)
    {
        lock (_gate)
        {
            Volatile.Write(ref _keys, [.. Volatile.Read(ref _keys).Where(k => k.Id != key.Id), key]);
        }
    }

    /// <summary>The key with <paramref name="id"/>, or null.</summary>
    public ReferenceKey? Find(ReadOnlySpan<char> id)
    {
        foreach (ReferenceKey key in Volatile.Read(ref _keys))
        {
            if (id.SequenceEqual(key.Id))
            {
                return key;
            }
        }

        return null;
    }
}
