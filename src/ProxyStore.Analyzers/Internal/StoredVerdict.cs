namespace ProxyStore.Analyzers.Internal;

/// <summary>What the runtime does with an object a put stores, as <see cref="Storability.Judge"/> finds.</summary>
internal enum StoredVerdict
{
    /// <summary>It is written, and created again from the stored bytes.</summary>
    Creatable,

    /// <summary>Its type (or a type it holds) is not declared storable: the get, or the put for a member or element, throws.</summary>
    NotStorable,

    /// <summary>
    /// It sits in a member or element whose declared type lists its derived types itself
    /// (<c>[JsonDerivedType]</c>, <c>[JsonPolymorphic]</c>), and is not one of them: System.Text.Json refuses the put.
    /// </summary>
    NotListed,
}
