using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ProxyStore.Analyzers.Internal;

internal static class OperationExtensions
{
    /// <summary><paramref name="operation"/> without the implicit and explicit conversions and parentheses around it.</summary>
    public static IOperation WithoutConversions(this IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    break;
                default:
                    return operation;
            }
        }
    }

    /// <summary>The argument passed for the parameter named <paramref name="parameterName"/>, or null.</summary>
    public static IArgumentOperation? GetArgument(this System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, string parameterName)
    {
        foreach (IArgumentOperation argument in arguments)
        {
            if (argument.Parameter?.Name == parameterName)
            {
                return argument;
            }
        }

        return null;
    }

    /// <summary>
    /// What a boolean argument says: true or false for a constant written in the call,
    /// null for a value only known at run time. An omitted optional argument is
    /// <paramref name="whenOmitted"/>.
    /// </summary>
    public static bool? ConstantBoolean(this IArgumentOperation? argument, bool whenOmitted)
    {
        if (argument is null || argument.ArgumentKind == ArgumentKind.DefaultValue)
        {
            return whenOmitted;
        }

        Optional<object?> constant = argument.Value.ConstantValue;
        return constant.HasValue && constant.Value is bool value ? value : null;
    }

    /// <summary>
    /// The local, field or parameterless property that <paramref name="operation"/> reads,
    /// or null when it reads something else.
    /// </summary>
    public static ISymbol? ReferencedStorage(this IOperation operation) =>
        operation.WithoutConversions() switch
        {
            ILocalReferenceOperation local => local.Local,
            IFieldReferenceOperation field => field.Field.OriginalDefinition,
            IPropertyReferenceOperation { Arguments.IsEmpty: true } property => property.Property.OriginalDefinition,
            _ => null,
        };
}
