using System.Text.Json;

namespace ProxyStore.Connectors;

public sealed partial class PeerConnector
{
    /// <inheritdoc />
    /// <remarks>
    /// The config names where a recreated connector listens for its own objects, the secret's
    /// environment variable (never the secret), the owner wait and whether connections are TLS.
    /// </remarks>
    public ConnectorConfig GetConfig() =>
        ConnectorConfig.OfBuiltIn(KindName, new Options(Name, _options.Host, _options.AdvertisedHost, _options.SecretVariable, _options.OwnerWait.TotalSeconds, Tls));

    /// <summary>Stops serving: this process's objects are gone for every other process.</summary>
    public void Close()
    {
        if (_closed)
        {
            return;
        }

        lock (_starting)
        {
            _closed = true;
            _server?.Dispose();
        }

        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }

        _objects.Close();
    }

    /// <summary>Stops serving; the objects go with the server whether or not <paramref name="clear"/> is set.</summary>
    /// <param name="clear">Ignored: a peer's objects never outlive its connector.</param>
    public void Close(bool clear) => Close();

    internal static IConnector FromOptions(JsonElement options)
    {
        Options read = ConnectorConfig.ReadOptions<Options>(KindName, options);
        if (read.OwnerWaitSeconds is <= 0 or double.NaN)
        {
            throw new ArgumentException($"The '{KindName}' connector config has an owner wait of {read.OwnerWaitSeconds} s; it must be positive.", nameof(options));
        }

        return new PeerConnector(
            new PeerConnectorOptions
            {
                Name = read.Name,
                Host = read.Host,
                AdvertisedHost = read.AdvertisedHost,
                SecretVariable = read.SecretVariable,
                OwnerWait = TimeSpan.FromSeconds(read.OwnerWaitSeconds),
                Tls = read.Tls,
            },
            startServer: false);
    }

    internal sealed record Options(string Name, string Host, string? AdvertisedHost, string SecretVariable, double OwnerWaitSeconds, bool Tls);
}
