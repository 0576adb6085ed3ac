using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using ProxyStore.Connectors;

namespace ProxyStore.Extensions.Hosting.Configuration;

/// <summary>
/// Reads a <c>Kind: Peer</c> connector section: <c>Name</c> (the store's name unless set),
/// <c>Host</c>, <c>Port</c>, <c>AdvertisedHost</c>, <c>Secret</c>, <c>SecretVariable</c> and
/// <c>OwnerWait</c>. The secret is never quoted: problems name its key and its variable only.
/// </summary>
internal static class PeerSettings
{
    private static readonly string[] Keys = ["Name", "Host", "Port", "AdvertisedHost", "Secret", "SecretVariable", "OwnerWait"];

    public static Func<ILogger?, IConnector> Read(IConfigurationSection section, SettingsReader reader, string store, string[] extra)
    {
        reader.RejectUnknown(section, [.. extra, .. Keys]);
        string name = ReadName(section, reader, store);
        string host = reader.String(section, "Host") ?? "127.0.0.1";
        int port = reader.Int(section, "Port", fallback: 0, min: 0, max: 65535);
        string? advertised = reader.String(section, "AdvertisedHost");
        string variable = reader.String(section, "SecretVariable") ?? PeerConnectorOptions.DefaultSecretVariable;
        string? secret = ReadSecret(section, reader, variable);
        TimeSpan ownerWait = reader.Duration(section, "OwnerWait", new PeerConnectorOptions().OwnerWait);
        return logger => new PeerConnector(new PeerConnectorOptions
        {
            Name = name,
            Host = host,
            Port = port,
            AdvertisedHost = advertised,
            Secret = secret,
            SecretVariable = variable,
            OwnerWait = ownerWait,
            Logger = logger,
        });
    }

    // Every process configured with the same store name shares the store, as with the other kinds'
    // shared media; a store name a peer name cannot carry needs a Name of its own.
    private static string ReadName(IConfigurationSection section, SettingsReader reader, string store)
    {
        string? name = reader.String(section, "Name");
        if (name is not null && !StoreKey.IsPlainId(name))
        {
            reader.Problem(section.GetSection("Name"), "may hold only letters, digits, '-' and '_' (1 to 128 of them).");
        }
        else if (name is null && !StoreKey.IsPlainId(store))
        {
            reader.Problem(
                section.GetSection("Name"),
                $"is required: the store name '{store}' cannot name a peer store (only letters, digits, '-' and '_', 1 to 128 of them); set Name, the same in every process of the store.");
        }

        return name ?? store;
    }

    // Checked here so that a missing or short secret stops the start with the other problems.
    private static string? ReadSecret(IConfigurationSection section, SettingsReader reader, string variable)
    {
        string? secret = reader.String(section, "Secret");
        string? found = secret ?? Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(found))
        {
            reader.Problem(
                section.GetSection("Secret"),
                $"is required: set Secret (from a secret store), or the environment variable {variable} (named by SecretVariable), to the secret every process of the store shares, at least {PeerConnectorOptions.MinimumSecretBytes} bytes.");
        }
        else if (Encoding.UTF8.GetByteCount(found) is var bytes && bytes < PeerConnectorOptions.MinimumSecretBytes)
        {
            string from = secret is null ? $"the environment variable {variable}" : "Secret";
            reader.Problem(section.GetSection("Secret"), $"the secret (from {from}) has {bytes} bytes; it needs at least {PeerConnectorOptions.MinimumSecretBytes}.");
        }

        return secret;
    }
}
