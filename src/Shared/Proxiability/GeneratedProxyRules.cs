using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ProxyStore.Shared.Proxiability;

/// <summary>
/// The one decision "can this <c>[Proxiable]</c> type get a generated proxy, and if not,
/// why". This file is compiled into both the source generator (which emits nothing for a
/// refused type) and the analyzers (which report the reason as PXS0003), so the two cannot
/// drift: every refusal of the generator is a diagnostic, and every diagnostic a refusal.
/// </summary>
internal static class GeneratedProxyRules
{
    /// <summary>
    /// Why the generator cannot proxy <paramref name="type"/>, phrased to follow "but"
    /// ("it is sealed, ..."), or null when it can. The proxy is compiled into
    /// <paramref name="compilation"/>, the type's own assembly.
    /// </summary>
    public static string? WhyNot(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken = default)
    {
        string? reason = WhyNotKind(type);
        if (reason is not null)
        {
            return reason;
        }

        if (type.IsFileLocal)
        {
            return "it is file-local, so the proxy, generated into a file of its own, cannot name it; make it internal";
        }

        List<INamedTypeSymbol> chain = ProxyNames.Chain(type);
        foreach (INamedTypeSymbol current in chain)
        {
            if (current.IsFileLocal)
            {
                return "it is nested in the file-local type '" + current.Name + "', so the proxy, generated into a file of its own, cannot name it";
            }

            if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal))
            {
                string what = ReferenceEquals(current, type) ? "it is" : "its containing type '" + current.Name + "' is";
                return what + " " + AccessibilityText(current.DeclaredAccessibility)
                    + ", so its proxy, declared at namespace level, cannot name it; make it internal or public";
            }
        }

        List<ITypeParameterSymbol> typeParameters = chain.SelectMany(t => t.TypeParameters).ToList();
        string? repeated = typeParameters.GroupBy(p => p.Name).Where(g => g.Count() > 1).Select(g => g.Key).FirstOrDefault();
        if (repeated is not null)
        {
            return "it and its containing types each declare a type parameter '" + repeated
                + "', and its proxy, which declares them all in one list, cannot; rename one";
        }

        string proxyName = ProxyNames.ProxyName(chain);
        foreach (INamedTypeSymbol taken in type.ContainingNamespace.GetTypeMembers(proxyName, typeParameters.Count))
        {
            if (!IsGeneratedProxy(taken))
            {
                return "the name of its proxy, '" + proxyName + "', is taken by another type in its namespace; rename that type";
            }
        }

        return type.TypeKind == TypeKind.Interface
            ? WhyNotInterface(type, compilation, cancellationToken)
            : WhyNotClass(type, proxyName, compilation, cancellationToken);
    }

    /// <summary>
    /// Why the generator emits nothing for a declaration written in <paramref name="tree"/>:
    /// the generated code needs C# 9 (module initializers, <c>is not null</c>). Null when it is new enough.
    /// </summary>
    public static string? WhyNotLanguage(SyntaxTree tree) =>
        tree.Options is CSharpParseOptions { LanguageVersion: < LanguageVersion.CSharp9 }
            ? "it is compiled as C# older than 9, and the generated proxy needs C# 9 (module initializers); raise LangVersion"
            : null;

    private static string? WhyNotKind(INamedTypeSymbol type)
    {
        switch (type.TypeKind)
        {
            case TypeKind.Interface:
                return null;
            case TypeKind.Struct:
                return "it is a struct, and a proxy can only derive from a class or implement an interface";
            case TypeKind.Enum:
                return "it is an enum, and a proxy can only derive from a class or implement an interface";
            case TypeKind.Delegate:
                return "it is a delegate, and delegate types are sealed";
            case TypeKind.Class:
                break;
            default:
                return "it is neither a class nor an interface";
        }

        if (type.IsStatic)
        {
            return "it is static, so no proxy class can derive from it";
        }

        if (type.IsSealed)
        {
            return "it is sealed, so no proxy class can derive from it";
        }

        if (type.IsRecord)
        {
            // A derived proxy would inherit the record's compiler-generated value equality,
            // copy constructor and 'with' support, which read the proxy's own (empty) fields
            // instead of the target's; 'virtual' cannot change that.
            return "it is a record, whose compiler-generated equality, copy and 'with' would read the unresolved proxy; proxy an interface the record implements instead";
        }

        return null;
    }

    private static string? WhyNotInterface(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (INamedTypeSymbol @interface in new[] { type }.Concat(type.AllInterfaces))
        {
            foreach (ISymbol member in @interface.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!member.IsAbstract)
                {
                    continue;
                }

                if (member.IsStatic)
                {
                    // An interface with static abstract members cannot be a type argument, so there is no IProxy<T>.
                    return "its member '" + member.Name + "' is static abstract, so it cannot be a type argument and no proxy can implement it";
                }

                if (!compilation.IsSymbolAccessibleWithin(member, compilation.Assembly))
                {
                    return "its abstract member '" + member.Name + "' is protected, or internal to another assembly, so a proxy class cannot implement it";
                }
            }
        }

        return null;
    }

    private static string? WhyNotClass(INamedTypeSymbol type, string proxyName, Compilation compilation, CancellationToken cancellationToken)
    {
        if (!type.InstanceConstructors.Any(c => c.Parameters.IsEmpty && MemberAccess.Of(c, compilation).Kind != MemberAccessKind.Inaccessible))
        {
            // Calling a parameterized constructor with made-up arguments would run its validation and side effects on every proxy.
            return "it has no parameterless constructor its proxy can call (public, protected or internal), and a proxy never calls one with made-up arguments; add a protected parameterless constructor";
        }

        // The same walk as the generator's ClassMemberCollector: most derived first, skipping
        // members that a more derived one overrides or hides.
        var seen = new List<ISymbol>();
        for (INamedTypeSymbol? current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (ISymbol member in current.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!IsMemberSlot(member) || seen.Any(s => Signatures.Clash(s, member)))
                {
                    continue;
                }

                seen.Add(member);
                if (member.DeclaredAccessibility != Accessibility.Private && Signatures.ProxyMemberNames.Contains(member.Name))
                {
                    return "its member '" + member.Name + "' has the name of a member the proxy declares for itself; rename it";
                }

                if (member.IsStatic || !IsOverridable(member) || IsObjectOverride(member))
                {
                    continue;
                }

                if (member.Name == proxyName)
                {
                    return "its overridable member '" + member.Name + "' has the name of its proxy class, which an override cannot take; rename it";
                }

                MemberAccess access = MemberAccess.Of(member, compilation);
                if (access.Kind == MemberAccessKind.Inaccessible && member.IsAbstract)
                {
                    return "its abstract member '" + member.Name + "' is not accessible from this assembly, so a proxy cannot override it";
                }

                if ((access.Kind == MemberAccessKind.Forward || member.IsAbstract) && member is IPropertySymbol property && HasInaccessibleAbstractAccessor(property, compilation))
                {
                    return "an abstract accessor of its property '" + member.Name + "' is not accessible from this assembly, so a proxy cannot override it";
                }
            }
        }

        return null;
    }

    /// <summary>Whether the generator's collector would see an abstract accessor it cannot override.</summary>
    private static bool HasInaccessibleAbstractAccessor(IPropertySymbol property, Compilation compilation)
    {
        foreach (bool getter in new[] { true, false })
        {
            IMethodSymbol? accessor = FindAccessor(property, getter);
            if (accessor is not null && !accessor.IsSealed && accessor.IsAbstract
                && MemberAccess.Of(accessor, compilation).Kind == MemberAccessKind.Inaccessible)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The accessor of <paramref name="property"/> or, when an override declares only the
    /// other one, of the property it overrides.
    /// </summary>
    public static IMethodSymbol? FindAccessor(IPropertySymbol property, bool getter)
    {
        for (IPropertySymbol? current = property; current is not null; current = current.OverriddenProperty)
        {
            IMethodSymbol? accessor = getter ? current.GetMethod : current.SetMethod;
            if (accessor is not null)
            {
                return accessor;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="member"/> takes a slot in a class that a proxy member could clash with.</summary>
    public static bool IsMemberSlot(ISymbol member) => member switch
    {
        IMethodSymbol method => method.MethodKind == MethodKind.Ordinary,
        IPropertySymbol or IEventSymbol or IFieldSymbol or INamedTypeSymbol => member.CanBeReferencedByName || member is IPropertySymbol { IsIndexer: true },
        _ => false,
    };

    /// <summary>Whether a proxy class can override <paramref name="member"/>.</summary>
    public static bool IsOverridable(ISymbol member) =>
        (member.IsVirtual || member.IsAbstract || member.IsOverride) && !member.IsSealed
        && member is IMethodSymbol or IPropertySymbol or IEventSymbol;

    /// <summary>Whether <paramref name="member"/> is <c>ToString()</c>, <c>Equals(object)</c> or <c>GetHashCode()</c>.</summary>
    public static bool IsObjectOverride(ISymbol member) =>
        member is IMethodSymbol method
        && (Signatures.IsObjectOverride(method, "ToString") || Signatures.IsObjectOverride(method, "Equals") || Signatures.IsObjectOverride(method, "GetHashCode"));

    /// <summary>Whether <paramref name="type"/> is a proxy this generator emitted (it has the generator's <c>[GeneratedCode]</c>).</summary>
    private static bool IsGeneratedProxy(INamedTypeSymbol type)
    {
        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == "System.CodeDom.Compiler.GeneratedCodeAttribute"
                && attribute.ConstructorArguments.Length > 0
                && attribute.ConstructorArguments[0].Value as string == GeneratorName)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The tool name the generator writes into <c>[GeneratedCode]</c>.</summary>
    public const string GeneratorName = "ProxyStore.Generators";

    private static string AccessibilityText(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Private => "private",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedAndInternal => "private protected",
        _ => "not accessible",
    };
}
