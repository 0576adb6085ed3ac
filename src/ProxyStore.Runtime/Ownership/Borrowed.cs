namespace ProxyStore;

/// <summary>
/// A shared borrow of an <see cref="Owned{T}"/>'s object (Python ProxyStore's <c>RefProxy</c>): any number
/// may be alive at once, none beside a <see cref="MutBorrowed{T}"/>. Disposing it releases the
/// borrow; the owner cannot be disposed while it is alive.
/// </summary>
/// <remarks>Thread-safe; releasing twice releases once.</remarks>
/// <typeparam name="T">The proxied type.</typeparam>
public sealed class Borrowed<T> : IDisposable, IAsyncDisposable
    where T : class
{
    private readonly Owned<T> _owner;
    private readonly T _value;
    private int _released;

    internal Borrowed(Owned<T> owner, T value)
    {
        _owner = owner;
        _value = value;
        Ownership.Register(value, this);
    }

    /// <summary>The key of the borrowed object.</summary>
    public StoreKey Key => _owner.Key;

    /// <summary>The transparent lazy proxy of the borrowed object.</summary>
    /// <exception cref="ReferenceInvalidException">The borrow is released.</exception>
    public T Value => IsReleased ? throw _owner.Invalid("The shared borrow of", "used after it was released") : _value;

    /// <summary>Whether the borrow is released.</summary>
    public bool IsReleased => Volatile.Read(ref _released) == 1;

    /// <summary>Releases the borrow; a second call does nothing.</summary>
    public void Dispose()
    {
        // Exactly one caller releases, so the owner's count moves once per borrow.
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            Ownership.Unregister(_value);
            _owner.Release(mutable: false);
        }
    }

    /// <summary>Releases the borrow, as <see cref="Dispose"/>; nothing to wait for.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override string ToString() => $"Borrowed<{typeof(T).Name}>(key={Key}, store={_owner.Store.Name}{(IsReleased ? ", released" : "")})";
}
