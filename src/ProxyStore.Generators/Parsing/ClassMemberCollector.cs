using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using ProxyStore.Generators.Model;
using ProxyStore.Shared.Proxiability;

namespace ProxyStore.Generators.Parsing;

/// <summary>
/// The members a class proxy overrides: every virtual, abstract or override member of the
/// class and its base classes that is not sealed, hidden, or out of reach. Public and
/// internal ones forward to the target. Protected ones cannot be called on the target
/// (C# allows protected access only through the proxy's own type): non-abstract ones keep
/// their base behaviour, abstract ones throw <see cref="System.NotSupportedException"/>.
/// </summary>
internal static class ClassMemberCollector
{
    /// <summary>
    /// The overrides, or null when the class cannot be derived by a proxy. The refusals here
    /// are <see cref="GeneratedProxyRules.WhyNot"/>'s too, which runs first and tells the
    /// analyzers why; the parity tests check that no null is left for this walk to find.
    /// </summary>
    public static ClassMembers? Collect(INamedTypeSymbol type, string proxyName, Compilation compilation, CancellationToken cancellationToken)
    {
        // Every member seen so far, most derived first: a member of a base class that one of
        // these overrides or hides cannot be overridden by the proxy.
        var seen = new List<ISymbol>();
        var members = new List<MemberModel>();
        bool hasRequiredMembers = false;
        for (INamedTypeSymbol? current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (ISymbol member in current.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                hasRequiredMembers |= member is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true };
                if (!GeneratedProxyRules.IsMemberSlot(member) || seen.Any(s => Signatures.Clash(s, member)))
                {
                    continue;
                }

                seen.Add(member);
                if (member.DeclaredAccessibility != Accessibility.Private && Signatures.ProxyMemberNames.Contains(member.Name))
                {
                    // The proxy's own members would hide it.
                    return null;
                }

                if (member.IsStatic || !GeneratedProxyRules.IsOverridable(member) || GeneratedProxyRules.IsObjectOverride(member))
                {
                    continue;
                }

                if (member.Name == proxyName)
                {
                    // An override would take the proxy's own name.
                    return null;
                }

                MemberAccess access = MemberAccess.Of(member, compilation);
                if (access.Kind == MemberAccessKind.Inaccessible || (access.Kind == MemberAccessKind.ProtectedOnly && !member.IsAbstract))
                {
                    if (member.IsAbstract)
                    {
                        return null;
                    }

                    continue;
                }

                MemberModel? model = Override(member, access, compilation);
                if (model is null)
                {
                    return null;
                }

                if (model is not PropertyModel { Getter: null, Setter: null })
                {
                    members.Add(model);
                }
            }
        }

        (bool overrideToString, ITypeSymbol? toStringType) = ObjectOverride(seen, "ToString");
        return new ClassMembers(
            members,
            !overrideToString ? null : toStringType is null ? "string?" : TypeDisplay.Of(toStringType),
            ObjectOverride(seen, "Equals").CanOverride,
            ObjectOverride(seen, "GetHashCode").CanOverride,
            hasRequiredMembers);
    }

    private static bool CanOverride(IMethodSymbol method) =>
        (method.IsVirtual || method.IsAbstract || method.IsOverride) && !method.IsSealed;

    /// <summary>
    /// Whether the proxy can override <c>object</c>'s <paramref name="name"/>, and the return
    /// type of the most derived declaration in the class chain (null when there is none).
    /// A sealed override, or a non-method of that name that hides it, stops the proxy.
    /// </summary>
    private static (bool CanOverride, ITypeSymbol? ReturnType) ObjectOverride(List<ISymbol> seen, string name)
    {
        foreach (ISymbol member in seen)
        {
            if (member is IMethodSymbol method && Signatures.IsObjectOverride(method, name))
            {
                return (CanOverride(method), method.ReturnType);
            }

            if (member is not IMethodSymbol && member.Name == name)
            {
                return (false, null);
            }
        }

        return (true, null);
    }

    private static MemberModel? Override(ISymbol member, MemberAccess access, Compilation compilation)
    {
        string? notSupported = access.Kind == MemberAccessKind.ProtectedOnly ? ProtectedMessage(member) : null;
        var implementation = new Implementation(access.Accessibility + " override", null, "__Target", IsOverride: true, notSupported);
        switch (member)
        {
            case IMethodSymbol method:
                return MemberModelFactory.Method(method, implementation);
            case IEventSymbol @event:
                return MemberModelFactory.Event(@event, implementation);
            default:
                var property = (IPropertySymbol)member;
                if (!TryAccessor(property, getter: true, access, compilation, out AccessorModel? getter)
                    || !TryAccessor(property, getter: false, access, compilation, out AccessorModel? setter))
                {
                    return null;
                }

                return MemberModelFactory.Property(property, implementation, getter, setter);
        }
    }

    /// <summary>The override of one accessor; false when an abstract accessor is out of reach.</summary>
    private static bool TryAccessor(IPropertySymbol property, bool getter, MemberAccess propertyAccess, Compilation compilation, out AccessorModel? model)
    {
        model = null;
        IMethodSymbol? accessor = GeneratedProxyRules.FindAccessor(property, getter);
        if (accessor is null || accessor.IsSealed)
        {
            return true;
        }

        MemberAccess access = MemberAccess.Of(accessor, compilation);
        string modifiers = access.Accessibility == propertyAccess.Accessibility ? string.Empty : access.Accessibility;
        switch (access.Kind)
        {
            case MemberAccessKind.Inaccessible:
                return !accessor.IsAbstract;
            case MemberAccessKind.ProtectedOnly:
                if (accessor.IsAbstract)
                {
                    model = new AccessorModel(modifiers, accessor.IsInitOnly, ProtectedMessage(property));
                }

                return true;
            default:
                model = accessor.IsInitOnly
                    ? new AccessorModel(modifiers, IsInit: true, InterfaceMemberCollector.InitMessage(property))
                    : new AccessorModel(modifiers, IsInit: false, propertyAccess.Kind == MemberAccessKind.ProtectedOnly ? ProtectedMessage(property) : null);
                return true;
        }
    }

    private static string ProtectedMessage(ISymbol member) =>
        "A proxy cannot forward the protected member " + member.ContainingType.ToDisplayString() + "." + member.Name
        + " to its target; only the target's own members call it.";
}
