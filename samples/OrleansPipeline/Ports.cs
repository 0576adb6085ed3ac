using System.Net;
using System.Net.Sockets;

namespace OrleansPipeline;

/// <summary>Free loopback ports, so the sample never collides with another cluster on the machine.</summary>
internal static class Ports
{
    public static int[] Free(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        int[] ports = [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        listeners.ForEach(l => l.Stop());
        return ports;
    }
}
