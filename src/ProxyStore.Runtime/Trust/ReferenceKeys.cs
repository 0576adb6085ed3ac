namespace ProxyStore;

/// <summary>
/// The reference keys this process holds. With none, references are written and read unsigned,
/// as before. Once it holds one, every reference it writes is signed with the key added last, and
/// every reference it reads (<see cref="ProxyReference"/>, a proxy inside a stored object, a
/// future's reference, an Orleans argument) must carry a valid signature by one of its keys: an
/// unsigned, altered or foreign-signed reference is refused with a
/// <see cref="ReferenceSignatureException"/> before any of its fields is used. A signed reference
/// is refused too by a process that holds no key, which cannot check it. Thread-safe.
/// </summary>
/// <remarks>
/// The process starts holding the key in the <see cref="ReferenceKey.EnvironmentVariable"/>
/// environment variable when it is set. Keys are added, never removed, so the process cannot fall
/// back to accepting unsigned references; adding a new key first to every process, then making
/// it the signing key, rotates keys without refusing references in flight.
/// </remarks>
public static class ReferenceKeys
{
    /// <summary>The process's keys.</summary>
    internal static ReferenceKeyring Process { get; } = new(ReferenceKey.FromEnvironment() is { } key ? [key] : []);

    /// <summary>Whether this process holds any key, and so signs and requires signed references.</summary>
    public static bool Enabled => Process.Enabled;

    /// <summary>Adds <paramref name="key"/>; the process signs its references with it from now on and accepts references signed by it.</summary>
    public static void Add(ReferenceKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Process.Add(key);
    }
}
