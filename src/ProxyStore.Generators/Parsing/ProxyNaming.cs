using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis;

namespace ProxyStore.Generators.Parsing
{
    /// <summary>
    /// Names of proxies. An interface's leading <c>I</c> is dropped when an uppercase letter
    /// follows it (<c>IModel</c> gives <c>ModelProxy</c>, <c>Item</c> gives <c>ItemProxy</c>).
    /// A nested type's proxy is declared at namespace level and named after its containing
    /// types too (<c>Outer.IModel</c> gives <c>OuterModelProxy</c>), so it can be reached from the
    /// module initializer whatever the containing types are.
    /// </summary>
    internal static class ProxyNaming
    {
        /// <summary>
        /// The simple name of the proxy of the innermost type of <paramref name="chain"/> (outermost
        /// first). An interface keeps its <c>I</c> when a <c>[Proxiable]</c> sibling type has the
        /// stripped name (<c>IModel</c> beside a proxiable class <c>Model</c> gives <c>IModelProxy</c>),
        /// so the two proxies do not collide.
        /// </summary>
        public static string ProxyName(IReadOnlyList<INamedTypeSymbol> chain, string attributeName)
        {
            var name = new StringBuilder();
            for (int i = 0; i < chain.Count - 1; i++)
            {
                name.Append(chain[i].Name);
            }

            INamedTypeSymbol type = chain[chain.Count - 1];
            string stripped = StripInterfacePrefix(type);
            if (stripped != type.Name && HasProxiableSibling(type, stripped, attributeName))
            {
                stripped = type.Name;
            }

            return name.Append(stripped).Append("Proxy").ToString();
        }

        /// <summary><paramref name="type"/>'s name, without the <c>I</c> of an interface named like <c>IModel</c>.</summary>
        public static string StripInterfacePrefix(INamedTypeSymbol type)
        {
            string name = type.Name;
            return type.TypeKind == TypeKind.Interface && name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1])
                ? name.Substring(1)
                : name;
        }

        private static bool HasProxiableSibling(INamedTypeSymbol type, string name, string attributeName)
        {
            IEnumerable<INamedTypeSymbol> siblings = type.ContainingType is { } container
                ? container.GetTypeMembers(name, type.Arity)
                : type.ContainingNamespace.GetTypeMembers(name, type.Arity);
            foreach (INamedTypeSymbol sibling in siblings)
            {
                foreach (AttributeData attribute in sibling.GetAttributes())
                {
                    if (attribute.AttributeClass?.ToDisplayString() == attributeName)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// An unbound generic name for <c>typeof</c>, such as <c>global::Ns.Outer&lt;&gt;.IRepo&lt;,&gt;</c>.
        /// </summary>
        public static string UnboundName(string @namespace, IReadOnlyList<INamedTypeSymbol> chain)
        {
            var name = new StringBuilder("global::");
            if (@namespace.Length > 0)
            {
                name.Append(@namespace).Append('.');
            }

            for (int i = 0; i < chain.Count; i++)
            {
                if (i > 0)
                {
                    name.Append('.');
                }

                name.Append(TypeDisplay.Identifier(chain[i].Name));
                AppendUnboundArity(name, chain[i].TypeParameters.Length);
            }

            return name.ToString();
        }

        /// <summary>An unbound generic name of a type declared at namespace level.</summary>
        public static string UnboundName(string @namespace, string name, int arity)
        {
            var text = new StringBuilder("global::");
            if (@namespace.Length > 0)
            {
                text.Append(@namespace).Append('.');
            }

            text.Append(name);
            AppendUnboundArity(text, arity);
            return text.ToString();
        }

        private static void AppendUnboundArity(StringBuilder name, int arity)
        {
            if (arity > 0)
            {
                name.Append('<').Append(',', arity - 1).Append('>');
            }
        }
    }
}
