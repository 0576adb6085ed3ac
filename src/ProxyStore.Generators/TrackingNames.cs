using System.Collections.Generic;

namespace ProxyStore.Generators;

/// <summary>
/// The names of the incremental steps of <see cref="ProxiableGenerator"/>, so tests can find
/// each step in a driver's run result and check that it was cached.
/// </summary>
public static class TrackingNames
{
    /// <summary>The models built from each <c>[Proxiable]</c> type; null for a type that cannot be proxied.</summary>
    public const string ProxiableTypes = nameof(ProxiableTypes);

    /// <summary>The models of the types that get a proxy.</summary>
    public const string ProxyModels = nameof(ProxyModels);

    /// <summary>One registration per proxy, for the module initializer.</summary>
    public const string Registrations = nameof(Registrations);

    /// <summary>All registrations of the compilation, collected.</summary>
    public const string CollectedRegistrations = nameof(CollectedRegistrations);

    /// <summary>The collected registrations as one equatable array.</summary>
    public const string RegistrationSet = nameof(RegistrationSet);

    /// <summary>Every tracking name, for tests.</summary>
    public static IReadOnlyList<string> All { get; } = new[]
    {
        ProxiableTypes,
        ProxyModels,
        Registrations,
        CollectedRegistrations,
        RegistrationSet,
    };
}
