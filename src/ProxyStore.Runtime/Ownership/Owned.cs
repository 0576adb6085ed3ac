namespace ProxyStore;

/// <summary>
/// The one owner of an object in a store (Rust's rules, as Python ProxyStore's
/// <c>OwnedProxy</c>): its <see cref="Value"/> is a transparent lazy proxy of the object, it
/// lends the object out as any number of <see cref="Borrowed{T}"/> or one
/// <see cref="MutBorrowed{T}"/>, and disposing it evicts the object from the store.
/// </summary>
/// <remarks>
/// Thread-safe: borrows, releases, updates and disposal of one owner are serialized by a lock
/// of that owner. Validity is checked where the value is taken (<see cref="Value"/>): a proxy
/// taken from a valid owner and kept past the owner's disposal resolves to nothing (the object
/// is evicted), so take the value from the owner at each use.
/// </remarks>
/// <typeparam name="T">The proxied type.</typeparam>
public sealed class Owned<T> : IDisposable, IAsyncDisposable
    where T : class
{
    private readonly Lock _gate = new();
    private readonly T _value;

    // Guarded by _gate.
    private int _shared;
    private bool _mutable;
    private bool _disposed;

    internal Owned(Store store, StoreKey key, T value)
    {
        Store = store;
        Key = key;
        _value = value;
        Ownership.Register(value, this);
    }

    /// <summary>The key of the owned object.</summary>
    public StoreKey Key { get; }

    /// <summary>The store that holds the owned object.</summary>
    public Store Store { get; }

    /// <summary>The transparent lazy proxy of the owned object.</summary>
    /// <exception cref="ReferenceInvalidException">The owner is disposed.</exception>
    public T Value
    {
        get
        {
            lock (_gate)
            {
                ThrowIfDisposed("used");
                return _value;
            }
        }
    }

    /// <summary>Whether the owner is disposed (and its object evicted).</summary>
    public bool IsDisposed
    {
        get
        {
            lock (_gate)
            {
                return _disposed;
            }
        }
    }

    /// <summary>How many shared borrows are alive.</summary>
    public int SharedBorrows
    {
        get
        {
            lock (_gate)
            {
                return _shared;
            }
        }
    }

    /// <summary>Whether a mutable borrow is alive.</summary>
    public bool IsMutablyBorrowed
    {
        get
        {
            lock (_gate)
            {
                return _mutable;
            }
        }
    }

    /// <summary>A shared borrow of the object; any number may be alive at once, but not beside a mutable one.</summary>
    /// <exception cref="MutableBorrowException">The owner is mutably borrowed.</exception>
    /// <exception cref="ReferenceInvalidException">The owner is disposed.</exception>
    public Borrowed<T> Borrow()
    {
        T value = NewBorrowProxy();
        lock (_gate)
        {
            ThrowIfDisposed("borrowed");
            if (_mutable)
            {
                throw new MutableBorrowException(Key, Store.Name, $"The owner of '{Key}' in store '{Store.Name}' is mutably borrowed; it cannot be borrowed again until that borrow is released.");
            }

            _shared++;
        }

        return new Borrowed<T>(this, value);
    }

    /// <summary>The mutable borrow of the object: it must be the only borrow alive, of either kind.</summary>
    /// <exception cref="MutableBorrowException">The owner is borrowed already, mutably or not.</exception>
    /// <exception cref="ReferenceInvalidException">The owner is disposed.</exception>
    public MutBorrowed<T> MutBorrow()
    {
        T value = NewBorrowProxy();
        lock (_gate)
        {
            ThrowIfDisposed("mutably borrowed");
            if (_mutable || _shared > 0)
            {
                throw new MutableBorrowException(
                    Key,
                    Store.Name,
                    $"The owner of '{Key}' in store '{Store.Name}' is borrowed already ({Describe()}); a mutable borrow must be the only borrow.");
            }

            _mutable = true;
        }

        return new MutBorrowed<T>(this, value);
    }

    /// <summary>
    /// Writes the local target of <see cref="Value"/>, mutated in place, back to the store under
    /// the same key; nothing to do when the value was never resolved.
    /// </summary>
    /// <remarks>Stores in other processes may keep serving the old object from their caches, as in Python ProxyStore.</remarks>
    /// <exception cref="MutableBorrowException">The owner is borrowed: a borrow may be reading or writing the object.</exception>
    /// <exception cref="ReferenceInvalidException">The owner is disposed.</exception>
    /// <exception cref="NotSupportedException">The store's connector cannot set a key.</exception>
    public void Update()
    {
        lock (_gate)
        {
            ThrowIfDisposed("updated");
            if (_mutable || _shared > 0)
            {
                throw new MutableBorrowException(Key, Store.Name, $"The owner of '{Key}' in store '{Store.Name}' is borrowed ({Describe()}); it cannot update the object until the borrows are released.");
            }

            // Under the lock, so no borrow begins halfway through the write.
            WriteBack(_value);
        }
    }

    /// <summary>
    /// A new owner of a copy of the object under a new key: the resolved target is put again,
    /// and the copy's value resolves from the store, so the two never share an instance.
    /// </summary>
    /// <exception cref="ReferenceInvalidException">The owner is disposed.</exception>
    public Owned<T> Clone()
    {
        T target = Proxies.Extract(Value);
        return Store.OwnedProxy(target, populateTarget: false);
    }

    /// <summary>Evicts the object from the store; a second call does nothing.</summary>
    /// <exception cref="ReferenceInvalidException">A borrow is still alive; the owner stays valid.</exception>
    public void Dispose()
    {
        if (BeginDispose())
        {
            try
            {
                Store.Evict(Key);
            }
            catch (ObjectDisposedException) when (Store.IsDisposed)
            {
                // The store went first; whatever it keeps is its own to clean up.
            }
        }
    }

    /// <summary>Asynchronous <see cref="Dispose"/>.</summary>
    /// <exception cref="ReferenceInvalidException">A borrow is still alive; the owner stays valid.</exception>
    public async ValueTask DisposeAsync()
    {
        if (BeginDispose())
        {
            try
            {
                await Store.EvictAsync(Key).ConfigureAwait(false);
            }
            catch (ObjectDisposedException) when (Store.IsDisposed)
            {
                // The store went first; whatever it keeps is its own to clean up.
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"Owned<{typeof(T).Name}>(key={Key}, store={Store.Name}, {(IsDisposed ? "disposed" : Describe())})";

    /// <summary>Ends a borrow; called once per borrow, by the borrow.</summary>
    internal void Release(bool mutable)
    {
        lock (_gate)
        {
            if (mutable)
            {
                _mutable = false;
            }
            else
            {
                _shared--;
            }
        }
    }

    /// <summary>Writes a mutable borrow's target back, under the lock like <see cref="Update"/>.</summary>
    internal void UpdateFrom(T borrowValue, Func<bool> released)
    {
        lock (_gate)
        {
            if (released())
            {
                throw Invalid("The mutable borrow of", "updated after it was released");
            }

            WriteBack(borrowValue);
        }
    }

    internal ReferenceInvalidException Invalid(string who, string what) =>
        new(Key, Store.Name, $"{who} '{Key}' in store '{Store.Name}' cannot be {what}.");

    private bool BeginDispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }

            if (_mutable || _shared > 0)
            {
                throw new ReferenceInvalidException(
                    Key,
                    Store.Name,
                    $"The owner of '{Key}' in store '{Store.Name}' cannot be disposed while borrowed ({Describe()}): the borrows would point to an evicted object.");
            }

            _disposed = true;
        }

        Ownership.Unregister(_value);
        return true;
    }

    private void WriteBack(T proxy)
    {
        if (Proxies.IsResolved(proxy))
        {
            Store.Overwrite(Key, Proxies.Extract(proxy));
        }
    }

    /// <summary>A borrow's own proxy of the key, resolved already when the owner's is, so a borrow of a resolved owner shares its target.</summary>
    private T NewBorrowProxy()
    {
        var factory = (StoreFactory<T>)Proxies.GetFactory(_value);
        T? target = Proxies.IsResolved(_value) ? Proxies.Extract(_value) : null;
        return ProxyBuilder.Create(new StoreFactory<T>(Key, factory.StoreConfig, evict: false, factory.ObjectType) { TraceParent = factory.TraceParent }, target);
    }

    private void ThrowIfDisposed(string what)
    {
        if (_disposed)
        {
            throw Invalid("The owner of", $"{what}: it is disposed and its object evicted");
        }
    }

    private string Describe() => $"{_shared} shared borrow(s), {(_mutable ? 1 : 0)} mutable borrow(s)";
}
