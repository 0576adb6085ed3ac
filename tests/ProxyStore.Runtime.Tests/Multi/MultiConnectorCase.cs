using ProxyStore.Connectors;

namespace ProxyStore.Tests.Multi;

/// <summary>A multi connector for contract tests: small objects (up to 1 KiB) in one in-memory connector, larger ones in another.</summary>
public static class MultiConnectorCase
{
    /// <summary>The largest object the "small" connector takes.</summary>
    public const int SmallLimit = 1024;

    /// <summary>A new multi connector over two new <see cref="LocalConnector"/>s.</summary>
    public static MultiConnector Create() => new(
        new RoutedConnector("small", new LocalConnector(), new Policy { MaxSizeBytes = SmallLimit }),
        new RoutedConnector("large", new LocalConnector(), new Policy { MinSizeBytes = SmallLimit + 1 }));
}
