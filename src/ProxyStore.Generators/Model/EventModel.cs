namespace ProxyStore.Generators.Model;

/// <summary>A forwarded event: adding and removing handlers go to the target.</summary>
/// <param name="Type">The delegate type.</param>
internal sealed record EventModel(
    string Modifiers,
    string? ExplicitInterface,
    string Name,
    string Receiver,
    EquatableArray<string> Attributes,
    string? NotSupportedMessage,
    bool IsNullableOblivious,
    string Type)
    : MemberModel(Modifiers, ExplicitInterface, Name, Receiver, Attributes, NotSupportedMessage, IsNullableOblivious);
