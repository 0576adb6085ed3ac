using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace ProxyStore.Connectors;

/// <summary>
/// One authenticated connection from this process to an owner, carrying one request at a time.
/// Every read waits at most the owner wait; a connection that failed or was left in the middle
/// of an answer is never used again.
/// </summary>
/// <remarks>
/// Methods take <c>sync</c>: with it they run on the calling thread with blocking socket calls
/// (the ValueTask they return has completed), without it they await; one body serves both.
/// </remarks>
internal sealed class PeerConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly TimeSpan _wait;
    private readonly CancellationTokenSource _deadline = new();
    private readonly byte[] _header = new byte[PeerProtocol.RequestHeaderMax + 16];
    private int _disposed;

    private PeerConnection(Socket socket, Stream stream, string endpoint, TimeSpan wait)
    {
        _socket = socket;
        _stream = stream;
        Endpoint = endpoint;
        _wait = wait;
    }

    /// <summary>The owner's endpoint, <c>host:port</c>.</summary>
    public string Endpoint { get; }

    /// <summary>The owner's run, as its handshake said.</summary>
    public string Run { get; private set; } = string.Empty;

    /// <summary>Whether this connection came from the pool rather than being opened for the request.</summary>
    public bool Reused { get; set; }

    /// <summary>Whether the connection broke or was left mid-answer: it must not go back to the pool.</summary>
    public bool Broken { get; private set; }

    /// <summary>
    /// Connects to the owner at <paramref name="host"/>:<paramref name="port"/> and proves the secret,
    /// retrying refused connections until the owner wait is over (an owner may still be starting).
    /// </summary>
    public static async ValueTask<PeerConnection> OpenAsync(string host, int port, PeerClientSettings settings, string? key, bool sync, CancellationToken cancellationToken)
    {
        string endpoint = PeerKey.FormatEndpoint(host, port);
        long deadline = Environment.TickCount64 + (long)settings.OwnerWait.TotalMilliseconds;
        Exception? last = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long left = deadline - Environment.TickCount64;
            if (left <= 0)
            {
                throw new PeerConnectorException(
                    $"The owner of {(key is null ? "the object" : $"key '{key}'")} at {endpoint} did not answer within {settings.OwnerWait.TotalSeconds:0.###} s: {last?.Message ?? "no answer"}. " +
                    "The process that made it has gone away, or never listened there.",
                    endpoint, key, last);
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                if (sync)
                {
                    ConnectOnThisThread(socket, host, port, TimeSpan.FromMilliseconds(left));
                }
                else
                {
                    using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    attempt.CancelAfter(TimeSpan.FromMilliseconds(left));
                    await socket.ConnectAsync(host, port, attempt.Token).ConfigureAwait(false);
                }

                var connection = await HandshakeAsync(socket, host, endpoint, settings, sync, cancellationToken).ConfigureAwait(false);
                return connection;
            }
            catch (Exception e) when (e is SocketException or IOException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                socket.Dispose();
                last = e is OperationCanceledException ? new TimeoutException($"Connecting to {endpoint} timed out.") : e;
                int pause = (int)Math.Min(50, Math.Max(0, deadline - Environment.TickCount64));
                if (sync)
                {
                    Thread.Sleep(pause);
                }
                else
                {
                    await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
                }
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    }

    // A synchronous get (a proxy resolving inside a grain turn, say) must not wait on the thread
    // pool: an asynchronous connect completes there, and a process whose pool is busy would stall
    // its own reads. A non-blocking connect polled on this thread, bounded by the owner wait.
    private static void ConnectOnThisThread(Socket socket, string host, int port, TimeSpan wait)
    {
        IPAddress address = IPAddress.TryParse(host, out IPAddress? literal) ? literal : Dns.GetHostAddresses(host) is [var first, ..] ? first
            : throw new SocketException((int)SocketError.HostNotFound);
        socket.Blocking = false;
        try
        {
            socket.Connect(new IPEndPoint(address, port));
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
        {
            int micros = (int)Math.Clamp(wait.TotalMicroseconds, 1, int.MaxValue);
            if (!socket.Poll(micros, SelectMode.SelectWrite) && !socket.Poll(0, SelectMode.SelectError))
            {
                throw new TimeoutException($"Connecting to {PeerKey.FormatEndpoint(host, port)} timed out.");
            }

            var error = (SocketError)(int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
            if (error != SocketError.Success)
            {
                throw new SocketException((int)error);
            }
        }
        finally
        {
            socket.Blocking = true;
        }
    }

    private static async ValueTask<PeerConnection> HandshakeAsync(Socket socket, string host, string endpoint, PeerClientSettings settings, bool sync, CancellationToken cancellationToken)
    {
        socket.ReceiveTimeout = socket.SendTimeout = (int)Math.Min(int.MaxValue, settings.OwnerWait.TotalMilliseconds);
        Stream stream = new NetworkStream(socket, ownsSocket: false);
        if (settings.Tls)
        {
            var tls = new SslStream(stream, leaveInnerStreamOpen: false);
            var options = new SslClientAuthenticationOptions { TargetHost = host, RemoteCertificateValidationCallback = settings.ValidateOwnerCertificate };
            try
            {
                if (sync)
                {
                    tls.AuthenticateAsClient(options);
                }
                else
                {
                    await tls.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is System.Security.Authentication.AuthenticationException or IOException)
            {
                await tls.DisposeAsync().ConfigureAwait(false);
                throw new PeerAuthenticationException($"The TLS handshake with the owner at {endpoint} failed: {e.Message}", endpoint);
            }

            stream = tls;
        }

        var connection = new PeerConnection(socket, stream, endpoint, settings.OwnerWait);
        try
        {
            await connection.ProveAsync(settings, sync, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private async ValueTask ProveAsync(PeerClientSettings settings, bool sync, CancellationToken cancellationToken)
    {
        byte[] store = Encoding.ASCII.GetBytes(settings.Store);
        byte[] hello = new byte[PeerProtocol.Magic.Length + PeerProtocol.NonceBytes + 1 + store.Length];
        PeerProtocol.Magic.CopyTo(hello);
        RandomNumberGenerator.Fill(hello.AsSpan(PeerProtocol.Magic.Length, PeerProtocol.NonceBytes));
        hello[PeerProtocol.Magic.Length + PeerProtocol.NonceBytes] = (byte)store.Length;
        store.CopyTo(hello.AsSpan(PeerProtocol.Magic.Length + PeerProtocol.NonceBytes + 1));
        await WriteAsync(hello, sync, cancellationToken).ConfigureAwait(false);

        byte[] answer = new byte[PeerProtocol.Magic.Length + PeerProtocol.NonceBytes + PeerProtocol.RunChars + PeerProtocol.ProofBytes];
        await ReadAsync(answer, sync, cancellationToken).ConfigureAwait(false);
        if (!answer.AsSpan(0, PeerProtocol.Magic.Length).SequenceEqual(PeerProtocol.Magic))
        {
            throw new PeerConnectorException($"The server at {Endpoint} is not a ProxyStore peer owner (or speaks another version of the protocol).", Endpoint);
        }

        ReadOnlySpan<byte> clientNonce = hello.AsSpan(PeerProtocol.Magic.Length, PeerProtocol.NonceBytes);
        ReadOnlySpan<byte> serverNonce = answer.AsSpan(PeerProtocol.Magic.Length, PeerProtocol.NonceBytes);
        ReadOnlySpan<byte> run = answer.AsSpan(PeerProtocol.Magic.Length + PeerProtocol.NonceBytes, PeerProtocol.RunChars);
        ReadOnlySpan<byte> proof = answer.AsSpan(answer.Length - PeerProtocol.ProofBytes);
        if (!PeerProtocol.ProofMatches(PeerProtocol.ServerProof(settings.Secret, clientNonce, serverNonce, run), proof))
        {
            throw new PeerAuthenticationException(
                $"The owner at {Endpoint} could not prove it holds this process's peer secret: the two processes were given different secrets, or the owner belongs to another application.",
                Endpoint);
        }

        Run = Encoding.ASCII.GetString(run);
        await WriteAsync(PeerProtocol.ClientProof(settings.Secret, serverNonce, clientNonce, store), sync, cancellationToken).ConfigureAwait(false);
        await ReadAsync(_header.AsMemory(0, 1), sync, cancellationToken).ConfigureAwait(false);
        if (_header[0] != PeerProtocol.Accepted)
        {
            throw new PeerAuthenticationException(
                $"The owner at {Endpoint} refused this process's proof of the peer secret: the two processes were given different secrets.",
                Endpoint);
        }
    }

    /// <summary>Sends a request and reads its status byte.</summary>
    public async ValueTask<byte> RequestAsync(byte op, string id, string run, long argument, ReadOnlyMemory<byte> body, bool sync, CancellationToken cancellationToken)
    {
        int length = PeerProtocol.WriteRequest(_header, op, id, run, argument);
        await WriteAsync(_header.AsMemory(0, length), sync, cancellationToken).ConfigureAwait(false);
        if (!body.IsEmpty)
        {
            await WriteAsync(body, sync, cancellationToken).ConfigureAwait(false);
        }

        await ReadAsync(_header.AsMemory(0, 1), sync, cancellationToken).ConfigureAwait(false);
        return _header[0];
    }

    /// <summary>Reads a little-endian <see cref="long"/> of an answer.</summary>
    public async ValueTask<long> ReadInt64Async(bool sync, CancellationToken cancellationToken)
    {
        await ReadAsync(_header.AsMemory(0, 8), sync, cancellationToken).ConfigureAwait(false);
        return BinaryPrimitives.ReadInt64LittleEndian(_header);
    }

    /// <summary>Reads exactly <paramref name="destination"/>'s length of an answer's bytes, on the calling thread.</summary>
    public void ReadBody(Span<byte> destination)
    {
        try
        {
            _stream.ReadExactly(destination);
        }
        catch
        {
            Broken = true;
            throw;
        }
    }

    /// <summary>Reads exactly <paramref name="destination"/>'s length of an answer's bytes.</summary>
    public ValueTask ReadBodyAsync(Memory<byte> destination, bool sync, CancellationToken cancellationToken) =>
        ReadAsync(destination, sync, cancellationToken);

    /// <summary>Marks the connection as left mid-answer.</summary>
    public void Abandon() => Broken = true;

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Broken = true;
        _stream.Dispose();
        _socket.Dispose();
        _deadline.Dispose();
    }

    // Large answers are read in pieces, the owner wait starting afresh for each: a slow but moving
    // transfer is not cut, a stalled one is.
    private const int PieceBytes = 8 * 1024 * 1024;

    private async ValueTask ReadAsync(Memory<byte> destination, bool sync, CancellationToken cancellationToken)
    {
        try
        {
            if (sync)
            {
                _stream.ReadExactly(destination.Span);
                return;
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _deadline.Token);
            for (int at = 0; at < destination.Length; at += PieceBytes)
            {
                _deadline.CancelAfter(_wait);
                await _stream.ReadExactlyAsync(destination.Slice(at, Math.Min(PieceBytes, destination.Length - at)), linked.Token).ConfigureAwait(false);
            }

            _deadline.CancelAfter(Timeout.InfiniteTimeSpan);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Broken = true;
            throw new TimeoutException($"The owner at {Endpoint} sent nothing for {_wait.TotalSeconds:0.###} s.");
        }
        catch
        {
            Broken = true;
            throw;
        }
    }

    private async ValueTask WriteAsync(ReadOnlyMemory<byte> source, bool sync, CancellationToken cancellationToken)
    {
        try
        {
            if (sync)
            {
                _stream.Write(source.Span);
                return;
            }

            await _stream.WriteAsync(source, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Broken = true;
            throw;
        }
    }
}
