using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace ProxyStore.Orleans.Tests.Peer;

/// <summary>The arrays the peer grains exchange, made the same way in every process, and their digests.</summary>
public static class PeerData
{
    /// <summary><paramref name="count"/> doubles from <paramref name="seed"/>: every bit pattern differs from the next, so a misplaced or lost byte changes the digest.</summary>
    public static double[] Make(int count, int seed)
    {
        var random = new Random(seed);
        var values = new double[count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = random.NextDouble() * i;
        }

        return values;
    }

    /// <summary>The hex SHA-256 of the doubles' bytes.</summary>
    public static string Sha256(ReadOnlySpan<double> values) => Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(values)));

    /// <summary>The digest of a proxy's target (resolving it) or of a plain list.</summary>
    public static string Sha256(IReadOnlyList<double> values) =>
        Sha256(Proxies.Extract(values) is double[] array ? array : values.ToArray());
}
