namespace ProxyStore.Generators.Model;

/// <summary>A forwarded member of the proxied type.</summary>
/// <param name="Modifiers">The modifiers, such as <c>public</c> or <c>protected internal override</c>; empty for an explicit implementation.</param>
/// <param name="ExplicitInterface">For an explicit interface implementation, the interface; else null.</param>
/// <param name="Name">The member's name, escaped if it is a keyword; <c>this</c> for an indexer.</param>
/// <param name="Receiver">The expression the member is forwarded to, such as <c>__Target</c> or <c>((global::Ns.IBase)__Target)</c>.</param>
/// <param name="Attributes">Attributes copied to the member, such as nullable-analysis attributes.</param>
/// <param name="NotSupportedMessage">When the member cannot be forwarded (a protected abstract member of a class), the message of the exception it throws; else null.</param>
/// <param name="IsNullableOblivious">Whether the member's signature has types from a nullable-oblivious context, so nullable warnings are off around it.</param>
internal abstract record MemberModel(
    string Modifiers,
    string? ExplicitInterface,
    string Name,
    string Receiver,
    EquatableArray<string> Attributes,
    string? NotSupportedMessage,
    bool IsNullableOblivious);
