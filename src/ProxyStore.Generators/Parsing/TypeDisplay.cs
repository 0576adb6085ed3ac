using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ProxyStore.Generators.Parsing;

/// <summary>How symbols are written in generated code: fully qualified, with nullable annotations.</summary>
internal static class TypeDisplay
{
    /// <summary><c>global::</c>-qualified names with <c>?</c> on nullable reference types.</summary>
    public static readonly SymbolDisplayFormat Format = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>The type as written in generated code.</summary>
    public static string Of(ITypeSymbol type) => type.ToDisplayString(Format);

    /// <summary>A namespace as written in a declaration, keywords escaped: <c>Demo.@class</c>; empty for the global namespace.</summary>
    public static string Namespace(INamespaceSymbol ns) =>
        ns.IsGlobalNamespace ? string.Empty : ns.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat.WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers));

    /// <summary>A name usable as an identifier: reserved keywords get an <c>@</c>.</summary>
    public static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>
    /// Whether <paramref name="type"/> is or contains a reference type from a nullable-oblivious
    /// context, whose nullability the generated code cannot state.
    /// </summary>
    public static bool IsOblivious(ITypeSymbol type)
    {
        if (type.NullableAnnotation == NullableAnnotation.None && !type.IsValueType && type is not (IPointerTypeSymbol or IFunctionPointerTypeSymbol))
        {
            return true;
        }

        return type switch
        {
            IArrayTypeSymbol array => IsOblivious(array.ElementType),
            INamedTypeSymbol named => named.TypeArguments.Any(IsOblivious),
            _ => false,
        };
    }

    /// <summary>Whether <paramref name="type"/> is or contains a pointer, which needs an <c>unsafe</c> member.</summary>
    public static bool IsUnsafe(ITypeSymbol type) => type switch
    {
        IPointerTypeSymbol or IFunctionPointerTypeSymbol => true,
        IArrayTypeSymbol array => IsUnsafe(array.ElementType),
        _ => false,
    };
}
