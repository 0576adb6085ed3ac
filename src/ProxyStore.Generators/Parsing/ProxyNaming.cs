using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis;

namespace ProxyStore.Generators.Parsing;

/// <summary>
/// Unbound generic names of proxied types and proxies, for <c>typeof</c> in the registration.
/// The proxy's simple name is <see cref="ProxyStore.Shared.Proxiability.ProxyNames"/>'s, shared with
/// the analyzers, which must know it to report a name that is taken.
/// </summary>
internal static class ProxyNaming
{
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
