using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ProxyStore.Analyzers.Internal;

/// <summary>What a <c>new Store(...)</c> says about itself and where it is put.</summary>
internal static class StoreCreations
{
    /// <summary>The store's constant name, or null when the name is only known at run time.</summary>
    public static string? ConstantName(IObjectCreationOperation creation) =>
        creation.Arguments.GetArgument("name")?.Value.ConstantValue is { HasValue: true, Value: string name } ? name : null;

    /// <summary>
    /// Whether the constructor registers the store: true or false when the <c>register</c>
    /// argument is a constant or omitted, null when it is only known at run time.
    /// </summary>
    public static bool? Registers(IObjectCreationOperation creation) =>
        creation.Arguments.GetArgument("register").ConstantBoolean(whenOmitted: false);

    /// <summary>Whether the store records metrics, by the same convention as <see cref="Registers"/>.</summary>
    public static bool? RecordsMetrics(IObjectCreationOperation creation) =>
        creation.Arguments.GetArgument("metrics").ConstantBoolean(whenOmitted: false);

    /// <summary>
    /// The local, field or parameterless property a new store is first put in
    /// (<c>var s = new Store(...)</c>, <c>using var s = ...</c>, a field or property
    /// initializer, <c>x = new Store(...)</c>, <c>x ??= new Store(...)</c>), or null.
    /// </summary>
    public static ISymbol? StorageOf(IObjectCreationOperation creation)
    {
        IOperation current = creation;
        IOperation? parent = current.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            current = parent;
            parent = parent.Parent;
        }

        return parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            IFieldInitializerOperation { InitializedFields.Length: > 0 } field => field.InitializedFields[0].OriginalDefinition,
            IPropertyInitializerOperation { InitializedProperties.Length: > 0 } property => property.InitializedProperties[0].OriginalDefinition,
            IAssignmentOperation assignment when ReferenceEquals(assignment.Value, current) => assignment.Target.ReferencedStorage(),
            _ => null,
        };
    }
}
