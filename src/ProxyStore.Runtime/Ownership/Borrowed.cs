namespace ProxyStore;

/// <summary>
/// A shared borrow of an <see cref="Owned{T}"/>'s object (Python ProxyStore's <c>RefProxy</c>): any number
/// may be alive at once, none beside a <see cref="MutBorrowed{T}"/>. Disposing it releases the
/// borrow; the owner cannot be disposed while it is alive.
/// </summary>
/// <remarks>
/// Thread-safe; releasing twice releases once. Serializing <see cref="Value"/> sends the borrow
/// to another process: from then on <see cref="Value"/> is invalid here, but the borrow still
/// counts on its owner until it is disposed (or released by <see cref="Scopes"/> when the work it
/// was sent to completes), as in Python.
/// </remarks>
/// <typeparam name="T">The proxied type.</typeparam>
public sealed class Borrowed<T> : IDisposable, IAsyncDisposable, ISendableReference
    where T : class
{
    private readonly BorrowState<T> _state;

    internal Borrowed(Owned<T> owner, T value) => _state = new BorrowState<T>(owner, value, this, "The shared borrow of");

    /// <summary>The key of the borrowed object.</summary>
    public StoreKey Key => _state.Owner.Key;

    /// <summary>The transparent lazy proxy of the borrowed object.</summary>
    /// <exception cref="ReferenceInvalidException">The borrow is released, or was sent to another process.</exception>
    public T Value => _state.Value;

    /// <summary>Whether the borrow is released.</summary>
    public bool IsReleased => _state.IsReleased;

    /// <summary>Whether the borrow's value was sent (serialized) to another process, which makes it invalid here.</summary>
    public bool IsSent => _state.IsSent;

    ReferenceKind ISendableReference.Kind => ReferenceKind.Shared;

    /// <summary>Releases the borrow; a second call does nothing.</summary>
    public void Dispose() => _state.Release(mutable: false);

    /// <summary>Releases the borrow, as <see cref="Dispose"/>; nothing to wait for.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override string ToString() => $"Borrowed<{typeof(T).Name}>(key={Key}, store={_state.Owner.Store.Name}{_state.Describe()})";

    void ISendableReference.CheckSendable() => _state.CheckSendable();

    void ISendableReference.MarkSent() => _state.MarkSent();
}
