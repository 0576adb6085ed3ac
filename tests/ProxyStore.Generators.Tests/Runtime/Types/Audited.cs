namespace ProxyStore.Generators.Tests.Runtime.Types;

/// <summary>
/// A class whose public constructor validates its argument and counts itself. Its proxy must
/// call only the protected parameterless constructor, never the public one with made-up arguments.
/// </summary>
[Proxiable]
public class Audited
{
    private static int s_validated;

    // A field, not a virtual property set in the constructor: the proxy's base constructor must not call virtual members.
    private string _owner = string.Empty;

    /// <summary>For serialization and the proxy: no validation, no count.</summary>
    protected Audited()
    {
    }

    public Audited(string owner)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        Interlocked.Increment(ref s_validated);
        _owner = owner;
    }

    /// <summary>How many times the validating constructor ran.</summary>
    public static int Validated => Volatile.Read(ref s_validated);

    public virtual string Owner
    {
        get => _owner;
        set => _owner = value;
    }
}
