using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using ProxyStore.Generators.Model;
using ProxyStore.Shared.Proxiability;

namespace ProxyStore.Generators.Parsing;

/// <summary>
/// Builds the model of a <c>[Proxiable]</c> type's proxy, or null when the type cannot
/// have one; <see cref="GeneratedProxyRules"/>, shared with the analyzers, says which.
/// </summary>
internal static class ProxyModelBuilder
{
    /// <summary>The runtime type the generated registration calls; without it there is nothing to generate for.</summary>
    private const string RegistryName = "ProxyStore.GeneratedProxies";

    /// <summary>
    /// The model of the attributed type of <paramref name="context"/>; null also when the
    /// compilation does not reference the ProxyStore runtime or its C# is older than 9 (the
    /// generated code needs module initializers and <c>is not null</c>).
    /// </summary>
    public static ProxyModel? Build(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        Compilation compilation = context.SemanticModel.Compilation;
        if (context.TargetSymbol is not INamedTypeSymbol type
            || GeneratedProxyRules.WhyNotLanguage(context.TargetNode.SyntaxTree) is not null
            || compilation.GetTypeByMetadataName(RegistryName) is null)
        {
            return null;
        }

        return Build(type, compilation, cancellationToken, PublicProxy(context.Attributes));
    }

    /// <summary>
    /// The model of <paramref name="type"/>'s proxy in <paramref name="compilation"/>, or
    /// null when <see cref="GeneratedProxyRules.WhyNot"/> refuses it (the analyzers report
    /// the same refusal as PXS0003). The proxy is <c>internal</c> unless the attribute says
    /// <c>PublicProxy = true</c> and the type is public: it is found through its registration,
    /// not by name, so it need not widen the assembly's API.
    /// </summary>
    public static ProxyModel? Build(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken, bool publicProxy = false)
    {
        if (type.IsUnboundGenericType || GeneratedProxyRules.WhyNot(type, compilation, cancellationToken) is not null)
        {
            return null;
        }

        bool isInterface = type.TypeKind == TypeKind.Interface;
        string accessibility = publicProxy && IsPublic(type) ? "public" : "internal";
        List<INamedTypeSymbol> chain = ProxyNames.Chain(type);
        List<ITypeParameterSymbol> typeParameters = chain.SelectMany(t => t.TypeParameters).ToList();
        string proxyName = ProxyNames.ProxyName(chain);
        INamespaceSymbol containingNamespace = type.ContainingNamespace;
        string ns = TypeDisplay.Namespace(containingNamespace);
        string targetType = TypeDisplay.Of(type);
        string? baseArguments = null;
        ClassMembers? classMembers = null;
        List<MemberModel>? members;
        if (isInterface)
        {
            members = InterfaceMemberCollector.Collect(type, proxyName, compilation, cancellationToken);
        }
        else
        {
            // GeneratedProxyRules accepted a parameterless constructor: the proxy calls base() and nothing else.
            baseArguments = string.Empty;
            classMembers = ClassMemberCollector.Collect(type, proxyName, compilation, cancellationToken);
            members = classMembers?.Members;
        }

        if (members is null)
        {
            return null;
        }

        string typeParameterList = ConstraintFormatter.TypeParameterList(typeParameters);
        bool isGeneric = typeParameters.Count > 0;
        var registration = new RegistrationModel(
            compilation.AssemblyName ?? string.Empty,
            isGeneric ? ProxyNaming.UnboundName(ns, chain) : targetType,
            isGeneric ? ProxyNaming.UnboundName(ns, proxyName, typeParameters.Count) : QualifiedName(ns, proxyName),
            isGeneric);

        return new ProxyModel(
            HintName(type),
            ns,
            accessibility,
            proxyName,
            typeParameterList,
            ConstraintFormatter.Full(typeParameters).ToEquatableArray(),
            targetType,
            isInterface,
            baseArguments,
            classMembers?.HasRequiredMembers ?? false,
            classMembers is null ? "string?" : classMembers.ToStringReturnType,
            classMembers?.OverrideEquals ?? true,
            classMembers?.OverrideGetHashCode ?? true,
            members.ToEquatableArray(),
            chain.Count > 1 ? NestingComment(type, proxyName) : null,
            registration);
    }

    /// <summary>Whether <paramref name="type"/> and all its containing types are public.</summary>
    private static bool IsPublic(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility != Accessibility.Public)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the attribute sets <c>PublicProxy = true</c>.</summary>
    private static bool PublicProxy(ImmutableArray<AttributeData> attributes)
    {
        foreach (AttributeData attribute in attributes)
        {
            foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
            {
                if (argument.Key == "PublicProxy" && argument.Value.Value is true)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string QualifiedName(string ns, string name) =>
        "global::" + (ns.Length == 0 ? string.Empty : ns + ".") + name;

    /// <summary>A file name unique per type: its namespace, containing types, name and arity.</summary>
    private static string HintName(INamedTypeSymbol type)
    {
        var name = new StringBuilder();
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            string part = current.Arity > 0 ? current.Name + "`" + current.Arity : current.Name;
            name.Insert(0, name.Length == 0 ? part : part + ".");
        }

        if (!type.ContainingNamespace.IsGlobalNamespace)
        {
            name.Insert(0, type.ContainingNamespace.ToDisplayString() + ".");
        }

        // A keyword used as a name is displayed with '@', which a hint name cannot contain.
        return name.Replace("@", string.Empty).Append(".Proxy.g.cs").ToString();
    }

    private static string NestingComment(INamedTypeSymbol type, string proxyName) =>
        type.ToDisplayString() + " is a nested type: its proxy is declared at namespace level, named after its containing types ("
        + proxyName + "), so the module initializer can reach it whatever the containing types are.";
}
