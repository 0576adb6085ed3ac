namespace ProxyStore;

/// <summary>
/// Declares that objects of this type, and of types derived from it, may be created from stored
/// bytes where something else was declared: behind an interface, a base class or
/// <see cref="object"/> (<c>store.Get&lt;IShape&gt;(key)</c> of a stored <c>Square</c>, an
/// <c>object</c> member holding one).
/// </summary>
/// <remarks>
/// Stored bytes name the concrete type of what they hold, and bytes written by someone else could
/// name any type of the application. The default serializer creates only the type asked for and
/// the declared types of its members, plain data (numbers, strings, arrays and the standard
/// collections of such), and concrete types the application declared storable: with this
/// attribute, with <c>[JsonDerivedType]</c> on the declared type, through
/// <see cref="StorableTypes.Allow(Type)"/>, or by implementing a <see cref="ProxiableAttribute"/>
/// interface or deriving from a <see cref="ProxiableAttribute"/> class. Analyzer PXS0006 reports a
/// put of a concrete type behind an interface, a base class or <see cref="object"/> that is none of these.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = true, AllowMultiple = false)]
public sealed class StorableAttribute : Attribute;
