namespace ProxyStore;

/// <summary>
/// What a process knows of an owned or borrowed reference it received: the kind, and whether it
/// was taken (<see cref="Ownership.IntoOwned{T}(T, bool)"/>) or sent on. A received borrow has no
/// owner here, so releasing it is the sender's business (as in Python, where a borrow
/// unpickled in another process has no owner).
/// </summary>
internal sealed class ReceivedReference : ISendableReference
{
    private int _state; // 0 received, 1 taken or sent on

    public ReceivedReference(ReferenceKind kind, StoreKey key, string storeName)
    {
        Kind = kind;
        Key = key;
        StoreName = storeName;
    }

    public ReferenceKind Kind { get; }

    public StoreKey Key { get; }

    public string StoreName { get; }

    public bool IsGone => Volatile.Read(ref _state) == 1;

    public void CheckSendable()
    {
        if (IsGone)
        {
            throw Gone("sent");
        }
    }

    public void MarkSent() => Take("sent");

    /// <summary>Marks the reference taken, once: a second take (or a send after it) is refused.</summary>
    /// <exception cref="ReferenceInvalidException">It was taken or sent on already.</exception>
    public void Take(string what)
    {
        if (Interlocked.Exchange(ref _state, 1) == 1)
        {
            throw Gone(what);
        }
    }

    private ReferenceInvalidException Gone(string what) => new(
        Key,
        StoreName,
        $"The received {Describe(Kind)} of '{Key}' in store '{StoreName}' cannot be {what}: it was taken or sent on already.");

    internal static string Describe(ReferenceKind kind) => kind switch
    {
        ReferenceKind.Owned => "owner",
        ReferenceKind.Shared => "shared borrow",
        _ => "mutable borrow",
    };
}
