using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using ProxyStore.Shared.Proxiability;

namespace ProxyStore.Analyzers.Internal;

/// <summary>A public member that a proxy class could not override, and why.</summary>
internal readonly struct NonForwardableMember
{
    public NonForwardableMember(ISymbol member, string reason)
    {
        Member = member;
        Reason = reason;
    }

    public ISymbol Member { get; }

    /// <summary>Why, phrased to follow "but": "it is not virtual".</summary>
    public string Reason { get; }
}

/// <summary>
/// The compile-time twin of the runtime's proxy choice: which types the Castle fallback
/// can proxy, and which <c>[Proxiable]</c> types the generator can.
/// </summary>
internal static class Proxiability
{
    private const int MaxNamedMembers = 5;

    /// <summary>
    /// Why the runtime fallback (Castle DynamicProxy) cannot proxy <paramref name="type"/>,
    /// or null when it can or when nothing is known at compile time (type parameters, errors).
    /// Mirrors <c>CastleProxies.WhyNot</c> in the runtime.
    /// </summary>
    public static string? WhyNotRuntimeProxiable(ITypeSymbol type)
    {
        switch (type.TypeKind)
        {
            case TypeKind.Interface:
                return WhyNotAccessibleToCastle(type) ?? WhyNotImplementableByCastle((INamedTypeSymbol)type);
            case TypeKind.TypeParameter:
            case TypeKind.Error:
            case TypeKind.Dynamic:
            case TypeKind.Unknown:
                return null;
            case TypeKind.Struct:
            case TypeKind.Enum:
                return "it is a struct, and a proxy must be a reference to an object";
            case TypeKind.Array:
                return "it is an array, and array types are sealed, so no proxy class can derive from it";
            case TypeKind.Delegate:
                return "it is a delegate, and delegate types are sealed, so no proxy class can derive from it";
            case TypeKind.Pointer:
            case TypeKind.FunctionPointer:
                return "it is a pointer, not a reference to an object";
        }

        if (type.IsValueType)
        {
            return "it is a struct, and a proxy must be a reference to an object";
        }

        if (WhyNotAccessibleToCastle(type) is { } inaccessible)
        {
            return inaccessible;
        }

        if (type is not INamedTypeSymbol named || named.TypeKind != TypeKind.Class)
        {
            return null;
        }

        if (named.IsStatic)
        {
            return "it is a static class";
        }

        if (named.IsSealed)
        {
            return "it is a sealed class, so no proxy class can derive from it; proxy an interface it implements instead";
        }

        if (!HasPublicOrProtectedParameterlessConstructor(named))
        {
            return "it has no public or protected parameterless constructor for the proxy class to call";
        }

        return NonForwardableList(named) is { } list
            ? $"its public members {list} are not virtual, so a proxy could not forward them; make them virtual, mark the type [Proxiable], or proxy an interface"
            : WhyNotImplementableByCastle(named);
    }

    /// <summary>
    /// Why the runtime refuses the generated proxy of the <c>[Proxiable]</c> class
    /// <paramref name="type"/> (PXS0004's members), or null when it makes one. Mirrors
    /// <c>GeneratedProxies.WhyRefused</c> in the runtime.
    /// </summary>
    public static string? WhyGeneratedProxyRefused(INamedTypeSymbol type) =>
        type.TypeKind == TypeKind.Class && NonForwardableList(type) is { } list
            ? $"it is [Proxiable], but its public members {list} are not virtual (PXS0004), so the runtime refuses its proxy rather than let them return the unresolved proxy's own state"
            : null;

    /// <summary>The first few names of the members a proxy of <paramref name="type"/> cannot forward, or null when there are none.</summary>
    private static string? NonForwardableList(INamedTypeSymbol type)
    {
        List<string> names = NonForwardableMembers(type, includeInherited: true).Select(m => m.Member.Name).Distinct().ToList();
        if (names.Count == 0)
        {
            return null;
        }

        string list = string.Join(", ", names.Take(MaxNamedMembers));
        return names.Count > MaxNamedMembers ? list + ", ..." : list;
    }

    /// <summary>
    /// Why the source generator cannot proxy <paramref name="type"/> marked <c>[Proxiable]</c>,
    /// or null when it can: the generator's own decision, <see cref="GeneratedProxyRules"/>,
    /// compiled into both assemblies. A type declared in C# older than 9 gets nothing either.
    /// </summary>
    public static string? WhyNotGeneratable(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken = default)
    {
        foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
        {
            if (GeneratedProxyRules.WhyNotLanguage(reference.SyntaxTree) is { } language)
            {
                return language;
            }
        }

        return GeneratedProxyRules.WhyNot(type, compilation, cancellationToken);
    }

    /// <summary>
    /// The public instance members of <paramref name="type"/> that a derived proxy class
    /// could not override: non-virtual (or sealed) methods, properties and events, and fields.
    /// Members of <see cref="object"/> are left out; with <paramref name="includeInherited"/>,
    /// those of the other base classes are included, as the runtime does.
    /// </summary>
    public static IEnumerable<NonForwardableMember> NonForwardableMembers(INamedTypeSymbol type, bool includeInherited)
    {
        var seenNames = new HashSet<string>();
        for (INamedTypeSymbol? current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            var declaredHere = new List<string>();
            foreach (ISymbol member in current.GetMembers())
            {
                if (member.IsStatic || member.DeclaredAccessibility != Accessibility.Public)
                {
                    continue;
                }

                // A member of a base class that a more derived class overrides or hides is not the one a caller binds to.
                bool hidden = !ReferenceEquals(current, type) && seenNames.Contains(member.Name);
                declaredHere.Add(member.Name);
                if (hidden)
                {
                    continue;
                }

                string? reason = WhyNotOverridable(member);
                if (reason is not null)
                {
                    yield return new NonForwardableMember(member, reason);
                }
            }

            foreach (string name in declaredHere)
            {
                seenNames.Add(name);
            }

            if (!includeInherited)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// Why Castle DynamicProxy, which emits its proxies into its own dynamic assembly, cannot
    /// see <paramref name="type"/>: the runtime's <c>ProxyUtil.IsAccessible</c> needs the type,
    /// its containing types and its type arguments public, or the declaring assembly's
    /// <c>[InternalsVisibleTo("DynamicProxyGenAssembly2")]</c>. Null when it can.
    /// </summary>
    private static string? WhyNotAccessibleToCastle(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol named)
        {
            return null;
        }

        if (!IsVisibleToCastle(named))
        {
            return "it is not public, so the runtime's fallback (Castle DynamicProxy) cannot implement it; mark it [Proxiable] for a generated proxy, make it public, or add [assembly: InternalsVisibleTo(\"DynamicProxyGenAssembly2\")]";
        }

        foreach (ITypeSymbol argument in named.TypeArguments)
        {
            if (argument is INamedTypeSymbol namedArgument && WhyNotAccessibleToCastle(namedArgument) is not null)
            {
                return "its type argument '" + argument.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)
                    + "' is not public, so the runtime's fallback (Castle DynamicProxy) cannot implement it; make it public, or add [assembly: InternalsVisibleTo(\"DynamicProxyGenAssembly2\")]";
            }
        }

        return null;
    }

    /// <summary>
    /// Why Castle cannot implement every abstract member of <paramref name="type"/>: one that is
    /// internal (or private protected) cannot be overridden from Castle's own assembly, and its
    /// proxy type fails to load. Null when it can, or when the assembly gives Castle access
    /// (then the rule stays silent rather than guess).
    /// </summary>
    private static string? WhyNotImplementableByCastle(INamedTypeSymbol type)
    {
        if (!type.IsAbstract || GivesCastleAccess(type))
        {
            return null;
        }

        var overridden = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        IEnumerable<INamedTypeSymbol> types = type.TypeKind == TypeKind.Interface
            ? new[] { type }.Concat(type.AllInterfaces)
            : BaseChain(type);
        foreach (INamedTypeSymbol current in types)
        {
            foreach (ISymbol member in current.GetMembers())
            {
                if (member.IsStatic || overridden.Contains(member))
                {
                    continue;
                }

                AddOverridden(member, overridden);
                if (member.IsAbstract && member.DeclaredAccessibility is Accessibility.Internal or Accessibility.ProtectedAndInternal
                    && member is not IMethodSymbol { MethodKind: not MethodKind.Ordinary })
                {
                    return "its abstract member " + member.Name + " is internal, so the runtime's fallback (Castle DynamicProxy), which emits proxies into an assembly of its own, cannot implement it; mark the type [Proxiable] for a generated proxy";
                }
            }
        }

        return null;
    }

    private static IEnumerable<INamedTypeSymbol> BaseChain(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            yield return current;
        }
    }

    /// <summary>Records the base member <paramref name="member"/> overrides, which a more derived class has implemented.</summary>
    private static void AddOverridden(ISymbol member, HashSet<ISymbol> overridden)
    {
        ISymbol? baseMember = member switch
        {
            IMethodSymbol method => method.OverriddenMethod,
            IPropertySymbol property => property.OverriddenProperty,
            IEventSymbol @event => @event.OverriddenEvent,
            _ => null,
        };
        for (; baseMember is not null; baseMember = baseMember switch
        {
            IMethodSymbol method => method.OverriddenMethod,
            IPropertySymbol property => property.OverriddenProperty,
            IEventSymbol @event => @event.OverriddenEvent,
            _ => null,
        })
        {
            overridden.Add(baseMember.OriginalDefinition);
            overridden.Add(baseMember);
        }
    }

    private static bool IsVisibleToCastle(INamedTypeSymbol type)
    {
        bool isPublic = true;
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            isPublic &= current.DeclaredAccessibility == Accessibility.Public;
        }

        if (isPublic)
        {
            return true;
        }

        // Castle checks only for the attribute naming its assembly; a nested private type stays out of reach even then.
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }

        return GivesCastleAccess(type);
    }

    /// <summary>Whether <paramref name="type"/>'s assembly has <c>[InternalsVisibleTo("DynamicProxyGenAssembly2")]</c>.</summary>
    private static bool GivesCastleAccess(INamedTypeSymbol type)
    {
        IAssemblySymbol? assembly = type.ContainingAssembly;
        if (assembly is null)
        {
            return false;
        }

        foreach (AttributeData attribute in assembly.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == "System.Runtime.CompilerServices.InternalsVisibleToAttribute"
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is string name
                && (name == "DynamicProxyGenAssembly2" || name.StartsWith("DynamicProxyGenAssembly2,", System.StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="type"/> has a parameterless constructor a class in another assembly can call.</summary>
    private static bool HasPublicOrProtectedParameterlessConstructor(INamedTypeSymbol type)
    {
        foreach (IMethodSymbol constructor in type.InstanceConstructors)
        {
            if (constructor.Parameters.IsEmpty
                && constructor.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal)
            {
                return true;
            }
        }

        return false;
    }

    private static string? WhyNotOverridable(ISymbol member)
    {
        switch (member)
        {
            case IFieldSymbol field:
                return field.IsImplicitlyDeclared ? null : "it is a field; make it a virtual property";
            case IMethodSymbol method when method.MethodKind == MethodKind.Ordinary:
                return WhyNotVirtual(method.IsVirtual, method.IsAbstract, method.IsOverride, method.IsSealed);
            case IPropertySymbol property:
                return WhyNotVirtual(property.IsVirtual, property.IsAbstract, property.IsOverride, property.IsSealed);
            case IEventSymbol @event:
                return WhyNotVirtual(@event.IsVirtual, @event.IsAbstract, @event.IsOverride, @event.IsSealed);
            default:
                return null;
        }
    }

    private static string? WhyNotVirtual(bool isVirtual, bool isAbstract, bool isOverride, bool isSealed)
    {
        if (isSealed)
        {
            return "it is a sealed override";
        }

        return isVirtual || isAbstract || isOverride ? null : "it is not virtual";
    }
}
