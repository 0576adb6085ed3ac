using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using ProxyStore.Generators.Model;
using ProxyStore.Shared.Proxiability;

namespace ProxyStore.Generators.Parsing;

/// <summary>
/// The members an interface proxy implements: every instance member of the interface and
/// of its base interfaces that a class can implement. A member is implemented implicitly
/// (as a public member) unless it would clash with another one or with the proxy's own
/// members, and then explicitly.
/// </summary>
internal static class InterfaceMemberCollector
{
    /// <summary>The forwarded members, or null when the interface cannot be proxied.</summary>
    public static List<MemberModel>? Collect(INamedTypeSymbol type, string proxyName, Compilation compilation, CancellationToken cancellationToken)
    {
        var candidates = new List<ISymbol>();
        foreach (INamedTypeSymbol @interface in new[] { type }.Concat(type.AllInterfaces))
        {
            foreach (ISymbol member in @interface.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (member.IsStatic)
                {
                    // An interface with static abstract members cannot be a type argument: no IProxy<T>.
                    if (member.IsAbstract)
                    {
                        return null;
                    }

                    continue;
                }

                if (!IsImplementable(member))
                {
                    continue;
                }

                if (!compilation.IsSymbolAccessibleWithin(member, compilation.Assembly))
                {
                    if (member.IsAbstract)
                    {
                        return null;
                    }

                    continue;
                }

                candidates.Add(member);
            }
        }

        var members = new List<MemberModel>(candidates.Count);
        foreach (ISymbol member in candidates)
        {
            bool isExplicit = member.DeclaredAccessibility != Accessibility.Public
                || Signatures.IsReserved(member, proxyName)
                || candidates.Any(other => !ReferenceEquals(other, member) && Signatures.Clash(member, other));
            members.Add(Forward(type, member, isExplicit));
        }

        return members;
    }

    private static bool IsImplementable(ISymbol member)
    {
        if (!member.IsAbstract && !member.IsVirtual)
        {
            return false;
        }

        return member switch
        {
            IMethodSymbol method => method.MethodKind == MethodKind.Ordinary && method.ExplicitInterfaceImplementations.IsEmpty,
            IPropertySymbol property => property.ExplicitInterfaceImplementations.IsEmpty,
            IEventSymbol @event => @event.ExplicitInterfaceImplementations.IsEmpty,
            _ => false,
        };
    }

    private static MemberModel Forward(INamedTypeSymbol type, ISymbol member, bool isExplicit)
    {
        INamedTypeSymbol declaring = member.ContainingType;
        string declaringName = TypeDisplay.Of(declaring);
        string receiver = SymbolEqualityComparer.Default.Equals(declaring, type) ? "__Target" : "((" + declaringName + ")__Target)";
        var implementation = new Implementation(
            isExplicit ? string.Empty : "public",
            isExplicit ? declaringName : null,
            receiver,
            IsOverride: false,
            NotSupportedMessage: null);

        switch (member)
        {
            case IMethodSymbol method:
                return MemberModelFactory.Method(method, implementation);
            case IPropertySymbol property:
                return MemberModelFactory.Property(
                    property,
                    implementation,
                    Accessor(property.GetMethod, property),
                    Accessor(property.SetMethod, property));
            default:
                return MemberModelFactory.Event((IEventSymbol)member, implementation);
        }
    }

    private static AccessorModel? Accessor(IMethodSymbol? accessor, IPropertySymbol property)
    {
        if (accessor is null || (!accessor.IsAbstract && !accessor.IsVirtual))
        {
            return null;
        }

        return accessor.IsInitOnly
            ? new AccessorModel(string.Empty, IsInit: true, InitMessage(property))
            : new AccessorModel(string.Empty, IsInit: false, NotSupportedMessage: null);
    }

    /// <summary>The message of the exception an <c>init</c> accessor of a proxy throws.</summary>
    public static string InitMessage(IPropertySymbol property) =>
        "A proxy cannot forward the init accessor of " + property.ContainingType.ToDisplayString() + "." + property.Name
        + ": init-only properties can only be set when the target is created.";
}
