namespace ProxyStore;

/// <summary>
/// The mutable borrow of an <see cref="Owned{T}"/>'s object (Python ProxyStore's <c>RefMutProxy</c>):
/// the only borrow alive while it is. Disposing it releases the borrow; the owner cannot be
/// disposed while it is alive.
/// </summary>
/// <remarks>Thread-safe; releasing twice releases once.</remarks>
/// <typeparam name="T">The proxied type.</typeparam>
public sealed class MutBorrowed<T> : IDisposable, IAsyncDisposable
    where T : class
{
    private readonly Owned<T> _owner;
    private readonly T _value;
    private int _released;

    internal MutBorrowed(Owned<T> owner, T value)
    {
        _owner = owner;
        _value = value;
        Ownership.Register(value, this);
    }

    /// <summary>The key of the borrowed object.</summary>
    public StoreKey Key => _owner.Key;

    /// <summary>The transparent lazy proxy of the borrowed object.</summary>
    /// <exception cref="ReferenceInvalidException">The borrow is released.</exception>
    public T Value => IsReleased ? throw _owner.Invalid("The mutable borrow of", "used after it was released") : _value;

    /// <summary>Whether the borrow is released.</summary>
    public bool IsReleased => Volatile.Read(ref _released) == 1;

    /// <summary>
    /// Writes the local target of <see cref="Value"/>, mutated in place, back to the store under
    /// the same key; nothing to do when the value was never resolved.
    /// </summary>
    /// <exception cref="ReferenceInvalidException">The borrow is released.</exception>
    /// <exception cref="NotSupportedException">The store's connector cannot set a key.</exception>
    public void Update() => _owner.UpdateFrom(_value, () => IsReleased);

    /// <summary>Releases the borrow; a second call does nothing.</summary>
    public void Dispose()
    {
        // Exactly one caller releases, so the owner's count moves once per borrow.
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            Ownership.Unregister(_value);
            _owner.Release(mutable: true);
        }
    }

    /// <summary>Releases the borrow, as <see cref="Dispose"/>; nothing to wait for.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override string ToString() => $"MutBorrowed<{typeof(T).Name}>(key={Key}, store={_owner.Store.Name}{(IsReleased ? ", released" : "")})";
}
