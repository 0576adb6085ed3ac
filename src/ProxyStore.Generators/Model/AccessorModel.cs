namespace ProxyStore.Generators.Model;

/// <summary>A property accessor of a proxy.</summary>
/// <param name="Modifiers">An accessibility that differs from the property's, such as <c>protected internal</c>, or empty.</param>
/// <param name="IsInit">Whether this is an <c>init</c> accessor (which cannot be forwarded and throws).</param>
/// <param name="NotSupportedMessage">When the accessor cannot be forwarded, the message of the exception it throws; else null.</param>
internal sealed record AccessorModel(string Modifiers, bool IsInit, string? NotSupportedMessage);
