namespace ProxyStore.Analyzers;

/// <summary>The ids of the ProxyStore diagnostics. Fixed: users suppress rules by them.</summary>
public static class DiagnosticIds
{
    /// <summary>A store that records metrics makes proxies but is not registered.</summary>
    public const string UnregisteredMetricsStore = "PXS0001";

    /// <summary>A proxy is requested for a type that cannot be proxied.</summary>
    public const string NonProxiableTypeArgument = "PXS0002";

    /// <summary><c>[Proxiable]</c> on a type that cannot get a generated proxy.</summary>
    public const string InvalidProxiableTarget = "PXS0003";

    /// <summary>A <c>[Proxiable]</c> class has a public member a proxy cannot forward.</summary>
    public const string NonVirtualProxiableMember = "PXS0004";

    /// <summary>Two stores are registered under the same constant name.</summary>
    public const string DuplicateStoreName = "PXS0005";

    /// <summary>A concrete type is stored behind an interface, a base class or <c>object</c> but not declared storable.</summary>
    public const string UnstorableConcreteType = "PXS0006";

    /// <summary>An owner or borrow held in a local is not disposed on every path.</summary>
    public const string OwnedNotDisposed = "PXS0101";

    /// <summary>A mutable borrow is taken beside another borrow of the same owner, or a borrow beside a mutable one.</summary>
    public const string ConflictingBorrow = "PXS0102";

    /// <summary>An owner or borrow (or a moved proxy) is used after it was disposed, moved or sent.</summary>
    public const string UseAfterRelease = "PXS0103";

    /// <summary>An owner is disposed while a borrow of it is alive.</summary>
    public const string OwnerDisposedWhileBorrowed = "PXS0104";
}
