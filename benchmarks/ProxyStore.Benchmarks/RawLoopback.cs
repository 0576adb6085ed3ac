using System.Net;
using System.Net.Sockets;

/// <summary>
/// The floor of a pull over loopback TCP: a server that answers each one-byte request with the
/// same bytes, sent straight from one array, and a client on one kept connection that receives
/// them straight into a caller's array. No framing, no authentication, no allocation per pull.
/// </summary>
internal sealed class RawLoopback : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly Thread _server;
    private readonly byte[] _payload;
    private Socket? _client;

    public RawLoopback(byte[] payload)
    {
        _payload = payload;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(1);
        _server = new Thread(Serve) { IsBackground = true, Name = "raw-loopback-server" };
        _server.Start();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    /// <summary>Asks for the bytes and receives them into <paramref name="destination"/>, which must be as long as the payload.</summary>
    public void Pull(Span<byte> destination)
    {
        Socket client = _client ??= Connect();
        client.Send([1]);
        while (!destination.IsEmpty)
        {
            int read = client.Receive(destination);
            if (read == 0)
            {
                throw new IOException("The raw loopback server closed the connection mid-transfer.");
            }

            destination = destination[read..];
        }
    }

    /// <summary>Opens a connection of its own to the server, for a client that reads the stream another way.</summary>
    public Socket Connect()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(IPAddress.Loopback, Port);
        return socket;
    }

    public void Dispose()
    {
        _client?.Dispose();
        _listener.Dispose();
    }

    private void Serve()
    {
        while (true)
        {
            Socket connection;
            try
            {
                connection = _listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            new Thread(() => Answer(connection)) { IsBackground = true, Name = "raw-loopback-connection" }.Start();
        }
    }

    private void Answer(Socket connection)
    {
        using (connection)
        {
            connection.NoDelay = true;
            byte[] request = new byte[1];
            try
            {
                while (connection.Receive(request) == 1)
                {
                    connection.Send(_payload);
                }
            }
            catch (SocketException)
            {
                // The client went away.
            }
        }
    }
}
