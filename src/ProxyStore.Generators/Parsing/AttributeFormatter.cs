using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ProxyStore.Generators.Parsing;

/// <summary>
/// Copies the attributes a forwarding member needs from the member it forwards: the
/// nullable-analysis attributes, so the proxy compiles clean with nullable enabled, and
/// the caller-info attributes, so a call through the proxy type passes the caller on.
/// </summary>
internal static class AttributeFormatter
{
    private const string CodeAnalysis = "System.Diagnostics.CodeAnalysis";
    private const string CompilerServices = "System.Runtime.CompilerServices";

    private static readonly HashSet<string> NullableAttributes = new()
    {
        "AllowNullAttribute",
        "DisallowNullAttribute",
        "MaybeNullAttribute",
        "NotNullAttribute",
        "MaybeNullWhenAttribute",
        "NotNullWhenAttribute",
        "NotNullIfNotNullAttribute",
        "DoesNotReturnAttribute",
        "DoesNotReturnIfAttribute",
    };

    private static readonly HashSet<string> CallerInfoAttributes = new()
    {
        "CallerMemberNameAttribute",
        "CallerFilePathAttribute",
        "CallerLineNumberAttribute",
        "CallerArgumentExpressionAttribute",
    };

    /// <summary>
    /// The attributes to copy, written as <c>[global::Ns.Attr(args)]</c> (or with
    /// <paramref name="target"/>, such as <c>return: </c>).
    /// </summary>
    /// <param name="attributes">The attributes of the forwarded member, parameter or return value.</param>
    /// <param name="includeCallerInfo">Whether caller-info attributes are copied (not on explicit implementations, where they have no effect).</param>
    /// <param name="target">An attribute target prefix, such as <c>return: </c>, or empty.</param>
    public static List<string> Copy(ImmutableArray<AttributeData> attributes, bool includeCallerInfo, string target = "")
    {
        var copied = new List<string>();
        foreach (AttributeData attribute in attributes)
        {
            INamedTypeSymbol? type = attribute.AttributeClass;
            if (type is null)
            {
                continue;
            }

            string ns = type.ContainingNamespace?.ToDisplayString() ?? string.Empty;
            bool copy = (ns == CodeAnalysis && NullableAttributes.Contains(type.Name))
                || (includeCallerInfo && ns == CompilerServices && CallerInfoAttributes.Contains(type.Name));
            if (copy)
            {
                copied.Add(Write(attribute, type, target));
            }
        }

        return copied;
    }

    private static string Write(AttributeData attribute, INamedTypeSymbol type, string target)
    {
        string name = TypeDisplay.Of(type);
        if (name.EndsWith("Attribute", System.StringComparison.Ordinal))
        {
            name = name.Substring(0, name.Length - "Attribute".Length);
        }

        IEnumerable<string> arguments = attribute.ConstructorArguments.Select(a => a.ToCSharpString())
            .Concat(attribute.NamedArguments.Select(a => a.Key + " = " + a.Value.ToCSharpString()));
        string argumentList = string.Join(", ", arguments);
        return "[" + target + name + (argumentList.Length == 0 ? string.Empty : "(" + argumentList + ")") + "]";
    }
}
