namespace ProxyStore;

/// <summary>
/// The mutable borrow of an <see cref="Owned{T}"/>'s object (Python ProxyStore's <c>RefMutProxy</c>):
/// the only borrow alive while it is. Disposing it releases the borrow; the owner cannot be
/// disposed while it is alive.
/// </summary>
/// <remarks>
/// Thread-safe; releasing twice releases once. Serializing <see cref="Value"/> sends the borrow
/// to another process, which may update the object through it: from then on <see cref="Value"/>
/// is invalid here, but the borrow still counts on its owner until it is disposed (or released
/// by <see cref="Scopes"/> when the work it was sent to completes), as in Python.
/// </remarks>
/// <typeparam name="T">The proxied type.</typeparam>
public sealed class MutBorrowed<T> : IDisposable, IAsyncDisposable, ISendableReference
    where T : class
{
    private readonly BorrowState<T> _state;

    internal MutBorrowed(Owned<T> owner, T value) => _state = new BorrowState<T>(owner, value, this, "The mutable borrow of");

    /// <summary>The key of the borrowed object.</summary>
    public StoreKey Key => _state.Owner.Key;

    /// <summary>The transparent lazy proxy of the borrowed object.</summary>
    /// <exception cref="ReferenceInvalidException">The borrow is released, or was sent to another process.</exception>
    public T Value => _state.Value;

    /// <summary>Whether the borrow is released.</summary>
    public bool IsReleased => _state.IsReleased;

    /// <summary>Whether the borrow's value was sent (serialized) to another process, which makes it invalid here.</summary>
    public bool IsSent => _state.IsSent;

    ReferenceKind ISendableReference.Kind => ReferenceKind.Mutable;

    /// <summary>
    /// Writes the local target of <see cref="Value"/>, mutated in place, back to the store under
    /// the same key; nothing to do when the value was never resolved.
    /// </summary>
    /// <exception cref="ReferenceInvalidException">The borrow is released or sent.</exception>
    /// <exception cref="NotSupportedException">The store's connector cannot set a key.</exception>
    public void Update() => _state.Owner.WriteBack(_state.RawValue, () => _state.ThrowIfInvalid("updated"));

    /// <summary>Asynchronous <see cref="Update"/>.</summary>
    /// <param name="cancellationToken">Stops the update before the old object is evicted; once evicted, the new one is written regardless.</param>
    public ValueTask UpdateAsync(CancellationToken cancellationToken = default) =>
        _state.Owner.WriteBackAsync(_state.RawValue, () => _state.ThrowIfInvalid("updated"), cancellationToken);

    /// <summary>Releases the borrow; a second call does nothing.</summary>
    public void Dispose() => _state.Release(mutable: true);

    /// <summary>Releases the borrow, as <see cref="Dispose"/>; nothing to wait for.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override string ToString() => $"MutBorrowed<{typeof(T).Name}>(key={Key}, store={_state.Owner.Store.Name}{_state.Describe()})";

    void ISendableReference.CheckSendable() => _state.CheckSendable();

    void ISendableReference.MarkSent() => _state.MarkSent();
}
