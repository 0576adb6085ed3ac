using System.Runtime.CompilerServices;

namespace ProxyStore;

/// <summary>
/// Ownership operations on proxies, as the functions of Python ProxyStore's
/// <c>proxystore/store/ref.py</c>: turning a plain store proxy (or an owner's value received
/// from another process) into an owner, and borrowing or updating through the
/// <see cref="Owned{T}.Value"/> of an owner.
/// </summary>
/// <remarks>
/// Each owner and borrow registers its value here while it is valid, and so does each owned or
/// borrowed reference received from another process, so that a proxy can be told to be an
/// owner's, a borrow's, or neither, without wrapping it in another type.
/// </remarks>
public static class Ownership
{
    // Keys are proxies: weak, so a forgotten owner's proxy does not live forever here.
    private static readonly ConditionalWeakTable<object, object> References = new();

    /// <summary>
    /// Makes <paramref name="proxy"/> into the owner of its object: disposing the returned owner
    /// evicts the object. <paramref name="proxy"/> is a plain proxy of a store, or an owner's
    /// value received from another process (the receiver takes ownership; once only). The proxy
    /// is moved: use the owner's <see cref="Owned{T}.Value"/> from now on, and make sure no copy
    /// of a plain proxy is around (as in Python, that stays the caller's responsibility).
    /// </summary>
    /// <param name="proxy">The proxy.</param>
    /// <param name="populateTarget">Whether the owner's proxy starts out resolved to <paramref name="proxy"/>'s target when that is resolved.</param>
    /// <remarks>The owner's proxy never evicts on resolve, whatever <paramref name="proxy"/> was made with.</remarks>
    /// <exception cref="ArgumentException"><paramref name="proxy"/> is not a proxy of a store, or is already an owner's or a borrow's value (here or received).</exception>
    /// <exception cref="ReferenceInvalidException"><paramref name="proxy"/> is a received owner's value that was taken or sent on already.</exception>
    public static Owned<T> IntoOwned<T>([TakesOwnership] T proxy, bool populateTarget = true)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(proxy);
        if (!Proxies.IsProxy(proxy) || Proxies.GetFactory(proxy) is not IStoreFactory factory)
        {
            throw new ArgumentException($"A {proxy.GetType().FullName} is not a proxy of a store; only a store proxy can be made into an owner.", nameof(proxy));
        }

        if (References.TryGetValue(proxy, out object? reference))
        {
            if (reference is not ReceivedReference { Kind: ReferenceKind.Owned } received)
            {
                string what = reference is ReceivedReference other ? $"a {ReceivedReference.Describe(other.Kind)}'s value received from another process" : "already an owner's or a borrow's value";
                throw new ArgumentException(
                    $"The proxy of '{factory.Key}' in store '{factory.StoreConfig.Name}' is {what}; only a plain proxy, or an owner's value received from another process, can be made into an owner.",
                    nameof(proxy));
            }

            // Stays registered, marked taken: the received proxy can be neither taken nor sent again.
            received.Take("taken as an owner");
        }

        Store store = StoreOf(factory);
        string? objectType = (factory as StoreFactory<T>)?.ObjectType;
        T? target = populateTarget && Proxies.IsResolved(proxy) ? Proxies.Extract(proxy) : null;
        T owned = ProxyBuilder.Create(new StoreFactory<T>(factory.Key, factory.StoreConfig, evict: false, objectType) { TraceParent = factory.TraceParent }, target);
        return new Owned<T>(store, factory.Key, owned);
    }

    /// <summary>A shared borrow of the owner whose <see cref="Owned{T}.Value"/> is <paramref name="proxy"/>.</summary>
    /// <param name="proxy">The owner's value.</param>
    /// <param name="populateTarget">Whether the borrow starts out resolved when the owner is.</param>
    /// <exception cref="ReferenceNotOwnedException"><paramref name="proxy"/> is not the value of a live owner.</exception>
    /// <exception cref="MutableBorrowException">The owner is mutably borrowed.</exception>
    public static Borrowed<T> Borrow<T>(T proxy, bool populateTarget = true)
        where T : class => OwnerOf(proxy, "borrowed").Borrow(populateTarget);

    /// <summary>The mutable borrow of the owner whose <see cref="Owned{T}.Value"/> is <paramref name="proxy"/>.</summary>
    /// <param name="proxy">The owner's value.</param>
    /// <param name="populateTarget">Whether the borrow starts out resolved when the owner is.</param>
    /// <exception cref="ReferenceNotOwnedException"><paramref name="proxy"/> is not the value of a live owner.</exception>
    /// <exception cref="MutableBorrowException">The owner is borrowed already, mutably or not.</exception>
    public static MutBorrowed<T> MutBorrow<T>(T proxy, bool populateTarget = true)
        where T : class => OwnerOf(proxy, "mutably borrowed").MutBorrow(populateTarget);

    /// <summary>
    /// Writes the local target of <paramref name="proxy"/> back to its store: the value of an
    /// owner, of a mutable borrow, or of a mutable borrow received from another process.
    /// Nothing to do when the proxy was never resolved.
    /// </summary>
    /// <exception cref="ReferenceNotOwnedException"><paramref name="proxy"/> is none of those (a shared borrow cannot write).</exception>
    /// <exception cref="MutableBorrowException">The proxy is an owner's value and the owner is borrowed.</exception>
    /// <exception cref="NotSupportedException">The store's connector cannot set a key.</exception>
    public static void Update<T>(T proxy)
        where T : class
    {
        switch (WriterOf(proxy))
        {
            case Owned<T> owned:
                owned.Update();
                break;
            case MutBorrowed<T> borrowed:
                borrowed.Update();
                break;
            default:
                if (Proxies.IsResolved(proxy))
                {
                    var factory = (IStoreFactory)Proxies.GetFactory(proxy);
                    StoreOf(factory).Overwrite(factory.Key, Proxies.Extract(proxy));
                }

                break;
        }
    }

    /// <summary>Asynchronous <see cref="Update{T}(T)"/>.</summary>
    public static async ValueTask UpdateAsync<T>(T proxy, CancellationToken cancellationToken = default)
        where T : class
    {
        switch (WriterOf(proxy))
        {
            case Owned<T> owned:
                await owned.UpdateAsync(cancellationToken).ConfigureAwait(false);
                break;
            case MutBorrowed<T> borrowed:
                await borrowed.UpdateAsync(cancellationToken).ConfigureAwait(false);
                break;
            default:
                if (Proxies.IsResolved(proxy))
                {
                    var factory = (IStoreFactory)Proxies.GetFactory(proxy);
                    Store store = StoreRegistry.Get(factory.StoreConfig.Name) ?? await StoreRegistry.GetOrCreateAsync(factory.StoreConfig, cancellationToken).ConfigureAwait(false);
                    await store.OverwriteAsync(factory.Key, Proxies.Extract(proxy), cancellationToken).ConfigureAwait(false);
                }

                break;
        }
    }

    /// <summary>Whether <paramref name="proxy"/> is the value of a live owner.</summary>
    public static bool IsOwned(object? proxy) => proxy is not null && References.TryGetValue(proxy, out object? reference) && reference.GetType().IsGenericType && reference.GetType().GetGenericTypeDefinition() == typeof(Owned<>);

    /// <summary>Whether <paramref name="proxy"/> is an owner's value received from another process and not taken yet: <see cref="IntoOwned{T}(T, bool)"/> takes it.</summary>
    public static bool IsReceivedOwner(object? proxy) => ReferenceOf(proxy) is ReceivedReference { Kind: ReferenceKind.Owned, IsGone: false };

    /// <summary>Whether <paramref name="proxy"/> is a shared or mutable borrow's value, made here or received from another process.</summary>
    public static bool IsBorrowed(object? proxy) => ReferenceOf(proxy) is ISendableReference { Kind: not ReferenceKind.Owned };

    internal static void Register(object proxy, object reference) => References.AddOrUpdate(proxy, reference);

    internal static void Unregister(object proxy) => References.Remove(proxy);

    /// <summary>The owner, borrow or received reference whose value <paramref name="proxy"/> is, or null.</summary>
    internal static object? ReferenceOf(object? proxy) => proxy is not null && References.TryGetValue(proxy, out object? reference) ? reference : null;

    /// <summary>Registers a proxy just read from a reference that another process sent as an owner's or a borrow's value.</summary>
    internal static void Receive(object proxy, ReferenceKind kind, StoreKey key, string storeName) =>
        References.AddOrUpdate(proxy, new ReceivedReference(kind, key, storeName));

    // Found as a resolution finds it: the registered store, or one made from the config.
    private static Store StoreOf(IStoreFactory factory) => StoreRegistry.Get(factory.StoreConfig.Name) ?? StoreRegistry.GetOrCreate(factory.StoreConfig);

    private static Owned<T> OwnerOf<T>(T proxy, string what)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(proxy);
        object? reference = ReferenceOf(proxy);
        return reference as Owned<T> ?? throw NotOwned(
            proxy,
            reference is ReceivedReference { Kind: ReferenceKind.Owned } ? $"{what} before it is taken: call Ownership.IntoOwned on the received proxy first" : what);
    }

    /// <summary>The owner or mutable borrow that may write <paramref name="proxy"/>'s object; null for a received mutable borrow.</summary>
    private static object? WriterOf<T>(T proxy)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(proxy);
        object? reference = ReferenceOf(proxy);
        return reference switch
        {
            Owned<T> or MutBorrowed<T> => reference,
            ReceivedReference { Kind: ReferenceKind.Mutable, IsGone: false } => null,
            ReceivedReference { Kind: ReferenceKind.Mutable } received => throw new ReferenceInvalidException(
                received.Key, received.StoreName, $"The received mutable borrow of '{received.Key}' in store '{received.StoreName}' cannot be updated: it was sent on."),
            Borrowed<T> or ReceivedReference { Kind: ReferenceKind.Shared } => throw NotOwned(proxy, "updated (it is a shared borrow, which cannot write)"),
            _ => throw NotOwned(proxy, "updated"),
        };
    }

    private static Exception NotOwned(object proxy, string what) =>
        Proxies.TryGetKey(proxy) is { } key && Proxies.GetFactory(proxy) is IStoreFactory factory
            ? new ReferenceNotOwnedException(key, factory.StoreConfig.Name, $"The proxy of '{key}' in store '{factory.StoreConfig.Name}' is not owned, so it cannot be {what}: only the value of a live owner can.")
            : new ArgumentException($"A {proxy.GetType().FullName} is not a proxy of a store, so it cannot be {what}.", nameof(proxy));
}
