namespace ProxyStore.Generators.Model;

/// <summary>A forwarded method.</summary>
/// <param name="ReturnType">The return type as written, including <c>ref</c> or <c>ref readonly</c> for a by-ref return.</param>
/// <param name="ReturnsByRef">Whether the method returns by reference, so the call is forwarded with <c>ref</c>.</param>
/// <param name="ReturnAttributes">Attributes of the return value, without the <c>return:</c> target.</param>
/// <param name="TypeParameters">The method's type parameter list, such as <c>&lt;T&gt;</c>, or empty.</param>
/// <param name="TypeArguments">The type arguments of the forwarded call, such as <c>&lt;T&gt;</c>, or empty.</param>
/// <param name="Constraints">The constraint clauses to restate.</param>
/// <param name="Parameters">The parameters.</param>
/// <param name="AsyncReturn">Which awaitable the method returns, when the proxy resolves the target asynchronously for it.</param>
internal sealed record MethodModel(
    string Modifiers,
    string? ExplicitInterface,
    string Name,
    string Receiver,
    EquatableArray<string> Attributes,
    string? NotSupportedMessage,
    bool IsNullableOblivious,
    string ReturnType,
    bool ReturnsByRef,
    EquatableArray<string> ReturnAttributes,
    string TypeParameters,
    string TypeArguments,
    EquatableArray<string> Constraints,
    EquatableArray<ParameterModel> Parameters,
    AsyncReturn AsyncReturn)
    : MemberModel(Modifiers, ExplicitInterface, Name, Receiver, Attributes, NotSupportedMessage, IsNullableOblivious);
