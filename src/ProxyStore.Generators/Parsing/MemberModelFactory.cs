using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using ProxyStore.Generators.Model;

namespace ProxyStore.Generators.Parsing;

/// <summary>Turns a member of the proxied type into the model of its forwarding member.</summary>
internal static class MemberModelFactory
{
    /// <summary>The forwarding method of <paramref name="method"/>.</summary>
    public static MethodModel Method(IMethodSymbol method, Implementation implementation)
    {
        bool isUnsafe = TypeDisplay.IsUnsafe(method.ReturnType) || method.Parameters.Any(p => TypeDisplay.IsUnsafe(p.Type));
        string returnType = method.ReturnsVoid ? "void" : RefPrefix(method.ReturnsByRef, method.ReturnsByRefReadonly) + TypeDisplay.Of(method.ReturnType);
        string typeParameters = ConstraintFormatter.TypeParameterList(method.TypeParameters);
        List<string> constraints = implementation.IsExplicit || implementation.IsOverride
            ? ConstraintFormatter.ForOverride(method)
            : ConstraintFormatter.Full(method.TypeParameters);

        return new MethodModel(
            Modifiers(implementation, isUnsafe),
            implementation.ExplicitInterface,
            TypeDisplay.Identifier(method.Name),
            implementation.Receiver,
            AttributeFormatter.Copy(method.GetAttributes(), includeCallerInfo: false).ToEquatableArray(),
            implementation.NotSupportedMessage,
            TypeDisplay.IsOblivious(method.ReturnType) || method.Parameters.Any(p => TypeDisplay.IsOblivious(p.Type)),
            returnType,
            method.ReturnsByRef || method.ReturnsByRefReadonly,
            AttributeFormatter.Copy(method.GetReturnTypeAttributes(), includeCallerInfo: false, target: "return: ").ToEquatableArray(),
            typeParameters,
            typeParameters,
            constraints.ToEquatableArray(),
            Parameters(method.Parameters, implementation),
            isUnsafe ? AsyncReturn.None : AsyncReturnOf(method));
    }

    /// <summary>
    /// Which awaitable <paramref name="method"/> returns, when its proxy can resolve the target
    /// asynchronously: never with by-ref or ref-struct parameters (an async method cannot take
    /// them) nor a nullable-annotated return type (null is no task to await).
    /// </summary>
    private static AsyncReturn AsyncReturnOf(IMethodSymbol method)
    {
        if (method.ReturnsByRef || method.ReturnsByRefReadonly || method.ReturnType is not INamedTypeSymbol returned
            || returned.NullableAnnotation == NullableAnnotation.Annotated
            || method.Parameters.Any(p => p.RefKind != RefKind.None || p.Type.IsRefLikeType))
        {
            return AsyncReturn.None;
        }

        INamedTypeSymbol definition = returned.OriginalDefinition;
        string? containing = definition.ContainingNamespace?.ToDisplayString();
        if (containing == "System.Collections.Generic")
        {
            return definition.MetadataName == "IAsyncEnumerable`1" ? AsyncReturn.AsyncEnumerable : AsyncReturn.None;
        }

        if (containing != "System.Threading.Tasks")
        {
            return AsyncReturn.None;
        }

        return (definition.MetadataName, returned.TypeArguments.Length) switch
        {
            ("Task", 0) => AsyncReturn.Task,
            ("Task`1", 1) => AsyncReturn.TaskOfResult,
            ("ValueTask", 0) => AsyncReturn.ValueTask,
            ("ValueTask`1", 1) => AsyncReturn.ValueTaskOfResult,
            _ => AsyncReturn.None,
        };
    }

    /// <summary>The forwarding property or indexer of <paramref name="property"/>, with the given accessors.</summary>
    public static PropertyModel Property(IPropertySymbol property, Implementation implementation, AccessorModel? getter, AccessorModel? setter)
    {
        bool isUnsafe = TypeDisplay.IsUnsafe(property.Type) || property.Parameters.Any(p => TypeDisplay.IsUnsafe(p.Type));
        string modifiers = Modifiers(implementation, isUnsafe);
        if (property.IsRequired && implementation.IsOverride)
        {
            modifiers = modifiers.Replace(" override", " required override");
        }

        return new PropertyModel(
            modifiers,
            implementation.ExplicitInterface,
            property.IsIndexer ? "this" : TypeDisplay.Identifier(property.Name),
            implementation.Receiver,
            AttributeFormatter.Copy(property.GetAttributes(), includeCallerInfo: false).ToEquatableArray(),
            implementation.NotSupportedMessage,
            TypeDisplay.IsOblivious(property.Type) || property.Parameters.Any(p => TypeDisplay.IsOblivious(p.Type)),
            RefPrefix(property.ReturnsByRef, property.ReturnsByRefReadonly) + TypeDisplay.Of(property.Type),
            property.ReturnsByRef || property.ReturnsByRefReadonly,
            property.IsIndexer,
            Parameters(property.Parameters, implementation),
            getter,
            setter);
    }

    /// <summary>The forwarding event of <paramref name="event"/>.</summary>
    public static EventModel Event(IEventSymbol @event, Implementation implementation) =>
        new(
            Modifiers(implementation, isUnsafe: false),
            implementation.ExplicitInterface,
            TypeDisplay.Identifier(@event.Name),
            implementation.Receiver,
            EquatableArray<string>.Empty,
            implementation.NotSupportedMessage,
            TypeDisplay.IsOblivious(@event.Type),
            TypeDisplay.Of(@event.Type));

    private static string Modifiers(Implementation implementation, bool isUnsafe) =>
        isUnsafe ? (implementation.Modifiers + " unsafe").TrimStart() : implementation.Modifiers;

    private static string RefPrefix(bool byRef, bool byRefReadonly) =>
        byRefReadonly ? "ref readonly " : byRef ? "ref " : string.Empty;

    private static EquatableArray<ParameterModel> Parameters(IEnumerable<IParameterSymbol> parameters, Implementation implementation)
    {
        // An explicit implementation can have no default values or caller info: the compiler
        // warns that they have no effect there.
        bool optionalAllowed = !implementation.IsExplicit;
        return parameters.Select(p => new ParameterModel(
            AttributeFormatter.Copy(p.GetAttributes(), includeCallerInfo: optionalAllowed).ToEquatableArray(),
            ParameterModifiers(p),
            TypeDisplay.Of(p.Type),
            TypeDisplay.Identifier(p.Name),
            optionalAllowed ? DefaultValueFormatter.Format(p) : null,
            ArgumentPrefix(p.RefKind)))
            .ToEquatableArray();
    }

    private static string ParameterModifiers(IParameterSymbol parameter)
    {
        string modifiers = parameter.IsParams ? "params " : string.Empty;
        if (parameter.ScopedKind != ScopedKind.None && parameter.RefKind != RefKind.Out)
        {
            modifiers += "scoped ";
        }

        return modifiers + parameter.RefKind switch
        {
            RefKind.Ref => "ref ",
            RefKind.Out => "out ",
            RefKind.In => "in ",
            RefKind.RefReadOnlyParameter => "ref readonly ",
            _ => string.Empty,
        };
    }

    private static string ArgumentPrefix(RefKind refKind) => refKind switch
    {
        RefKind.Ref => "ref ",
        RefKind.Out => "out ",
        RefKind.In or RefKind.RefReadOnlyParameter => "in ",
        _ => string.Empty,
    };
}
