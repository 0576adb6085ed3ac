namespace ProxyStore.Generators.Parsing;

/// <summary>How a proxy declares one forwarded member.</summary>
/// <param name="Modifiers">The modifiers, such as <c>public</c> or <c>public override</c>; empty for an explicit implementation.</param>
/// <param name="ExplicitInterface">The interface of an explicit implementation, or null.</param>
/// <param name="Receiver">What the member forwards to.</param>
/// <param name="IsOverride">Whether the member overrides a class member.</param>
/// <param name="NotSupportedMessage">When the member cannot be forwarded, the message of the exception it throws; else null.</param>
internal sealed record Implementation(
    string Modifiers,
    string? ExplicitInterface,
    string Receiver,
    bool IsOverride,
    string? NotSupportedMessage)
{
    /// <summary>Whether this is an explicit interface implementation.</summary>
    public bool IsExplicit => ExplicitInterface is not null;
}
