using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using ProxyStore.Connectors;

/// <summary>
/// Issue 31's transport choice, measured: one value (100 MiB unless <c>--transport MB</c> says
/// otherwise) moved over loopback into the reader's array, in one run, by (a) a raw socket
/// receiving straight into the array (and into a new array each time, which is what a get that
/// returns an array pays), (b) System.IO.Pipelines reading the same socket's stream
/// and copying into the array, (c) Kestrel over HTTP/2 cleartext read by HttpClient, with the
/// default flow-control windows and with 16 MiB ones, (d) Kestrel over HTTP/1.1, and (e) the
/// PeerConnector itself (a recreated connector's get from its owner, which allocates the array).
/// Each is run once to warm up and then <c>--runs N</c> times (7 by default); the median MB/s is printed.
/// </summary>
internal static class TransportProbe
{
    private const int BigWindow = 16 * 1024 * 1024;

    public static int Run(string[] args)
    {
        int mb = Option(args, "--transport", 100);
        int runs = Option(args, "--runs", 7);
        byte[] payload = new byte[mb * 1024 * 1024];
        new Random(31).NextBytes(payload);
        byte[] destination = new byte[payload.Length];
        Console.WriteLine($"# {mb} MiB over loopback, median of {runs} runs after one warm-up; load {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine("transport | median MB/s | min-max MB/s");

        using (var raw = new RawLoopback(payload))
        {
            Report("raw Socket.Receive into the array", runs, payload.Length, () => raw.Pull(destination));
            Check(payload, destination);
            Array.Clear(destination);

            // What any get that returns a new array pays on top: fresh memory, faulted in as it is written.
            byte[] fresh = [];
            Report("raw Socket.Receive into a new array each time", runs, payload.Length, () => raw.Pull(fresh = GC.AllocateUninitializedArray<byte>(payload.Length)));
            Check(payload, fresh);

            using Socket socket = raw.Connect();
            using var stream = new NetworkStream(socket, ownsSocket: false);
            PipeReader reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 1024 * 1024, minimumReadSize: 256 * 1024));
            Report("Pipelines PipeReader, copied into the array", runs, payload.Length, () => PipeInto(socket, reader, destination));
            Check(payload, destination);
            reader.Complete();
        }

        // Kestrel's HTTP/2 windows are per server: one server with the defaults, one with 16 MiB windows.
        using (var plain = new KestrelPayloadServer(payload, HttpProtocols.Http2, window: 0))
        using (var big = new KestrelPayloadServer(payload, HttpProtocols.Http2, BigWindow))
        using (var http1 = new KestrelPayloadServer(payload, HttpProtocols.Http1, window: 0))
        {
            foreach ((string label, string url, Version version, int window) in new[]
            {
                ("Kestrel HTTP/2 (h2c), default windows", plain.Url, HttpVersion.Version20, 0),
                ("Kestrel HTTP/2 (h2c), 16 MiB windows", big.Url, HttpVersion.Version20, BigWindow),
                ("Kestrel HTTP/1.1", http1.Url, HttpVersion.Version11, 0),
            })
            {
                var handler = new SocketsHttpHandler();
                if (window > 0)
                {
                    handler.InitialHttp2StreamWindowSize = window;
                }

                using var client = new HttpClient(handler);
                Array.Clear(destination);
                Report(label, runs, payload.Length, () => HttpInto(client, url, version, destination));
                Check(payload, destination);
            }
        }

        Environment.SetEnvironmentVariable("PROXYSTORE_PROBE_PEER_SECRET", "proxystore-transport-probe-secret");
        var owner = new PeerConnector(new PeerConnectorOptions { SecretVariable = "PROXYSTORE_PROBE_PEER_SECRET", OwnerWait = TimeSpan.FromMinutes(1) });
        IConnector puller = owner.GetConfig().CreateConnector();
        ProxyStore.StoreKey key = owner.Put(payload);
        byte[]? pulled = null;
        Report("PeerConnector get (recreated connector, new array)", runs, payload.Length, () => pulled = puller.Get(key));
        Check(payload, pulled!);
        puller.Close();
        owner.Close();
        return 0;
    }

    private static void Report(string label, int runs, int bytes, Action pull)
    {
        pull();
        var rates = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            pull();
            rates[i] = bytes / 1e6 / Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        Array.Sort(rates);
        Console.WriteLine($"{label} | {rates[runs / 2]:F0} | {rates[0]:F0}-{rates[^1]:F0}");
    }

    private static void PipeInto(Socket socket, PipeReader reader, byte[] destination)
    {
        socket.Send([1]);
        int at = 0;
        while (at < destination.Length)
        {
            ReadResult read = reader.ReadAsync().AsTask().GetAwaiter().GetResult();
            ReadOnlySequence<byte> buffer = read.Buffer;
            long take = Math.Min(buffer.Length, destination.Length - at);
            buffer.Slice(0, take).CopyTo(destination.AsSpan(at));
            at += (int)take;
            reader.AdvanceTo(buffer.GetPosition(take));
            if (read.IsCompleted && at < destination.Length)
            {
                throw new IOException("The stream ended mid-transfer.");
            }
        }
    }

    // HttpClient has no synchronous HTTP/2: the probe waits for the asynchronous read.
    private static void HttpInto(HttpClient client, string url, Version version, byte[] destination) => HttpIntoAsync(client, url, version, destination).GetAwaiter().GetResult();

    private static async Task HttpIntoAsync(HttpClient client, string url, Version version, byte[] destination)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url) { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using Stream body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        await body.ReadExactlyAsync(destination).ConfigureAwait(false);
    }

    private static void Check(byte[] expected, byte[] actual)
    {
        if (!expected.AsSpan().SequenceEqual(actual))
        {
            throw new InvalidOperationException("A transport delivered other bytes than were sent.");
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out int value) ? value : fallback;
    }
}
