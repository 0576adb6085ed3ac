using System.Runtime.CompilerServices;

namespace ProxyStore;

/// <summary>
/// Ownership operations on proxies, as the functions of Python ProxyStore's
/// <c>proxystore/store/ref.py</c>: turning a plain store proxy into an owner, and borrowing or
/// updating through the <see cref="Owned{T}.Value"/> of an owner.
/// </summary>
/// <remarks>
/// Each owner and borrow registers its value here while it is valid, so that a proxy can be
/// told to be an owner's, a borrow's, or neither, without wrapping it in another type.
/// </remarks>
public static class Ownership
{
    // Keys are proxies: weak, so a forgotten owner's proxy does not live forever here.
    private static readonly ConditionalWeakTable<object, object> s_references = new();

    /// <summary>
    /// Makes <paramref name="proxy"/>, a plain proxy of a store, into the owner of its object:
    /// disposing the returned owner evicts the object. The proxy is moved: use the owner's
    /// <see cref="Owned{T}.Value"/> from now on, and make sure no copy of the proxy is around
    /// (as in Python, that stays the caller's responsibility).
    /// </summary>
    /// <remarks>The owner's proxy never evicts on resolve, whatever <paramref name="proxy"/> was made with; it starts out resolved if <paramref name="proxy"/> was.</remarks>
    /// <exception cref="ArgumentException"><paramref name="proxy"/> is not a proxy of a store, or is already an owner's or a borrow's value.</exception>
    public static Owned<T> IntoOwned<T>([TakesOwnership] T proxy)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(proxy);
        if (!Proxies.IsProxy(proxy) || Proxies.GetFactory(proxy) is not IStoreFactory factory)
        {
            throw new ArgumentException($"A {proxy.GetType().FullName} is not a proxy of a store; only a store proxy can be made into an owner.", nameof(proxy));
        }

        if (s_references.TryGetValue(proxy, out _))
        {
            throw new ArgumentException(
                $"The proxy of '{factory.Key}' in store '{factory.StoreConfig.Name}' is already an owner's or a borrow's value; only a plain proxy can be made into an owner.",
                nameof(proxy));
        }

        // Found as a resolution finds it: the registered store, or one made from the config.
        Store store = StoreRegistry.Get(factory.StoreConfig.Name) ?? StoreRegistry.GetOrCreate(factory.StoreConfig);
        string? objectType = (factory as StoreFactory<T>)?.ObjectType;
        T? target = Proxies.IsResolved(proxy) ? Proxies.Extract(proxy) : null;
        T owned = ProxyBuilder.Create(new StoreFactory<T>(factory.Key, factory.StoreConfig, evict: false, objectType) { TraceParent = factory.TraceParent }, target);
        return new Owned<T>(store, factory.Key, owned);
    }

    /// <summary>A shared borrow of the owner whose <see cref="Owned{T}.Value"/> is <paramref name="proxy"/>.</summary>
    /// <exception cref="ReferenceNotOwnedException"><paramref name="proxy"/> is not the value of a live owner.</exception>
    /// <exception cref="MutableBorrowException">The owner is mutably borrowed.</exception>
    public static Borrowed<T> Borrow<T>(T proxy)
        where T : class => OwnerOf(proxy, "borrowed").Borrow();

    /// <summary>The mutable borrow of the owner whose <see cref="Owned{T}.Value"/> is <paramref name="proxy"/>.</summary>
    /// <exception cref="ReferenceNotOwnedException"><paramref name="proxy"/> is not the value of a live owner.</exception>
    /// <exception cref="MutableBorrowException">The owner is borrowed already, mutably or not.</exception>
    public static MutBorrowed<T> MutBorrow<T>(T proxy)
        where T : class => OwnerOf(proxy, "mutably borrowed").MutBorrow();

    /// <summary>Writes the local target of <paramref name="proxy"/>, the value of an owner or of a mutable borrow, back to its store.</summary>
    /// <exception cref="ReferenceNotOwnedException"><paramref name="proxy"/> is neither (a shared borrow cannot write).</exception>
    /// <exception cref="MutableBorrowException">The proxy is an owner's value and the owner is borrowed.</exception>
    /// <exception cref="NotSupportedException">The store's connector cannot set a key.</exception>
    public static void Update<T>(T proxy)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(proxy);
        s_references.TryGetValue(proxy, out object? reference);
        switch (reference)
        {
            case Owned<T> owned:
                owned.Update();
                break;
            case MutBorrowed<T> borrowed:
                borrowed.Update();
                break;
            default:
                throw NotOwned(proxy, reference is Borrowed<T> ? "updated (it is a shared borrow, which cannot write)" : "updated");
        }
    }

    /// <summary>Whether <paramref name="proxy"/> is the value of a live owner.</summary>
    public static bool IsOwned(object? proxy) => proxy is not null && s_references.TryGetValue(proxy, out object? reference) && reference.GetType().IsGenericType && reference.GetType().GetGenericTypeDefinition() == typeof(Owned<>);

    internal static void Register(object proxy, object reference) => s_references.AddOrUpdate(proxy, reference);

    internal static void Unregister(object proxy) => s_references.Remove(proxy);

    private static Owned<T> OwnerOf<T>(T proxy, string what)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(proxy);
        return s_references.TryGetValue(proxy, out object? reference) && reference is Owned<T> owned ? owned : throw NotOwned(proxy, what);
    }

    private static Exception NotOwned(object proxy, string what) =>
        Proxies.TryGetKey(proxy) is { } key && Proxies.GetFactory(proxy) is IStoreFactory factory
            ? new ReferenceNotOwnedException(key, factory.StoreConfig.Name, $"The proxy of '{key}' in store '{factory.StoreConfig.Name}' is not owned, so it cannot be {what}: only the value of a live owner can.")
            : new ArgumentException($"A {proxy.GetType().FullName} is not a proxy of a store, so it cannot be {what}.", nameof(proxy));
}
