namespace ProxyStore.Generators.Model;

/// <summary>A forwarded property or indexer.</summary>
/// <param name="Type">The property type as written, including <c>ref</c> or <c>ref readonly</c> for a by-ref property.</param>
/// <param name="ReturnsByRef">Whether the property returns by reference.</param>
/// <param name="IsIndexer">Whether this is an indexer (then <see cref="Parameters"/> are its parameters).</param>
/// <param name="Parameters">The indexer's parameters; empty for a property.</param>
/// <param name="Getter">The getter, or null when there is none to forward.</param>
/// <param name="Setter">The setter or init accessor, or null when there is none to forward.</param>
internal sealed record PropertyModel(
    string Modifiers,
    string? ExplicitInterface,
    string Name,
    string Receiver,
    EquatableArray<string> Attributes,
    string? NotSupportedMessage,
    bool IsNullableOblivious,
    string Type,
    bool ReturnsByRef,
    bool IsIndexer,
    EquatableArray<ParameterModel> Parameters,
    AccessorModel? Getter,
    AccessorModel? Setter)
    : MemberModel(Modifiers, ExplicitInterface, Name, Receiver, Attributes, NotSupportedMessage, IsNullableOblivious);
