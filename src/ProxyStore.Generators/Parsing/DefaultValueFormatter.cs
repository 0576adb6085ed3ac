using System;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ProxyStore.Generators.Parsing;

/// <summary>Writes a parameter's default value as a C# expression of the parameter's type.</summary>
internal static class DefaultValueFormatter
{
    /// <summary>The default value of <paramref name="parameter"/>, or null when it has none.</summary>
    public static string? Format(IParameterSymbol parameter)
    {
        if (!parameter.HasExplicitDefaultValue)
        {
            return null;
        }

        ITypeSymbol type = parameter.Type;
        object? value = parameter.ExplicitDefaultValue;
        ITypeSymbol underlying = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            ? nullable.TypeArguments[0]
            : type;

        if (value is null)
        {
            return type.IsReferenceType || !ReferenceEquals(underlying, type) ? "null" : "default";
        }

        return underlying is INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType
            ? EnumValue(enumType, value)
            : Literal(value);
    }

    /// <summary>The enum member with that value (<c>global::Ns.Color.Red</c>), else a cast of the number.</summary>
    private static string EnumValue(INamedTypeSymbol enumType, object value)
    {
        string type = TypeDisplay.Of(enumType.WithNullableAnnotation(NullableAnnotation.NotAnnotated));
        foreach (ISymbol member in enumType.GetMembers())
        {
            if (member is IFieldSymbol { HasConstantValue: true } field && Equals(field.ConstantValue, value))
            {
                return type + "." + TypeDisplay.Identifier(field.Name);
            }
        }

        return "(" + type + ")(" + Literal(value) + ")";
    }

    private static string Literal(object value) => value switch
    {
        bool b => b ? "true" : "false",
        string s => SymbolDisplay.FormatLiteral(s, quote: true),
        char c => SymbolDisplay.FormatLiteral(c, quote: true),
        double d => Double(d),
        float f => Single(f),
        decimal m => m.ToString(CultureInfo.InvariantCulture) + "M",
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        ulong ul => ul.ToString(CultureInfo.InvariantCulture) + "UL",
        uint ui => ui.ToString(CultureInfo.InvariantCulture) + "U",
        int i => i.ToString(CultureInfo.InvariantCulture),
        short s => "(short)" + Signed(s),
        ushort us => "(ushort)" + us.ToString(CultureInfo.InvariantCulture),
        byte b => "(byte)" + b.ToString(CultureInfo.InvariantCulture),
        sbyte sb => "(sbyte)" + Signed(sb),
        IFormattable other => other.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "default",
    };

    private static string Signed(long value) =>
        value < 0 ? "(" + value.ToString(CultureInfo.InvariantCulture) + ")" : value.ToString(CultureInfo.InvariantCulture);

    private static string Double(double d)
    {
        if (double.IsNaN(d))
        {
            return "double.NaN";
        }

        if (double.IsPositiveInfinity(d))
        {
            return "double.PositiveInfinity";
        }

        if (double.IsNegativeInfinity(d))
        {
            return "double.NegativeInfinity";
        }

        return d.ToString("R", CultureInfo.InvariantCulture) + "D";
    }

    private static string Single(float f)
    {
        if (float.IsNaN(f))
        {
            return "float.NaN";
        }

        if (float.IsPositiveInfinity(f))
        {
            return "float.PositiveInfinity";
        }

        if (float.IsNegativeInfinity(f))
        {
            return "float.NegativeInfinity";
        }

        return f.ToString("R", CultureInfo.InvariantCulture) + "F";
    }
}
