using Microsoft.CodeAnalysis;

namespace ProxyStore.Analyzers;

/// <summary>Every ProxyStore rule: id, title, message, category, severity and help link, in one place.</summary>
public static class DiagnosticDescriptors
{
    /// <summary>Where the rule pages live; each rule's page is <c>docs/rules/&lt;ID&gt;.md</c>.</summary>
    public const string HelpLinkBase = "https://github.com/proxystore/proxystore-dotnet/blob/main/docs/rules/";

    private const string MetricsCategory = "ProxyStore.Metrics";
    private const string ProxiesCategory = "ProxyStore.Proxies";
    private const string RegistryCategory = "ProxyStore.Registry";
    private const string OwnershipCategory = "ProxyStore.Ownership";
    private const string SerializationCategory = "ProxyStore.Serialization";

    /// <summary>PXS0001: a store with metrics on makes proxies but is not registered.</summary>
    /// <remarks>
    /// Not tagged <see cref="WellKnownDiagnosticTags.CompilationEnd"/> although stores that leave
    /// their type are reported at the end of the compilation: most reports are made when a type is
    /// analyzed, and the tag would keep the IDE from running the rule while typing.
    /// </remarks>
    public static readonly DiagnosticDescriptor UnregisteredMetricsStore = new(
        id: DiagnosticIds.UnregisteredMetricsStore,
        title: "Register a store that records metrics and creates proxies",
        messageFormat: "Store {0} records metrics and creates proxies but is not registered: its proxies resolve through a second Store instance and record factory.call, factory.resolve and store.get there. Pass 'register: true' or call StoreRegistry.Register.",
        category: MetricsCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Metrics are local to each Store instance. A proxy resolves through the store registered under its store's name; when none is registered, its factory creates and registers a second instance, and the resolution metrics land there instead of in the store the code holds.",
        helpLinkUri: HelpLink(DiagnosticIds.UnregisteredMetricsStore));

    /// <summary>PXS0002: a proxy is requested for a type that cannot be proxied.</summary>
    public static readonly DiagnosticDescriptor NonProxiableTypeArgument = new(
        id: DiagnosticIds.NonProxiableTypeArgument,
        title: "The proxied type cannot be proxied",
        messageFormat: "'{0}' cannot be proxied: {1}",
        category: ProxiesCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Store.Proxy, ProxyBatch and ProxyFromKey use a generated proxy for a [Proxiable] type, else a runtime proxy, which needs an interface or a non-sealed class with a public or protected parameterless constructor whose public members are all virtual. Anything else throws NonProxiableTypeException at run time.",
        helpLinkUri: HelpLink(DiagnosticIds.NonProxiableTypeArgument));

    /// <summary>PXS0003: <c>[Proxiable]</c> on a type that cannot get a generated proxy.</summary>
    public static readonly DiagnosticDescriptor InvalidProxiableTarget = new(
        id: DiagnosticIds.InvalidProxiableTarget,
        title: "[Proxiable] is on a type that cannot get a generated proxy",
        messageFormat: "'{0}' is marked [Proxiable] but {1}",
        category: ProxiesCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A generated proxy implements an interface or derives from a class, so [Proxiable] needs an interface or a non-sealed, non-static class with a constructor the proxy can call.",
        helpLinkUri: HelpLink(DiagnosticIds.InvalidProxiableTarget));

    /// <summary>PXS0004: a <c>[Proxiable]</c> class has a public member that is not virtual.</summary>
    public static readonly DiagnosticDescriptor NonVirtualProxiableMember = new(
        id: DiagnosticIds.NonVirtualProxiableMember,
        title: "A public member of a [Proxiable] class is not virtual",
        messageFormat: "'{0}' is a public member of [Proxiable] class '{1}' but {2}, so its proxy cannot forward it",
        category: ProxiesCategory,
        // An error: the member would silently return the unresolved proxy's own state, and the runtime refuses such a proxy anyway.
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A generated proxy of a class overrides its members to resolve the target first. A public member that is not virtual, or a public field, would run on the unresolved proxy itself and return its empty state instead of the target's: Store.Proxy refuses such a class with NonProxiableTypeException.",
        helpLinkUri: HelpLink(DiagnosticIds.NonVirtualProxiableMember));

    /// <summary>PXS0005: two stores are registered under the same constant name.</summary>
    /// <remarks>
    /// Not tagged <see cref="WellKnownDiagnosticTags.CompilationEnd"/> although registrations in
    /// different members are compared at the end of the compilation: those in one member are
    /// reported when it is analyzed, and the tag would keep the IDE from running the rule while typing.
    /// </remarks>
    public static readonly DiagnosticDescriptor DuplicateStoreName = new(
        id: DiagnosticIds.DuplicateStoreName,
        title: "Two stores are registered under the same name",
        messageFormat: "A store named \"{0}\" is already registered at {1}; registering a second one throws StoreExistsException",
        category: RegistryCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "StoreRegistry holds one store per name. A second registration under a name in use throws StoreExistsException unless existOk is set.",
        helpLinkUri: HelpLink(DiagnosticIds.DuplicateStoreName));

    /// <summary>PXS0006: a concrete type is stored behind an interface, a base class or <c>object</c> but not declared storable.</summary>
    /// <remarks>
    /// The message's last two arguments are filled in by the reporter: where in the stored value the
    /// object sits (empty at the top), and why it would not be read back with what to do about it,
    /// which depends on whether the concrete and declared types are in source.
    /// </remarks>
    public static readonly DiagnosticDescriptor UnstorableConcreteType = new(
        id: DiagnosticIds.UnstorableConcreteType,
        title: "A concrete type stored behind an interface, a base class or object is not declared storable",
        messageFormat: "'{0}' is stored behind '{1}'{2} and would not be read back: {3}",
        category: SerializationCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Stored bytes name the concrete type of what they hold, and bytes written by someone else could name any type. The default serializer creates only the declared type (the type asked for, or a member's type), plain data, and the concrete types the application declared storable: [Storable] on the type or a base, [JsonDerivedType] on the declared type, StorableTypes.Allow, or a [Proxiable] interface or base class. Any other type is refused with a StoreSerializationException: by the get, or, for a member or element of the stored object, by the put.",
        helpLinkUri: HelpLink(DiagnosticIds.UnstorableConcreteType));

    /// <summary>PXS0101: an owner or borrow held in a local is not disposed on every path.</summary>
    public static readonly DiagnosticDescriptor OwnedNotDisposed = new(
        id: DiagnosticIds.OwnedNotDisposed,
        title: "Dispose owners and borrows on every path",
        messageFormat: "'{0}' holds {1}, and is not disposed on every path; declare it with 'using' or dispose it",
        category: OwnershipCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Disposing an Owned<T> evicts its object; disposing a Borrowed<T> or MutBorrowed<T> releases the borrow. An owner made in a method (OwnedProxy, OwnedProxyAsync, Clone, IntoOwned) or a borrow taken there (Borrow, MutBorrow) that reaches the end of the method, or is overwritten, without being disposed, returned, stored or moved leaves its object in the store, or its owner borrowed, for good.",
        helpLinkUri: HelpLink(DiagnosticIds.OwnedNotDisposed));

    /// <summary>PXS0102: a mutable borrow beside another borrow of the same owner.</summary>
    public static readonly DiagnosticDescriptor ConflictingBorrow = new(
        id: DiagnosticIds.ConflictingBorrow,
        title: "A mutable borrow must be the only borrow of its owner",
        messageFormat: "A {0} borrow of '{1}' is taken while {2} of it is alive; this throws MutableBorrowException",
        category: OwnershipCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "An owner lends any number of shared borrows or one mutable borrow at a time. Taking a mutable borrow while another borrow of the same owner is alive, or a shared borrow while a mutable one is, throws MutableBorrowException.",
        helpLinkUri: HelpLink(DiagnosticIds.ConflictingBorrow));

    /// <summary>PXS0103: an owner, borrow or moved proxy used after it was disposed, moved or sent.</summary>
    public static readonly DiagnosticDescriptor UseAfterRelease = new(
        id: DiagnosticIds.UseAfterRelease,
        title: "An owner or borrow is used after it was disposed, moved or sent",
        messageFormat: "'{0}' is used after it was {1}",
        category: OwnershipCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A disposed owner or released borrow throws ReferenceInvalidException from Value, Borrow, MutBorrow, Update and Clone. A reference moved to a [TakesOwnership] parameter (such as the proxy given to Ownership.IntoOwned) or sent to another process belongs to its new holder.",
        helpLinkUri: HelpLink(DiagnosticIds.UseAfterRelease));

    /// <summary>PXS0104: an owner disposed while a borrow of it is alive.</summary>
    public static readonly DiagnosticDescriptor OwnerDisposedWhileBorrowed = new(
        id: DiagnosticIds.OwnerDisposedWhileBorrowed,
        title: "An owner is disposed while a borrow of it is alive",
        messageFormat: "Owner '{0}' is disposed while {1} of it is alive; this throws ReferenceInvalidException",
        category: OwnershipCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "An owner cannot be disposed while it is borrowed: its borrows would point to an evicted object. Dispose throws ReferenceInvalidException and the owner stays valid.",
        helpLinkUri: HelpLink(DiagnosticIds.OwnerDisposedWhileBorrowed));

    private static string HelpLink(string id) => HelpLinkBase + id + ".md";
}
