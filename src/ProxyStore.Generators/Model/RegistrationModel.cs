namespace ProxyStore.Generators.Model;

/// <summary>One line of the generated module initializer.</summary>
/// <param name="AssemblyName">The name of the compilation's assembly, which names the initializer class.</param>
/// <param name="TargetType">The proxied type; unbound (<c>global::Ns.IRepo&lt;&gt;</c>) when <paramref name="IsOpenGeneric"/>.</param>
/// <param name="ProxyType">The proxy type; unbound when <paramref name="IsOpenGeneric"/>.</param>
/// <param name="IsOpenGeneric">Whether the proxy is registered as an open generic type.</param>
internal sealed record RegistrationModel(string AssemblyName, string TargetType, string ProxyType, bool IsOpenGeneric);
