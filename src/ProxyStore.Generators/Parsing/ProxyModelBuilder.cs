using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ProxyStore.Generators.Model;

namespace ProxyStore.Generators.Parsing
{
    /// <summary>
    /// Builds the model of a <c>[Proxiable]</c> type's proxy, or null when the type cannot
    /// have one: a struct, a sealed, static or record class, a class with no constructor the
    /// proxy can call, a type out of reach of a namespace-level class (nested private or
    /// protected, file-local), an interface with static abstract members, or a type whose
    /// proxy name is already taken.
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
                || context.TargetNode.SyntaxTree.Options is not CSharpParseOptions { LanguageVersion: >= LanguageVersion.CSharp9 }
                || compilation.GetTypeByMetadataName(RegistryName) is null)
            {
                return null;
            }

            return Build(type, compilation, cancellationToken);
        }

        /// <summary>The model of <paramref name="type"/>'s proxy in <paramref name="compilation"/>.</summary>
        public static ProxyModel? Build(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
        {
            bool isInterface = type.TypeKind == TypeKind.Interface;
            bool isClass = type.TypeKind == TypeKind.Class && !type.IsSealed && !type.IsStatic && !type.IsRecord;
            if ((!isInterface && !isClass) || type.IsFileLocal || type.IsUnboundGenericType)
            {
                return null;
            }

            string? accessibility = EffectiveAccessibility(type);
            if (accessibility is null)
            {
                return null;
            }

            var chain = new List<INamedTypeSymbol>();
            for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
            {
                chain.Insert(0, current);
            }

            List<ITypeParameterSymbol> typeParameters = chain.SelectMany(t => t.TypeParameters).ToList();
            if (typeParameters.Select(p => p.Name).Distinct().Count() != typeParameters.Count)
            {
                return null;
            }

            string proxyName = ProxyNaming.ProxyName(chain, ProxiableGenerator.AttributeName);
            INamespaceSymbol containingNamespace = type.ContainingNamespace;
            if (!containingNamespace.GetTypeMembers(proxyName, typeParameters.Count).IsEmpty)
            {
                // A type of that name exists already; a second one would not compile.
                return null;
            }

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
                baseArguments = BaseConstructorArguments(type, compilation);
                classMembers = baseArguments is null ? null : ClassMemberCollector.Collect(type, proxyName, compilation, cancellationToken);
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

        /// <summary>
        /// <c>public</c> when the type and all its containing types are public; <c>internal</c>
        /// when all are reachable from the assembly; null when one is private or protected, so a
        /// proxy at namespace level could not name it.
        /// </summary>
        private static string? EffectiveAccessibility(INamedTypeSymbol type)
        {
            bool isPublic = true;
            for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
            {
                switch (current.DeclaredAccessibility)
                {
                    case Accessibility.Public:
                        break;
                    case Accessibility.Internal:
                    case Accessibility.ProtectedOrInternal:
                        isPublic = false;
                        break;
                    default:
                        return null;
                }
            }

            return isPublic ? "public" : "internal";
        }

        /// <summary>
        /// The arguments of the base constructor call: none for a parameterless constructor,
        /// else <c>default(T)!</c> for each parameter of the accessible constructor with the
        /// fewest parameters. Null when the proxy can call no constructor.
        /// </summary>
        private static string? BaseConstructorArguments(INamedTypeSymbol type, Compilation compilation)
        {
            IMethodSymbol? constructor = type.InstanceConstructors
                .Where(c => IsCallableConstructor(c, compilation))
                .OrderBy(c => c.Parameters.Length)
                .FirstOrDefault();
            return constructor is null
                ? null
                : string.Join(", ", constructor.Parameters.Select(p => "default(" + TypeDisplay.Of(p.Type) + ")!"));
        }

        private static bool IsCallableConstructor(IMethodSymbol constructor, Compilation compilation)
        {
            if (constructor.Parameters.Any(p => p.RefKind is not (RefKind.None or RefKind.In) || TypeDisplay.IsUnsafe(p.Type)))
            {
                return false;
            }

            MemberAccess access = MemberAccess.Of(constructor, compilation);
            return access.Kind != MemberAccessKind.Inaccessible;
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
}
