using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace ProxyStore.Connectors;

/// <summary>How a <see cref="PeerConnector"/> serves its own objects and reaches other processes' owners.</summary>
public sealed class PeerConnectorOptions
{
    /// <summary>The environment variable the secret is read from when <see cref="Secret"/> is not set.</summary>
    public const string DefaultSecretVariable = "PROXYSTORE_PEER_SECRET";

    /// <summary>The fewest bytes (UTF-8) a secret may have.</summary>
    public const int MinimumSecretBytes = 16;

    /// <summary>
    /// The store's name, shared by every process of the store (letters, digits, '-' and '_'): an
    /// owner answers only connectors of the same name, so two stores of one application never see
    /// each other's objects. A new random name when null; processes that build the store from the
    /// same configuration give the same name.
    /// </summary>
    public string? Name { get; init; }

    /// <summary>
    /// The address the server listens on: <c>127.0.0.1</c> (the default) for the processes of one
    /// machine, <c>0.0.0.0</c> or <c>::</c> for every interface, or one interface's address.
    /// </summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The port the server listens on; 0 (the default) lets the system choose a free one.</summary>
    public int Port { get; init; }

    /// <summary>
    /// The host other processes reach this one at, written into every key this process makes.
    /// Defaults to <see cref="Host"/>, or to the machine's name when <see cref="Host"/> listens on
    /// every interface.
    /// </summary>
    public string? AdvertisedHost { get; init; }

    /// <summary>
    /// The secret the processes of one application share (at least 16 bytes): every connection
    /// proves it holds it, without sending it. Never written into a key, a config or a reference,
    /// and never logged. When null it is read from <see cref="SecretVariable"/>.
    /// </summary>
    public string? Secret { get; init; }

    /// <summary>The environment variable holding the secret; it travels in configs by name only, so a process that recreates the store reads its own.</summary>
    public string SecretVariable { get; init; } = DefaultSecretVariable;

    /// <summary>
    /// How long to wait for an owner to answer (to accept a connection, or to send the next bytes
    /// of a transfer) before failing with a <see cref="PeerConnectorException"/>: 10 seconds by default.
    /// </summary>
    public TimeSpan OwnerWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether connections to owners are TLS: set it in processes that only pull from a store
    /// whose owners present certificates. Always true with a <see cref="Certificate"/>.
    /// </summary>
    public bool Tls { get; init; }

    /// <summary>The certificate the server presents: with one, every connection to this process is TLS, and the config says so: every process of the store then connects with TLS.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>
    /// Checks an owner's certificate when connecting with TLS; by default the system's validation
    /// against the key's host. Set it to trust a private certificate authority.
    /// </summary>
    public RemoteCertificateValidationCallback? ValidateOwnerCertificate { get; init; }

    /// <summary>Where refused connections (a wrong secret) and server failures are logged; none by default.</summary>
    public ILogger? Logger { get; init; }
}
