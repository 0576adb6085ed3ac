namespace ProxyStore;

/// <summary>
/// Marks a parameter that takes ownership of what is passed to it: an <see cref="Owned{T}"/> or
/// a borrow it will dispose, the value of a borrow it will release, or a proxy that it makes
/// into an owner (<see cref="Ownership.IntoOwned{T}"/>). What is passed is moved: the caller
/// must not use it afterwards, and need not dispose it. An owner's value passed to such a
/// parameter is only a use of the owner.
/// </summary>
/// <remarks>
/// The runtime does not act on it; the borrow checker in ProxyStore's analyzers does: it takes
/// a local passed to such a parameter as moved (no PXS0101 for it) and reports a later use of it
/// (PXS0103). Put it on your own methods that keep, dispose or release what they are given.
/// </remarks>
[AttributeUsage(AttributeTargets.Parameter, Inherited = true, AllowMultiple = false)]
public sealed class TakesOwnershipAttribute : Attribute
{
}
