// Kept whole over 400 lines: one recursive walk from a put's argument through values, members
// and elements, whose cases call each other; split, the walk would be read across files.
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ProxyStore.Analyzers.Internal;

/// <summary>
/// The objects a <c>Store</c> put writes whose concrete types are known at compile time: object
/// creations, through casts, conditionals and locals written once, and inside them the values of
/// serialized members, constructor parameters that set members, and collection elements.
/// </summary>
/// <remarks>
/// What a put's value is read back as: for <c>Put</c> and <c>PutAsync</c>, the value's own static
/// type (before its conversion to <c>object</c>); for <c>Proxy</c>, <c>OwnedProxy</c> and the batch
/// methods, their <c>T</c>, the type of the proxy or of each element. Anything the walk cannot see
/// through (a parameter, a field, a method's result, a local written more than once) is skipped.
/// </remarks>
internal static class StoredObjects
{
    // Locals referring to locals, initializers nesting initializers: a bound for code that does not compile.
    private const int MaxDepth = 16;

    private const string JsonIgnoreMetadataName = "System.Text.Json.Serialization.JsonIgnoreAttribute";
    private const string JsonIncludeMetadataName = "System.Text.Json.Serialization.JsonIncludeAttribute";
    private const string NonSerializedMetadataName = "System.NonSerializedAttribute";
    private const string JsonConverterMetadataName = "System.Text.Json.Serialization.JsonConverterAttribute";

    // JsonIgnoreCondition.Always, the condition of a bare [JsonIgnore].
    private const int JsonIgnoreAlways = 1;

    private static readonly SymbolDisplayFormat Display = SymbolDisplayFormat.CSharpShortErrorMessageFormat;

    /// <summary>The objects <paramref name="invocation"/> stores, when it is a <c>Store</c> put; else none.</summary>
    public static List<StoredObject> Of(IInvocationOperation invocation, ProxyStoreSymbols symbols)
    {
        var found = new List<StoredObject>();
        IMethodSymbol method = invocation.TargetMethod;
        if (method.IsStatic || !SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Store))
        {
            return found;
        }

        switch (method.Name)
        {
            case "Put" or "PutAsync" when !method.IsGenericMethod && invocation.Arguments.GetArgument("obj") is { } argument:
                Value(found, argument.Value, StaticType(argument.Value), inGraph: false, string.Empty, argument.Value.Syntax.GetLocation(), depth: 0);
                break;
            case "Proxy" or "ProxyAsync" or "OwnedProxy" or "OwnedProxyAsync" when method.TypeArguments.Length == 1 && invocation.Arguments.GetArgument("obj") is { } argument:
                Value(found, argument.Value, method.TypeArguments[0], inGraph: false, string.Empty, argument.Value.Syntax.GetLocation(), depth: 0);
                break;
            case "PutBatch" or "PutBatchAsync" or "ProxyBatch" or "ProxyBatchAsync" when method.TypeArguments.Length == 1 && invocation.Arguments.GetArgument("objs") is { } batch:
                // Each element is stored, and read back, on its own as a T; the collection itself is not stored.
                foreach (IOperation collection in Sources(batch.Value, depth: 0))
                {
                    foreach ((IOperation element, _) in Elements(collection))
                    {
                        Value(found, element, method.TypeArguments[0], inGraph: false, string.Empty, at: null, depth: 0);
                    }
                }

                break;
        }

        return found;
    }

    /// <summary>The type <paramref name="value"/> has before the compiler converts it to the parameter's type.</summary>
    private static ITypeSymbol? StaticType(IOperation value)
    {
        while (value is IConversionOperation { IsImplicit: true } conversion)
        {
            value = conversion.Operand;
        }

        return value.Type;
    }

    /// <summary>Records the objects <paramref name="value"/> may be, when stored where <paramref name="declared"/> is declared, and what they hold.</summary>
    private static void Value(List<StoredObject> found, IOperation value, ITypeSymbol? declared, bool inGraph, string where, Location? at, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        foreach (IOperation creation in Sources(value, depth))
        {
            // A generic type's arguments are only known where its method is called.
            if (creation.Type is not { TypeKind: not TypeKind.Error } concrete || ContainsTypeParameter(concrete))
            {
                continue;
            }

            // A collection expression of an interface type is an array or a compiler-made class:
            // which one is the compiler's business, so only its elements are judged.
            if (declared is { TypeKind: not (TypeKind.Error or TypeKind.TypeParameter or TypeKind.Dynamic) }
                && concrete.TypeKind is not TypeKind.Interface && !concrete.IsAbstract
                && !SymbolEqualityComparer.Default.Equals(concrete, declared))
            {
                found.Add(new StoredObject(concrete, declared, inGraph, where, at ?? creation.Syntax.GetLocation()));
            }

            Contents(found, creation, concrete, depth + 1);
        }
    }

    /// <summary>What <paramref name="creation"/> puts in the object it creates: members, constructor parameters that set members, elements.</summary>
    private static void Contents(List<StoredObject> found, IOperation creation, ITypeSymbol concrete, int depth)
    {
        if (creation is IObjectCreationOperation objectCreation)
        {
            // The serializer reads a value through the constructor parameter named as its member, case aside.
            foreach (IArgumentOperation argument in objectCreation.Arguments)
            {
                if (argument.Parameter is { } parameter && SerializedMember(concrete, parameter.Name) is { } member)
                {
                    Value(found, argument.Value, MemberType(member), inGraph: true, MemberWhere(concrete, member), at: null, depth);
                }
            }
        }

        if (creation is IObjectCreationOperation { Initializer: { } initializer })
        {
            Initializer(found, initializer, concrete, depth);
        }
        else
        {
            string where = " in an element of '" + concrete.ToDisplayString(Display) + "'";
            foreach ((IOperation element, ITypeSymbol? elementType) in Elements(creation))
            {
                Value(found, element, elementType, inGraph: true, where, at: null, depth);
            }
        }
    }

    private static void Initializer(List<StoredObject> found, IObjectOrCollectionInitializerOperation initializer, ITypeSymbol owner, int depth)
    {
        string elementWhere = " in an element of '" + owner.ToDisplayString(Display) + "'";
        foreach (IOperation part in initializer.Initializers)
        {
            switch (part)
            {
                // ["key"] = value: an element.
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Arguments.IsEmpty: false } indexer } assignment:
                    Value(found, assignment.Value, indexer.Type, inGraph: true, elementWhere, at: null, depth);
                    break;
                case ISimpleAssignmentOperation { Target: IMemberReferenceOperation { Member: var member } } assignment when IsSerialized(member):
                    Value(found, assignment.Value, MemberType(member), inGraph: true, MemberWhere(owner, member), at: null, depth);
                    break;

                // Member = { ... }: fills the object the member already holds, of the member's type.
                case IMemberInitializerOperation { InitializedMember: IMemberReferenceOperation { Member: var member }, Initializer: IObjectOrCollectionInitializerOperation nested } when IsSerialized(member):
                    if (MemberType(member) is { } memberType)
                    {
                        Initializer(found, nested, memberType, depth + 1);
                    }

                    break;

                // A collection initializer's Add(element) or Add(key, value).
                case IInvocationOperation add:
                    foreach (IArgumentOperation argument in add.Arguments)
                    {
                        Value(found, argument.Value, argument.Parameter?.Type, inGraph: true, elementWhere, at: null, depth);
                    }

                    break;
            }
        }
    }

    /// <summary>The elements a collection creation writes, each with the type it is declared as in the collection.</summary>
    private static IEnumerable<(IOperation Element, ITypeSymbol? Type)> Elements(IOperation collection)
    {
        switch (collection)
        {
            case IArrayCreationOperation { Type: IArrayTypeSymbol array, Initializer: { } initializer }:
                foreach (IOperation element in ArrayElements(initializer))
                {
                    yield return (element, array.ElementType);
                }

                break;
            case ICollectionExpressionOperation expression:
                ITypeSymbol? elementType = ElementType(expression.Type);
                foreach (IOperation element in expression.Elements)
                {
                    // A spread's elements come from another collection, which the walk does not follow.
                    if (element is not ISpreadOperation)
                    {
                        yield return (element, elementType);
                    }
                }

                break;
            case IObjectCreationOperation { Initializer: { } initializer }:
                foreach (IOperation part in initializer.Initializers)
                {
                    if (part is IInvocationOperation { Arguments.Length: 1 } add)
                    {
                        yield return (add.Arguments[0].Value, add.Arguments[0].Parameter?.Type);
                    }
                }

                break;
        }
    }

    private static IEnumerable<IOperation> ArrayElements(IArrayInitializerOperation initializer)
    {
        foreach (IOperation value in initializer.ElementValues)
        {
            if (value is IArrayInitializerOperation nested)
            {
                // A multidimensional array's rows.
                foreach (IOperation element in ArrayElements(nested))
                {
                    yield return element;
                }
            }
            else
            {
                yield return value;
            }
        }
    }

    /// <summary>The creations <paramref name="value"/> may evaluate to: through casts, conditionals, <c>??</c>, switch expressions and locals written once.</summary>
    private static IEnumerable<IOperation> Sources(IOperation value, int depth)
    {
        if (depth > MaxDepth)
        {
            yield break;
        }

        // A user-defined conversion returns an object of its own choosing.
        while (value is IConversionOperation { Conversion.IsUserDefined: false } conversion)
        {
            value = conversion.Operand;
        }

        IEnumerable<IOperation> branches;
        switch (value)
        {
            case IObjectCreationOperation or IArrayCreationOperation or ICollectionExpressionOperation:
                yield return value;
                yield break;
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                branches = [conditional.WhenTrue, whenFalse];
                break;
            case ICoalesceOperation coalesce:
                branches = [coalesce.Value, coalesce.WhenNull];
                break;
            case ISwitchExpressionOperation switchExpression:
                var arms = new List<IOperation>();
                foreach (ISwitchExpressionArmOperation arm in switchExpression.Arms)
                {
                    arms.Add(arm.Value);
                }

                branches = arms;
                break;
            case ILocalReferenceOperation local when OnlyValue(local) is { } written:
                branches = [written];
                break;
            default:
                yield break;
        }

        foreach (IOperation branch in branches)
        {
            foreach (IOperation source in Sources(branch, depth + 1))
            {
                yield return source;
            }
        }
    }

    /// <summary>
    /// The value a local declared by a declaration statement is given, when that is the only
    /// write to it anywhere in its code block (lambdas and local functions included); else null.
    /// </summary>
    private static IOperation? OnlyValue(ILocalReferenceOperation reference)
    {
        ILocalSymbol local = reference.Local;
        if (local.IsRef
            || local.DeclaringSyntaxReferences.Length != 1
            || local.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax } })
        {
            return null;
        }

        IOperation root = reference;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        IOperation? value = null;
        int writes = 0;
        foreach (IOperation operation in root.Descendants())
        {
            if (operation is IVariableDeclaratorOperation { Initializer: { } initializer } declarator
                && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local))
            {
                writes++;
                value = initializer.Value;
            }
            else if (operation is ILocalReferenceOperation other
                && SymbolEqualityComparer.Default.Equals(other.Local, local)
                && Writes(other, out IOperation? assigned))
            {
                writes++;
                value = assigned;
            }
        }

        return writes == 1 ? value : null;
    }

    /// <summary>Whether <paramref name="reference"/> writes its local; <paramref name="assigned"/> is the value when it is a plain assignment.</summary>
    private static bool Writes(ILocalReferenceOperation reference, out IOperation? assigned)
    {
        assigned = null;
        switch (reference.Parent)
        {
            case ISimpleAssignmentOperation { IsRef: false } assignment when assignment.Target == reference:
                assigned = assignment.Value;
                return true;
            case IAssignmentOperation assignment when assignment.Target == reference:
                return true;
            case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out }:
            case IIncrementOrDecrementOperation:
            case IAddressOfOperation:
            // A deconstruction's target, or a tuple the local only travels in: either way the walk stops.
            case ITupleOperation:
                return true;
            default:
                // 'ref local' makes an alias that may write it anywhere.
                return reference.Syntax.Parent is RefExpressionSyntax;
        }
    }

    /// <summary>
    /// The member of <paramref name="type"/> the serializer writes under the name <paramref name="name"/>,
    /// case aside (constructor parameters are matched so), or null.
    /// </summary>
    private static ISymbol? SerializedMember(ITypeSymbol type, string name)
    {
        for (ITypeSymbol? t = type; t is not null; t = t.BaseType)
        {
            foreach (ISymbol member in t.GetMembers())
            {
                if (string.Equals(member.Name, name, System.StringComparison.OrdinalIgnoreCase) && IsSerialized(member))
                {
                    return member;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the default serializer writes <paramref name="member"/> the way the walk follows:
    /// public (or <c>[JsonInclude]</c>) instance properties and fields not ignored, and not given
    /// a converter of their own with <c>[JsonConverter]</c> (which writes them its own way).
    /// </summary>
    private static bool IsSerialized(ISymbol member)
    {
        if (member.IsStatic || member is not (IPropertySymbol { IsIndexer: false } or IFieldSymbol { IsConst: false, IsImplicitlyDeclared: false }))
        {
            return false;
        }

        bool included = member.DeclaredAccessibility == Accessibility.Public;
        foreach (AttributeData attribute in member.GetAttributes())
        {
            if (attribute.AttributeClass is not { } attributeClass)
            {
                continue;
            }

            string name = Storability.MetadataName(attributeClass);
            if (name == JsonIncludeMetadataName)
            {
                included = true;
            }
            else if ((name == JsonIgnoreMetadataName && IgnoresAlways(attribute))
                || (name == NonSerializedMetadataName && member is IFieldSymbol)
                || IsConverterAttribute(attributeClass))
            {
                return false;
            }
        }

        return included;

        static bool IsConverterAttribute(INamedTypeSymbol attributeClass)
        {
            for (INamedTypeSymbol? t = attributeClass; t is not null; t = t.BaseType)
            {
                if (Storability.MetadataName(t) == JsonConverterMetadataName)
                {
                    return true;
                }
            }

            return false;
        }

        static bool IgnoresAlways(AttributeData ignore)
        {
            foreach (KeyValuePair<string, TypedConstant> argument in ignore.NamedArguments)
            {
                if (argument.Key == "Condition")
                {
                    return argument.Value.Value is int condition && condition == JsonIgnoreAlways;
                }
            }

            return true;
        }
    }

    private static ITypeSymbol? MemberType(ISymbol member) =>
        member switch
        {
            IPropertySymbol property => property.Type,
            IFieldSymbol field => field.Type,
            _ => null,
        };

    private static string MemberWhere(ITypeSymbol owner, ISymbol member) =>
        " in '" + owner.ToDisplayString(Display) + "." + member.Name + "'";

    /// <summary>The element type of a collection type: an array's, else the <c>T</c> of the <c>IEnumerable&lt;T&gt;</c> it is or implements.</summary>
    private static ITypeSymbol? ElementType(ITypeSymbol? collection)
    {
        switch (collection)
        {
            case IArrayTypeSymbol array:
                return array.ElementType;
            case INamedTypeSymbol named:
                if (IsEnumerableOfT(named))
                {
                    return named.TypeArguments[0];
                }

                foreach (INamedTypeSymbol implemented in named.AllInterfaces)
                {
                    if (IsEnumerableOfT(implemented))
                    {
                        return implemented.TypeArguments[0];
                    }
                }

                return null;
            default:
                return null;
        }

        static bool IsEnumerableOfT(INamedTypeSymbol type) =>
            type.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T;
    }

    private static bool ContainsTypeParameter(ITypeSymbol type) =>
        type switch
        {
            ITypeParameterSymbol => true,
            IArrayTypeSymbol array => ContainsTypeParameter(array.ElementType),
            INamedTypeSymbol named => named.TypeArguments.Any(ContainsTypeParameter),
            _ => false,
        };
}
