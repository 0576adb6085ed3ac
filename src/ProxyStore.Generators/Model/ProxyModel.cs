namespace ProxyStore.Generators.Model;

/// <summary>
/// Everything needed to emit the proxy of one <c>[Proxiable]</c> type, as strings and
/// equatable arrays only: no symbol, syntax node or compilation survives the parsing step.
/// </summary>
/// <param name="HintName">The unique name of the generated file.</param>
/// <param name="Namespace">The namespace of the proxy, without <c>global::</c>; empty for the global namespace.</param>
/// <param name="Accessibility"><c>internal</c>, or <c>public</c> when the attribute says <c>PublicProxy = true</c> and the type is public.</param>
/// <param name="ProxyName">The simple name of the proxy class, such as <c>ModelProxy</c>.</param>
/// <param name="TypeParameters">The type parameters of the proxy (those of the proxied type and its containing types), as <c>&lt;T, U&gt;</c>, or empty.</param>
/// <param name="TypeConstraints">The constraint clauses of those type parameters, such as <c>where T : class</c>.</param>
/// <param name="TargetType">The proxied type, fully qualified with <c>global::</c>, such as <c>global::Ns.IModel</c>.</param>
/// <param name="IsInterface">Whether the proxy implements an interface (else it derives a class).</param>
/// <param name="BaseConstructorArguments">For a class, the arguments of the base constructor call (always empty: only a parameterless constructor is called); null for an interface.</param>
/// <param name="SetsRequiredMembers">Whether the proxied class has required members, so the proxy's constructor must claim to set them.</param>
/// <param name="ToStringReturnType">The return type of the <c>ToString</c> override, or null when <c>ToString</c> cannot be overridden.</param>
/// <param name="OverrideEquals">Whether <c>Equals(object)</c> can be overridden.</param>
/// <param name="OverrideGetHashCode">Whether <c>GetHashCode()</c> can be overridden.</param>
/// <param name="Members">The forwarded members, in declaration order.</param>
/// <param name="NestingComment">For a nested type, a note that tells where the proxy went; else null.</param>
/// <param name="Registration">The registration of this proxy with the runtime.</param>
internal sealed record ProxyModel(
    string HintName,
    string Namespace,
    string Accessibility,
    string ProxyName,
    string TypeParameters,
    EquatableArray<string> TypeConstraints,
    string TargetType,
    bool IsInterface,
    string? BaseConstructorArguments,
    bool SetsRequiredMembers,
    string? ToStringReturnType,
    bool OverrideEquals,
    bool OverrideGetHashCode,
    EquatableArray<MemberModel> Members,
    string? NestingComment,
    RegistrationModel Registration);
