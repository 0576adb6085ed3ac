using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ProxyStore.Connectors;

/// <summary>
/// The small server inside a process that owns peer objects: it accepts connections that prove
/// the shared secret and answers gets, exists, evicts and sets from the process's own storage.
/// Gets are sent straight from the stored arrays. Each connection has a thread of its own.
/// </summary>
internal sealed class PeerServer : IDisposable
{
    private readonly Socket _listener;
    private readonly LocalConnector _objects;
    private readonly byte[] _secret;
    private readonly X509Certificate2? _certificate;
    private readonly TimeSpan _wait;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Socket, byte> _open = new();
    private readonly byte[] _run;
    private readonly byte[] _store;

    public PeerServer(string store, string host, int port, string advertisedHost, LocalConnector objects, byte[] secret, X509Certificate2? certificate, TimeSpan wait, ILogger? logger)
    {
        _objects = objects;
        _store = Encoding.ASCII.GetBytes(store);
        _secret = secret;
        _certificate = certificate;
        _wait = wait;
        _logger = logger ?? NullLogger.Instance;
        Run = StoreKey.NewId();
        _run = Encoding.ASCII.GetBytes(Run);
        if (!IPAddress.TryParse(host, out IPAddress? address))
        {
            address = Dns.GetHostAddresses(host).FirstOrDefault()
                ?? throw new ArgumentException($"The peer host '{host}' has no address to listen on.", nameof(host));
        }

        _listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            _listener.Bind(new IPEndPoint(address, port));
            _listener.Listen(512);
        }
        catch (SocketException e)
        {
            _listener.Dispose();
            throw new PeerConnectorException($"PeerConnector cannot listen on {PeerKey.FormatEndpoint(host, port)}: {e.Message}", PeerKey.FormatEndpoint(host, port), innerException: e);
        }

        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        AdvertisedHost = advertisedHost;
        Endpoint = PeerKey.FormatEndpoint(advertisedHost, Port);
        PeerLog.Listening(_logger, Endpoint, Run, certificate is not null);
        new Thread(Accept) { IsBackground = true, Name = $"ProxyStore peer server {Endpoint}" }.Start();
    }

    /// <summary>This server's run: a new random id each time a server starts.</summary>
    public string Run { get; }

    /// <summary>The port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The host written into keys.</summary>
    public string AdvertisedHost { get; }

    /// <summary>The endpoint written into keys, <c>host:port</c>.</summary>
    public string Endpoint { get; }

    /// <summary>Stops accepting and closes every connection.</summary>
    public void Dispose()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _stop.Cancel();
        _listener.Dispose();
        foreach (Socket socket in _open.Keys)
        {
            socket.Dispose();
        }
    }

    // Threads of its own, with blocking reads and writes, rather than the thread pool: the owner is
    // the application's process, whose pool may be busy with the application's work (or blocked
    // by it), and its objects must still be served; connections are few (pooled by each reader).
    private void Accept()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = _listener.Accept();
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            socket.NoDelay = true;
            _open[socket] = 0;
            if (_stop.IsCancellationRequested)
            {
                socket.Dispose();
                return;
            }

            new Thread(() => Serve(socket)) { IsBackground = true, Name = "ProxyStore peer connection" }.Start();
        }
    }

    private void Serve(Socket socket)
    {
        string remote = socket.RemoteEndPoint?.ToString() ?? "an unknown address";
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            // Until the client has proved the secret, it gets the owner wait for each read.
            socket.ReceiveTimeout = socket.SendTimeout = (int)Math.Min(int.MaxValue, _wait.TotalMilliseconds);
            if (_certificate is not null)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                tls.AuthenticateAsServer(new SslServerAuthenticationOptions { ServerCertificate = _certificate });
            }

            bool? sameStore = ShakeHands(stream, remote);
            if (sameStore is null)
            {
                return;
            }

            // A proven client's connection may then wait idle in its pool for as long as it likes.
            socket.ReceiveTimeout = 0;
            byte[] header = new byte[PeerProtocol.RequestHeaderMax + 16];
            while (!_stop.IsCancellationRequested)
            {
                if (stream.ReadAtLeast(header.AsSpan(0, 2), 2, throwOnEndOfStream: false) < 2)
                {
                    return;
                }

                byte op = header[0];
                int idLength = header[1];
                if (idLength is 0 or > PeerProtocol.MaxIdChars)
                {
                    PeerLog.NotAPeer(_logger, Endpoint, remote);
                    return;
                }

                stream.ReadExactly(header.AsSpan(2, idLength + PeerProtocol.RunChars + 8));
                string id = Encoding.ASCII.GetString(header, 2, idLength);
                bool thisRun = sameStore.Value && header.AsSpan(2 + idLength, PeerProtocol.RunChars).SequenceEqual(_run);
                long argument = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(2 + idLength + PeerProtocol.RunChars));
                if (!StoreKey.IsPlainId(id) || !Answer(stream, op, new StoreKey(id), thisRun, argument, header))
                {
                    PeerLog.NotAPeer(_logger, Endpoint, remote);
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
        {
            PeerLog.Lost(_logger, Endpoint, remote, e);
        }
        catch (Exception e)
        {
            // Nothing waits for this connection's thread: what went wrong is logged, and only this
            // connection is dropped.
            PeerLog.Failed(_logger, Endpoint, remote, e);
        }
        finally
        {
            _open.TryRemove(socket, out _);
            stream.Dispose();
        }
    }

    // The client speaks first (its nonce and store), proves the secret last; the server's proof
    // in between lets the client refuse a server with another secret. Null when refused, else
    // whether the client is of this server's store.
    private bool? ShakeHands(Stream stream, string remote)
    {
        byte[] hello = new byte[PeerProtocol.Magic.Length + PeerProtocol.NonceBytes + 1 + PeerProtocol.MaxIdChars];
        int fixedPart = PeerProtocol.Magic.Length + PeerProtocol.NonceBytes + 1;
        stream.ReadExactly(hello.AsSpan(0, fixedPart));
        int storeLength = hello[fixedPart - 1];
        if (!hello.AsSpan(0, PeerProtocol.Magic.Length).SequenceEqual(PeerProtocol.Magic) || storeLength is 0 or > PeerProtocol.MaxIdChars)
        {
            PeerLog.NotAPeer(_logger, Endpoint, remote);
            return null;
        }

        stream.ReadExactly(hello.AsSpan(fixedPart, storeLength));
        ReadOnlySpan<byte> store = hello.AsSpan(fixedPart, storeLength);
        ReadOnlySpan<byte> clientNonce = hello.AsSpan(PeerProtocol.Magic.Length, PeerProtocol.NonceBytes);
        byte[] answer = new byte[PeerProtocol.Magic.Length + PeerProtocol.NonceBytes + PeerProtocol.RunChars + PeerProtocol.ProofBytes];
        PeerProtocol.Magic.CopyTo(answer);
        Span<byte> serverNonce = answer.AsSpan(PeerProtocol.Magic.Length, PeerProtocol.NonceBytes);
        RandomNumberGenerator.Fill(serverNonce);
        _run.CopyTo(answer.AsSpan(PeerProtocol.Magic.Length + PeerProtocol.NonceBytes));
        PeerProtocol.ServerProof(_secret, clientNonce, serverNonce, _run).CopyTo(answer.AsSpan(answer.Length - PeerProtocol.ProofBytes));
        byte[] expected = PeerProtocol.ClientProof(_secret, serverNonce, clientNonce, store);
        bool sameStore = store.SequenceEqual(_store);
        stream.Write(answer);

        // A client of another secret finds this server's proof wrong and hangs up before proving
        // anything: that is as much a refusal as a wrong proof.
        Span<byte> proof = stackalloc byte[PeerProtocol.ProofBytes];
        if (stream.ReadAtLeast(proof, proof.Length, throwOnEndOfStream: false) < proof.Length)
        {
            PeerLog.Refused(_logger, Endpoint, remote);
            return null;
        }

        bool accepted = PeerProtocol.ProofMatches(expected, proof);
        stream.Write([accepted ? PeerProtocol.Accepted : PeerProtocol.Refused]);
        if (!accepted)
        {
            PeerLog.Refused(_logger, Endpoint, remote);
            return null;
        }

        return sameStore;
    }

    // False for a request that breaks the protocol: the connection is then dropped.
    private bool Answer(Stream stream, byte op, StoreKey key, bool thisRun, long argument, byte[] scratch)
    {
        switch (op)
        {
            case PeerProtocol.Get:
            {
                FrameSource? source = thisRun ? ((IFrameSourceConnector)_objects).OpenFrame(key) : null;
                if (source is null || !source.TryGetMemory(out ReadOnlyMemory<byte> frame) || argument < 0 || argument > frame.Length)
                {
                    source?.Dispose();
                    scratch[0] = thisRun ? PeerProtocol.Missing : PeerProtocol.OtherRun;
                    stream.Write(scratch.AsSpan(0, 1));
                    return true;
                }

                using (source)
                {
                    scratch[0] = PeerProtocol.Ok;
                    BinaryPrimitives.WriteInt64LittleEndian(scratch.AsSpan(1), frame.Length);
                    stream.Write(scratch.AsSpan(0, 9));
                    stream.Write(frame.Span[(int)argument..]);
                }

                return true;
            }

            case PeerProtocol.Exists:
                scratch[0] = !thisRun ? PeerProtocol.OtherRun : _objects.Exists(key) ? PeerProtocol.Ok : PeerProtocol.Missing;
                break;
            case PeerProtocol.Evict:
                scratch[0] = thisRun ? Evict(key, argument == PeerProtocol.GuardedEvict) : PeerProtocol.OtherRun;
                break;
            case PeerProtocol.Set:
            {
                if (argument < 0 || argument > Array.MaxLength)
                {
                    return false;
                }

                byte[] data = GC.AllocateUninitializedArray<byte>((int)argument);
                stream.ReadExactly(data);
                scratch[0] = !thisRun ? PeerProtocol.OtherRun : _objects.TrySetArray(key, data) ? PeerProtocol.Ok : PeerProtocol.AlreadySet;
                break;
            }

            default:
                return false;
        }

        stream.Write(scratch.AsSpan(0, 1));
        return true;
    }

    private byte Evict(StoreKey key, bool guarded)
    {
        if (!guarded)
        {
            _objects.Evict(key);
            return PeerProtocol.Ok;
        }

        try
        {
            ((IGuardedEvictConnector)_objects).EvictStored(key);
            return PeerProtocol.Ok;
        }
        catch (ForeignObjectException)
        {
            return PeerProtocol.Foreign;
        }
    }
}
