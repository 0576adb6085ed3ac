namespace ProxyStore;

/// <summary>
/// What a shared and a mutable borrow share: the owner, the borrow's own proxy, and whether the
/// borrow was released or sent. Released and sent are separate: a sent borrow still counts on
/// its owner until released.
/// </summary>
/// <typeparam name="T">The proxied type.</typeparam>
internal sealed class BorrowState<T>
    where T : class
{
    private const int Released = 1;
    private const int Sent = 2;

    private readonly string _who;
    private int _flags;

    public BorrowState(Owned<T> owner, T value, object borrow, string who)
    {
        Owner = owner;
        RawValue = value;
        _who = who;
        Ownership.Register(value, borrow);
    }

    public Owned<T> Owner { get; }

    /// <summary>The proxy, unchecked.</summary>
    public T RawValue { get; }

    public T Value
    {
        get
        {
            ThrowIfInvalid("used");
            return RawValue;
        }
    }

    public bool IsReleased => (Volatile.Read(ref _flags) & Released) != 0;

    public bool IsSent => (Volatile.Read(ref _flags) & Sent) != 0;

    /// <summary>Throws when the borrow cannot be <paramref name="what"/>: it was released or sent.</summary>
    /// <exception cref="ReferenceInvalidException">It cannot.</exception>
    public void ThrowIfInvalid(string what)
    {
        int flags = Volatile.Read(ref _flags);
        if ((flags & Released) != 0)
        {
            throw Owner.Invalid(_who, $"{what} after it was released");
        }

        if ((flags & Sent) != 0)
        {
            throw Owner.Invalid(_who, $"{what} after it was sent to another process");
        }
    }

    public void CheckSendable() => ThrowIfInvalid("sent");

    public void MarkSent()
    {
        while (true)
        {
            // Strict, so of two serializations racing to send this borrow exactly one wins.
            ThrowIfInvalid("sent");
            int flags = Volatile.Read(ref _flags);
            if (Interlocked.CompareExchange(ref _flags, flags | Sent, flags) == flags)
            {
                return;
            }
        }
    }

    /// <summary>Releases the borrow once: exactly one caller moves the owner's count.</summary>
    public void Release(bool mutable)
    {
        while (true)
        {
            int flags = Volatile.Read(ref _flags);
            if ((flags & Released) != 0)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _flags, flags | Released, flags) == flags)
            {
                Ownership.Unregister(RawValue);
                Owner.Release(mutable);
                return;
            }
        }
    }

    public string Describe() => IsReleased ? ", released" : IsSent ? ", sent" : "";
}
