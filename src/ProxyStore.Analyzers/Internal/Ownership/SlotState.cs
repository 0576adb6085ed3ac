namespace ProxyStore.Analyzers.Internal.Ownership;

/// <summary>
/// What a slot (a local, or a compiler's flow capture) may hold at a point of the method, as a
/// set of these bits: a join of two paths is their union, and a rule that reports on a state
/// reports only when every path agrees.
/// </summary>
internal static class SlotState
{
    /// <summary>Null or not yet assigned.</summary>
    public const byte Unassigned = 1;

    /// <summary>A live owner or borrow that this method made and must dispose.</summary>
    public const byte Alive = 2;

    /// <summary>A live reference someone else answers for: it came from elsewhere, or was returned, stored or passed on.</summary>
    public const byte Shared = 4;

    /// <summary>Disposed (an owner) or released (a borrow).</summary>
    public const byte Disposed = 8;

    /// <summary>Moved: passed to a <c>[TakesOwnership]</c> parameter, such as <c>Ownership.IntoOwned</c>'s.</summary>
    public const byte Moved = 16;

    /// <summary>Sent to another process: its value serialized by <c>ProxyReference.Serialize</c>.</summary>
    public const byte Sent = 32;

    /// <summary>The states after which the checked members throw or the reference belongs to someone else.</summary>
    public const byte Ended = Disposed | Moved | Sent;

    /// <summary>Whether every path has ended the reference (and at least one path reaches here).</summary>
    public static bool IsEnded(byte bits) => bits != 0 && (bits & ~Ended) == 0;

    /// <summary>How the reference ended, for the message of PXS0103.</summary>
    public static string Describe(byte bits) => bits switch
    {
        Disposed => "disposed",
        Moved => "moved",
        Sent => "sent to another process",
        _ => "disposed, moved or sent",
    };
}
