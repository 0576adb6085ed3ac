using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ProxyStore.Generators.Parsing;

/// <summary>Writes type parameter lists and <c>where</c> clauses.</summary>
internal static class ConstraintFormatter
{
    /// <summary><c>&lt;T, U&gt;</c>, or empty when there are no type parameters.</summary>
    public static string TypeParameterList(IEnumerable<ITypeParameterSymbol> typeParameters)
    {
        string[] names = typeParameters.Select(p => TypeDisplay.Identifier(p.Name)).ToArray();
        return names.Length == 0 ? string.Empty : "<" + string.Join(", ", names) + ">";
    }

    /// <summary>
    /// Every constraint restated, as a type or an implicitly implementing method must:
    /// <c>where T : class?, global::System.IComparable&lt;T&gt;, new()</c>.
    /// </summary>
    public static List<string> Full(IEnumerable<ITypeParameterSymbol> typeParameters)
    {
        var clauses = new List<string>();
        foreach (ITypeParameterSymbol parameter in typeParameters)
        {
            var parts = new List<string>();
            if (parameter.HasReferenceTypeConstraint)
            {
                parts.Add(parameter.ReferenceTypeConstraintNullableAnnotation == NullableAnnotation.Annotated ? "class?" : "class");
            }
            else if (parameter.HasUnmanagedTypeConstraint)
            {
                parts.Add("unmanaged");
            }
            else if (parameter.HasValueTypeConstraint)
            {
                parts.Add("struct");
            }
            else if (parameter.HasNotNullConstraint)
            {
                parts.Add("notnull");
            }

            for (int i = 0; i < parameter.ConstraintTypes.Length; i++)
            {
                ITypeSymbol constraint = parameter.ConstraintTypes[i].WithNullableAnnotation(parameter.ConstraintNullableAnnotations[i]);
                parts.Add(TypeDisplay.Of(constraint));
            }

            if (parameter.HasConstructorConstraint && !parameter.HasValueTypeConstraint)
            {
                parts.Add("new()");
            }

            if (parameter.AllowsRefLikeType)
            {
                parts.Add("allows ref struct");
            }

            if (parts.Count > 0)
            {
                clauses.Add("where " + TypeDisplay.Identifier(parameter.Name) + " : " + string.Join(", ", parts));
            }
        }

        return clauses;
    }

    /// <summary>
    /// The constraints an override or an explicit implementation of <paramref name="method"/>
    /// must restate: only <c>class</c> or <c>default</c>, which tell what <c>T?</c> means, and
    /// only for the type parameters written as <c>T?</c> in its signature.
    /// </summary>
    public static List<string> ForOverride(IMethodSymbol method)
    {
        var clauses = new List<string>();
        foreach (ITypeParameterSymbol parameter in method.TypeParameters)
        {
            bool annotated = IsAnnotatedIn(method.ReturnType, parameter)
                || method.Parameters.Any(p => IsAnnotatedIn(p.Type, parameter));
            if (!annotated || parameter.IsValueType)
            {
                continue;
            }

            clauses.Add("where " + TypeDisplay.Identifier(parameter.Name) + (parameter.IsReferenceType ? " : class" : " : default"));
        }

        return clauses;
    }

    /// <summary>Whether <paramref name="type"/> is or contains <c>T?</c> for the type parameter <paramref name="parameter"/>.</summary>
    private static bool IsAnnotatedIn(ITypeSymbol type, ITypeParameterSymbol parameter) => type switch
    {
        ITypeParameterSymbol p => p.NullableAnnotation == NullableAnnotation.Annotated && SymbolEqualityComparer.Default.Equals(p, parameter),
        IArrayTypeSymbol array => IsAnnotatedIn(array.ElementType, parameter),
        IPointerTypeSymbol pointer => IsAnnotatedIn(pointer.PointedAtType, parameter),
        INamedTypeSymbol named => named.TypeArguments.Any(a => IsAnnotatedIn(a, parameter)),
        _ => false,
    };
}
