// One type split by concern: this file holds construction and the server's start;
// PeerConnector.Operations (put, set, get, exists, evict) and .Lifecycle (config, close) the rest.
using System.Net;

namespace ProxyStore.Connectors;

/// <summary>
/// Keeps objects in the process that made them and lets other processes pull them straight
/// from it: no server in the middle, so an object crosses the network once. Each process serves
/// its own objects from a small server inside it; a key names its owner's endpoint, and a
/// consumer anywhere connects to that owner and reads the bytes into the array it returns.
/// </summary>
/// <remarks>
/// <para><b>Secure by default.</b> Every connection proves, both ways, that it holds the secret
/// the processes of one application share (<see cref="PeerConnectorOptions.Secret"/>, or the
/// environment variable <see cref="PeerConnectorOptions.SecretVariable"/>), without sending it;
/// a connection that cannot is refused and logged. Without a secret no connector starts. With
/// <see cref="PeerConnectorOptions.Certificate"/> every connection is TLS.</para>
/// <para><b>Failures.</b> An owner that does not answer within
/// <see cref="PeerConnectorOptions.OwnerWait"/> is a <see cref="PeerConnectorException"/> naming
/// the endpoint and the key; a transfer cut half-way is one too, never a shorter value. Each
/// server starts with a new random run, written into its keys: an owner that restarts on the
/// same port never answers for an earlier run's objects (they are missing).</para>
/// <para><b>Lifetime.</b> Objects live as long as the owning process and its connector: closing
/// the connector (or the process ending) takes them away. A connector recreated from
/// <see cref="GetConfig"/> in another process pulls from owners, and serves the objects it puts
/// itself from a server it starts on its first put.</para>
/// </remarks>
public sealed partial class PeerConnector : IDeferrableConnector, IFrameSourceConnector, IOwningConnector, IGuardedEvictConnector, ISetNotifier
{
    internal const string KindName = "peer";

    private readonly LocalConnector _objects = new();
    private readonly PeerConnectorOptions _options;
    private readonly Lazy<PeerClient> _client;
    private readonly Lock _starting = new();
    private PeerServer? _server;
    private volatile bool _closed;

    /// <summary>
    /// Creates a connector and starts its server, on <see cref="PeerConnectorOptions.Host"/> and
    /// <see cref="PeerConnectorOptions.Port"/> (except with <see cref="PeerConnectorOptions.Tls"/>
    /// and no certificate: such a connector only pulls).
    /// </summary>
    /// <param name="options">Where to listen and how to authenticate; the defaults listen on 127.0.0.1 on a free port, with the secret from <c>PROXYSTORE_PEER_SECRET</c>.</param>
    /// <exception cref="InvalidOperationException">There is no secret, or it is shorter than 16 bytes.</exception>
    /// <exception cref="PeerConnectorException">The server cannot listen where asked.</exception>
    public PeerConnector(PeerConnectorOptions? options = null)
        : this(options ?? new PeerConnectorOptions(), startServer: true)
    {
    }

    private PeerConnector(PeerConnectorOptions options, bool startServer)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Host);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.SecretVariable);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, 65535);
        if (options.OwnerWait <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.OwnerWait, "PeerConnectorOptions.OwnerWait must be positive.");
        }

        if (options.Name is not null && !StoreKey.IsPlainId(options.Name))
        {
            throw new ArgumentException($"The peer store name '{Serialization.StoredText.Printable(options.Name)}' may hold only letters, digits, '-' and '_' (1 to 128 of them).", nameof(options));
        }

        _options = options;
        Name = options.Name ?? StoreKey.NewId();
        Tls = options.Tls || options.Certificate is not null;
        _client = new Lazy<PeerClient>(() => new PeerClient(new PeerClientSettings(Name, SecretBytes(), options.OwnerWait, Tls, options.ValidateOwnerCertificate), ToString()));
        // A TLS connector without a certificate only pulls: it fails on its first put instead.
        if (startServer && !(Tls && options.Certificate is null))
        {
            _ = SecretBytes();
            _server = StartServer();
        }
    }

    /// <summary>The store's name: owners answer only connectors of the same name.</summary>
    public string Name { get; }

    /// <summary>The endpoint this process serves its objects at (<c>host:port</c>), or null until its server has started.</summary>
    public string? Endpoint => _server?.Endpoint;

    /// <summary>Whether connections to owners are TLS.</summary>
    public bool Tls { get; }

    /// <summary>How long a request waits for an owner.</summary>
    public TimeSpan OwnerWait => _options.OwnerWait;

    /// <summary>Whether even this process's own keys are pulled through its server (tests of the wire).</summary>
    internal bool PullOwnKeys { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"PeerConnector({Name} at {Endpoint ?? "no endpoint yet"})";

    private PeerClient Client => _client.Value;

    // The server starts with the first object this process owns; a connector recreated in a
    // process that only reads never listens.
    private PeerServer Server
    {
        get
        {
            ThrowIfClosed();
            PeerServer? server = _server;
            if (server is not null)
            {
                return server;
            }

            lock (_starting)
            {
                ThrowIfClosed();
                return _server ??= StartServer();
            }
        }
    }

    private PeerServer StartServer()
    {
        if (Tls && _options.Certificate is null)
        {
            throw new InvalidOperationException(
                $"{this} uses TLS and has no certificate to serve its own objects with (it was made with Tls and no Certificate, or recreated from a TLS store's config): it can pull, and to put from this process construct it with PeerConnectorOptions.Certificate.");
        }

        return new PeerServer(Name, _options.Host, _options.Port, AdvertisedHost(), _objects, SecretBytes(), _options.Certificate, _options.OwnerWait, _options.Logger);
    }

    private string AdvertisedHost() =>
        _options.AdvertisedHost is { Length: > 0 } advertised ? advertised
        : IPAddress.TryParse(_options.Host, out IPAddress? address) && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) ? Dns.GetHostName()
        : _options.Host;

    private byte[] SecretBytes()
    {
        string? secret = _options.Secret ?? Environment.GetEnvironmentVariable(_options.SecretVariable);
        if (string.IsNullOrEmpty(secret))
        {
            throw new InvalidOperationException(
                $"PeerConnector needs the secret the application's processes share: set PeerConnectorOptions.Secret, or the environment variable {_options.SecretVariable}, to the same value (at least {PeerConnectorOptions.MinimumSecretBytes} bytes) in every process.");
        }

        byte[] bytes = PeerProtocol.SecretBytes(secret);
        if (bytes.Length < PeerConnectorOptions.MinimumSecretBytes)
        {
            throw new InvalidOperationException(
                $"The PeerConnector secret (from {(_options.Secret is null ? $"the environment variable {_options.SecretVariable}" : "PeerConnectorOptions.Secret")}) has {bytes.Length} bytes; it needs at least {PeerConnectorOptions.MinimumSecretBytes}.");
        }

        return bytes;
    }

    private void ThrowIfClosed() => ObjectDisposedException.ThrowIf(_closed, this);

}
