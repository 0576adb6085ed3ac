using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ProxyStore.Connectors;

/// <summary>
/// The wire format between a <see cref="PeerConnector"/> and the owners it pulls from.
/// </summary>
/// <remarks>
/// <para><b>Handshake</b>, proving the shared secret both ways without sending it: the client
/// sends <c>magic, client nonce, store name length, store name</c>; the server answers <c>magic,
/// server nonce, run, HMAC(secret, "server" | client nonce | server nonce | run)</c>; the client
/// checks that and sends <c>HMAC(secret, "client" | server nonce | client nonce | store name)</c>;
/// the server answers one byte, accepted or refused. Fresh nonces on both sides make every
/// proof good for one connection only. An owner of another store name accepts the connection
/// but holds none of its keys.</para>
/// <para><b>Requests</b> then follow one at a time: <c>op, id length, id, run, argument</c>
/// (little-endian <see cref="long"/>), a set's bytes after them; each answer starts with a
/// status byte. A get's answer is the frame's whole length and then its bytes from the asked
/// offset, sent straight from the stored array.</para>
/// </remarks>
internal static class PeerProtocol
{
    public const int NonceBytes = 32;
    public const int ProofBytes = 32;
    public const int RunChars = 22;
    public const int MaxIdChars = StoreKey.MaxPlainIdLength;

    /// <summary>"PSPEER" and the protocol's version.</summary>
    public static ReadOnlySpan<byte> Magic => "PSPEER\0\u0001"u8;

    public const byte Accepted = 0;
    public const byte Refused = 1;

    public const byte Get = 1;
    public const byte Exists = 2;
    public const byte Evict = 3;
    public const byte Set = 4;

    public const byte Ok = 0;
    public const byte Missing = 1;
    public const byte OtherRun = 2;
    public const byte AlreadySet = 3;
    public const byte BadRequest = 4;
    public const byte Foreign = 5;

    /// <summary>An evict's argument: evict only a store's own object (<see cref="IGuardedEvictConnector"/>).</summary>
    public const long GuardedEvict = 1;

    public const int RequestHeaderMax = 2 + MaxIdChars + RunChars + 8;

    public static byte[] SecretBytes(string secret) => Encoding.UTF8.GetBytes(secret);

    public static byte[] ServerProof(byte[] secret, ReadOnlySpan<byte> clientNonce, ReadOnlySpan<byte> serverNonce, ReadOnlySpan<byte> run) =>
        Proof(secret, "server"u8, clientNonce, serverNonce, run);

    public static byte[] ClientProof(byte[] secret, ReadOnlySpan<byte> serverNonce, ReadOnlySpan<byte> clientNonce, ReadOnlySpan<byte> store) =>
        Proof(secret, "client"u8, serverNonce, clientNonce, store);

    public static bool ProofMatches(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> received) =>
        CryptographicOperations.FixedTimeEquals(expected, received);

    /// <summary>Writes a request header into <paramref name="buffer"/>; returns its length.</summary>
    public static int WriteRequest(Span<byte> buffer, byte op, string id, string run, long argument)
    {
        buffer[0] = op;
        buffer[1] = (byte)id.Length;
        int at = 2 + Encoding.ASCII.GetBytes(id, buffer[2..]);
        at += Encoding.ASCII.GetBytes(run, buffer[at..]);
        BinaryPrimitives.WriteInt64LittleEndian(buffer[at..], argument);
        return at + 8;
    }

    private static byte[] Proof(byte[] secret, ReadOnlySpan<byte> role, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, ReadOnlySpan<byte> third)
    {
        Span<byte> message = stackalloc byte[role.Length + first.Length + second.Length + third.Length];
        role.CopyTo(message);
        first.CopyTo(message[role.Length..]);
        second.CopyTo(message[(role.Length + first.Length)..]);
        third.CopyTo(message[(role.Length + first.Length + second.Length)..]);
        return HMACSHA256.HashData(secret, message);
    }
}
