using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ProxyStore.Analyzers.Internal;

/// <summary>What a <c>StoreConfig</c> passed to <c>Store.FromConfig</c> says, when it is written where it is used.</summary>
internal static class StoreConfigs
{
    /// <summary>
    /// The <c>new StoreConfig { ... }</c> that <paramref name="config"/> is: the expression itself,
    /// or the initializer of a local that is never assigned again in the same body. Null for
    /// anything else (a parameter, a field, a <c>with</c> expression, a method result), whose
    /// values are only known at run time.
    /// </summary>
    public static IObjectCreationOperation? KnownCreation(IOperation config)
    {
        IOperation value = config.WithoutConversions();
        if (value is IObjectCreationOperation creation)
        {
            return creation;
        }

        if (value is not ILocalReferenceOperation { Local: { } local })
        {
            return null;
        }

        // The local's one initializer is its value only if nothing else is ever stored in it.
        IOperation root = value;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        IObjectCreationOperation? initializer = null;
        foreach (IOperation operation in root.Descendants())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    initializer = declarator.GetVariableInitializer()?.Value.WithoutConversions() as IObjectCreationOperation;
                    break;
                case IAssignmentOperation assignment when assignment.Target is ILocalReferenceOperation target && SymbolEqualityComparer.Default.Equals(target.Local, local):
                    return null;
                case IArgumentOperation { Parameter.RefKind: not RefKind.None, Value: ILocalReferenceOperation passed } when SymbolEqualityComparer.Default.Equals(passed.Local, local):
                    return null;
            }
        }

        return initializer;
    }

    /// <summary>
    /// The boolean <paramref name="property"/> (<c>Metrics</c>, <c>Register</c>) set by
    /// <paramref name="creation"/>'s object initializer: the constant written, false when it is
    /// not set (the record's default), null when it is set to a value only known at run time.
    /// </summary>
    public static bool? ConstantBoolean(IObjectCreationOperation creation, string property)
    {
        bool? result = false;
        if (creation.Initializer is null)
        {
            return result;
        }

        foreach (IOperation initializer in creation.Initializer.Initializers)
        {
            if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } assignment
                && target.Property.Name == property)
            {
                result = assignment.Value.ConstantValue is { HasValue: true, Value: bool value } ? value : null;
            }
        }

        return result;
    }

    /// <summary>The constant <c>Name</c> set by <paramref name="creation"/>'s object initializer, or null.</summary>
    public static string? ConstantName(IObjectCreationOperation creation)
    {
        if (creation.Initializer is null)
        {
            return null;
        }

        string? name = null;
        foreach (IOperation initializer in creation.Initializer.Initializers)
        {
            if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Name" } } assignment)
            {
                name = assignment.Value.ConstantValue is { HasValue: true, Value: string value } ? value : null;
            }
        }

        return name;
    }
}
