namespace ProxyStore;

/// <summary>
/// The one owner of an object in a store (Rust's rules, as Python ProxyStore's
/// <c>OwnedProxy</c>): its <see cref="Value"/> is a transparent lazy proxy of the object, it
/// lends the object out as any number of <see cref="Borrowed{T}"/> or one
/// <see cref="MutBorrowed{T}"/>, and disposing it evicts the object from the store.
/// </summary>
/// <remarks>
/// <para>Thread-safe: borrows, releases, updates, sends and disposal of one owner are serialized
/// by a lock of that owner. Validity is checked where the value is taken (<see cref="Value"/>): a
/// proxy taken from a valid owner and kept past the owner's disposal resolves to nothing (the
/// object is evicted), so take the value from the owner at each use.</para>
/// <para>Serializing <see cref="Value"/> (putting it, or an object holding it, in a store, or
/// <see cref="ProxyReference.Serialize"/>) sends the ownership with it: this owner becomes invalid
/// and its disposal no longer evicts, and the receiver takes ownership with
/// <see cref="Ownership.IntoOwned{T}(T, bool)"/>. An owner that is borrowed cannot be sent.</para>
/// </remarks>
/// <typeparam name="T">The proxied type.</typeparam>
public sealed class Owned<T> : IDisposable, IAsyncDisposable, ISendableReference
    where T : class
{
    private readonly Lock _gate = new();
    private readonly T _value;

    // Guarded by _gate.
    private int _shared;
    private bool _mutable;
    private bool _updating;
    private bool _disposed;
    private bool _sent;

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
    /// <exception cref="ReferenceInvalidException">The owner is disposed, or was sent to another process.</exception>
    public T Value
    {
        get
        {
            lock (_gate)
            {
                ThrowIfInvalid("used");
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

    /// <summary>Whether the owner's value was sent (serialized), so that the receiver owns the object and this owner is invalid.</summary>
    public bool IsSent
    {
        get
        {
            lock (_gate)
            {
                return _sent;
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

    ReferenceKind ISendableReference.Kind => ReferenceKind.Owned;

    /// <summary>A shared borrow of the object; any number may be alive at once, but not beside a mutable one.</summary>
    /// <param name="populateTarget">Whether the borrow starts out resolved to the owner's target when the owner is resolved (it never resolves the owner).</param>
    /// <exception cref="MutableBorrowException">The owner is mutably borrowed, or being updated.</exception>
    /// <exception cref="ReferenceInvalidException">The owner is disposed or sent.</exception>
    public Borrowed<T> Borrow(bool populateTarget = true)
    {
        T value = NewBorrowProxy(populateTarget);
        lock (_gate)
        {
            ThrowIfInvalid("borrowed");
            if (_mutable || _updating)
            {
                throw new MutableBorrowException(Key, Store.Name, $"The owner of '{Key}' in store '{Store.Name}' is {(_mutable ? "mutably borrowed" : "being updated")}; it cannot be borrowed again until that ends.");
            }

            _shared++;
        }

        return new Borrowed<T>(this, value);
    }

    /// <summary>The mutable borrow of the object: it must be the only borrow alive, of either kind.</summary>
    /// <param name="populateTarget">Whether the borrow starts out resolved to the owner's target when the owner is resolved (it never resolves the owner).</param>
    /// <exception cref="MutableBorrowException">The owner is borrowed already, mutably or not, or being updated.</exception>
    /// <exception cref="ReferenceInvalidException">The owner is disposed or sent.</exception>
    public MutBorrowed<T> MutBorrow(bool populateTarget = true)
    {
        T value = NewBorrowProxy(populateTarget);
        lock (_gate)
        {
            ThrowIfInvalid("mutably borrowed");
            ThrowIfBorrowed("mutably borrowed: a mutable borrow must be the only borrow");
            _mutable = true;
        }

        return new MutBorrowed<T>(this, value);
    }

    /// <summary>
    /// Writes the local target of <see cref="Value"/>, mutated in place, back to the store under
    /// the same key; nothing to do when the value was never resolved. While it writes, the owner
    /// is lent to the update: borrows and disposal are refused.
    /// </summary>
    /// <remarks>Stores in other processes may keep serving the old object from their caches, as in Python ProxyStore.</remarks>
    /// <exception cref="MutableBorrowException">The owner is borrowed: a borrow may be reading or writing the object.</exception>
    /// <exception cref="ReferenceInvalidException">The owner is disposed or sent.</exception>
    /// <exception cref="NotSupportedException">The store's connector cannot set a key.</exception>
    public void Update() => WriteBack(_value, CheckOwnerUpdate);

    /// <summary>Asynchronous <see cref="Update"/>.</summary>
    /// <param name="cancellationToken">Stops the update before the old object is evicted; once evicted, the new one is written regardless.</param>
    public ValueTask UpdateAsync(CancellationToken cancellationToken = default) => WriteBackAsync(_value, CheckOwnerUpdate, cancellationToken);

    /// <summary>
    /// A new owner of a copy of the object under a new key: the resolved target is put again,
    /// and the copy's value resolves from the store, so the two never share an instance.
    /// </summary>
    /// <exception cref="ReferenceInvalidException">The owner is disposed or sent.</exception>
    public Owned<T> Clone()
    {
        T target = Proxies.Extract(Value);
        return Store.OwnedProxy(target, populateTarget: false);
    }

    /// <summary>Evicts the object from the store; a second call does nothing, and neither does a call after the value was sent.</summary>
    /// <exception cref="ReferenceInvalidException">A borrow is still alive (or an update running); the owner stays valid.</exception>
    /// <exception cref="ForeignObjectException">The key holds something the store did not write (a forged reference); it was left in place.</exception>
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
    /// <exception cref="ReferenceInvalidException">A borrow is still alive (or an update running); the owner stays valid.</exception>
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
    public override string ToString() => $"Owned<{typeof(T).Name}>(key={Key}, store={Store.Name}, {(IsDisposed ? "disposed" : IsSent ? "sent" : Describe())})";

    void ISendableReference.CheckSendable()
    {
        lock (_gate)
        {
            ThrowIfInvalid("sent");
            ThrowIfBorrowed("sent to another process: the borrows would point to an object owned elsewhere");
        }
    }

    void ISendableReference.MarkSent()
    {
        lock (_gate)
        {
            // Strict, so of two serializations racing to send this owner exactly one wins.
            ThrowIfInvalid("sent");
            ThrowIfBorrowed("sent to another process: the borrows would point to an object owned elsewhere");
            _sent = true;
        }
    }

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

    /// <summary>
    /// Writes the target of <paramref name="value"/> (the owner's or its mutable borrow's proxy)
    /// back; nothing to do when it was never resolved. <paramref name="check"/> runs under the
    /// lock first. The write runs outside the lock (it may await), lending the owner to the
    /// update meanwhile, so borrows and disposal are refused until it ends.
    /// </summary>
    internal void WriteBack(T value, Action check)
    {
        if (BeginUpdate(value, check) is { } target)
        {
            try
            {
                Store.Overwrite(Key, target);
            }
            finally
            {
                EndUpdate();
            }
        }
    }

    /// <summary>Asynchronous <see cref="WriteBack"/>.</summary>
    internal async ValueTask WriteBackAsync(T value, Action check, CancellationToken cancellationToken)
    {
        if (BeginUpdate(value, check) is { } target)
        {
            try
            {
                await Store.OverwriteAsync(Key, target, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                EndUpdate();
            }
        }
    }

    internal ReferenceInvalidException Invalid(string who, string what) =>
        new(Key, Store.Name, $"{who} '{Key}' in store '{Store.Name}' cannot be {what}.");

    private void CheckOwnerUpdate()
    {
        ThrowIfInvalid("updated");
        ThrowIfBorrowed("updated until the borrows are released");
    }

    private T? BeginUpdate(T value, Action check)
    {
        lock (_gate)
        {
            check();
            if (!Proxies.IsResolved(value))
            {
                return null;
            }

            _updating = true;
        }

        return Proxies.Extract(value);
    }

    private void EndUpdate()
    {
        lock (_gate)
        {
            _updating = false;
        }
    }

    private bool BeginDispose()
    {
        lock (_gate)
        {
            if (_disposed || _sent)
            {
                return false;
            }

            if (_mutable || _shared > 0 || _updating)
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

    /// <summary>A borrow's own proxy of the key; resolved already when the owner's is and <paramref name="populate"/>, so it shares the owner's target.</summary>
    private T NewBorrowProxy(bool populate)
    {
        var factory = (StoreFactory<T>)Proxies.GetFactory(_value);
        T? target = populate && Proxies.IsResolved(_value) ? Proxies.Extract(_value) : null;
        return ProxyBuilder.Create(new StoreFactory<T>(Key, factory.StoreConfig, evict: false, factory.ObjectType) { TraceParent = factory.TraceParent }, target);
    }

    private void ThrowIfInvalid(string what)
    {
        if (_disposed)
        {
            throw Invalid("The owner of", $"{what}: it is disposed and its object evicted");
        }

        if (_sent)
        {
            throw Invalid("The owner of", $"{what}: its value was sent to another process, which owns the object now");
        }
    }

    private void ThrowIfBorrowed(string what)
    {
        if (_mutable || _shared > 0 || _updating)
        {
            throw new MutableBorrowException(Key, Store.Name, $"The owner of '{Key}' in store '{Store.Name}' is borrowed ({Describe()}); it cannot be {what}.");
        }
    }

    private string Describe() => $"{_shared} shared borrow(s), {(_mutable ? 1 : 0)} mutable borrow(s){(_updating ? ", an update running" : "")}";
}
