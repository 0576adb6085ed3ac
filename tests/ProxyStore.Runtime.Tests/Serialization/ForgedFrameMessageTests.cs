using System.Text;
using ProxyStore.Connectors;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Serialization;

/// <summary>
/// Frames that are whole (their checksum matches) but were forged: whatever their payload holds,
/// the exception a get throws, and every exception inside it, says what went wrong without
/// repeating the payload's characters: no control character, no U+FFFD from invalid UTF-8, no
/// lone surrogate reaches a message (or a log line or terminal through it).
/// </summary>
public sealed class ForgedFrameMessageTests : IDisposable
{
    private const byte NullTag = 0;
    private const byte StringTag = 2;
    private const byte JsonTag = 3;
    private const byte ProxyTag = 4;

    // Control characters (a line break and an escape sequence) and bytes that are not UTF-8.
    private static readonly byte[] Hostile = [.. "evil\n\u001b[31m"u8, 0xFF, 0xFE, 0xC3];

    // The same inside a JSON string, escaped as JSON allows: decoded, they are a line break, an
    // escape sequence and U+FFFD.
    private static readonly byte[] HostileJson = [.. "evil\\n\\u001b[31m\\ufffd"u8];

    private readonly Store _store = new(UniqueNames.Store("forged"), new LocalConnector(), cacheSize: 0);

    public static TheoryData<string> Forgeries() => [.. Payloads.Keys];

    private static Dictionary<string, (byte[] Payload, bool Failure, Type Requested)> Payloads { get; } = new()
    {
        ["a type name"] = (Json(Hostile, "{}"u8), false, typeof(object)),
        ["a JSON property name"] = (Json("System.Collections.Generic.Dictionary`2[[System.String],[System.Int32]]"u8, [.. "{\""u8, .. HostileJson, .. "\": \"not a number\"}"u8]), false, typeof(object)),
        ["a JSON string where a number goes"] = (Json("System.Collections.Generic.List`1[[System.Int32]]"u8, [.. "[\""u8, .. HostileJson, .. "\"]"u8]), false, typeof(object)),
        ["a JSON body that is not UTF-8"] = (Json("System.Collections.Generic.List`1[[System.String]]"u8, [.. "[\""u8, .. Hostile, .. "\", 1]"u8]), false, typeof(object)),
        ["a JSON token"] = (Json("System.Collections.Generic.List`1[[System.Int32]]"u8, [.. "["u8, .. Hostile, .. "]"u8]), false, typeof(object)),
        ["a proxy reference's kind"] = (Proxy([.. "{\"k\":\"abc\",\"s\":\"store\",\"ck\":\"local\",\"co\":{},\"rk\":\""u8, .. HostileJson, .. "\"}"u8]), false, typeof(object)),
        ["a proxy reference's store"] = (Proxy([.. "{\"k\":\"abc\",\"s\":\""u8, .. HostileJson, .. "\",\"ck\":\"local\",\"co\":{}}"u8]), false, typeof(object)),
        ["a proxy reference's key"] = (Proxy([.. "{\"k\":\""u8, .. HostileJson, .. "\",\"s\":\"store\",\"ck\":\"local\",\"co\":{}}"u8]), false, typeof(object)),
        ["a proxy reference's JSON"] = (Proxy([.. "{\"k\":"u8, .. Hostile]), false, typeof(object)),
        ["a future's failure"] = ([.. "{\"type\":\""u8, .. HostileJson, .. "\",\"message\":\""u8, .. HostileJson, .. "\"}"u8], true, typeof(object)),
        ["a future's failure with raw bytes"] = ([.. "{\"type\":\""u8, .. Hostile, .. "\",\"message\":\"m\"}"u8], true, typeof(object)),
        ["a future's failure that is not JSON"] = ([.. "{\"type\":"u8, .. Hostile], true, typeof(object)),
        ["a string read as a number"] = ([StringTag, .. Hostile], false, typeof(int[])),
        ["an unknown tag"] = ([0x7F, .. Hostile], false, typeof(object)),
        ["a null read as a number"] = ([NullTag], false, typeof(int)),
    };

    public void Dispose() => _store.Dispose();

    [Theory]
    [MemberData(nameof(Forgeries))]
    public void No_message_repeats_the_payloads_characters(string forgery)
    {
        (byte[] payload, bool failure, Type requested) = Payloads[forgery];
        StoreKey key = _store.Connector.Put(Frame(payload, failure));

        Exception e = Assert.ThrowsAny<Exception>(() => Get(key, requested));

        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            string message = current.Message;
            Assert.False(
                message.Any(c => char.IsControl(c) || char.IsSurrogate(c) || c == '\uFFFD'),
                $"{forgery}: a {current.GetType().Name} repeats the payload: {Escape(message)}");
        }

        Assert.Contains(key.Id, e.Message, StringComparison.Ordinal);
    }

    private object? Get(StoreKey key, Type requested) =>
        requested == typeof(int[]) ? _store.Get<int[]>(key)
        : requested == typeof(int) ? _store.Get<int>(key)
        : _store.Get<object>(key);

    private static byte[] Frame(byte[] payload, bool failure)
    {
        byte[] frame = new byte[StoredFrame.HeaderSize + payload.Length];
        payload.CopyTo(frame, StoredFrame.HeaderSize);
        StoredFrame.Seal(frame, key: null, failure ? StoredFrame.FailureFlag : (byte)0);

        return frame;
    }

    private static byte[] Json(ReadOnlySpan<byte> typeName, ReadOnlySpan<byte> json) => [JsonTag, (byte)typeName.Length, .. typeName, .. json];

    private static byte[] Proxy(ReadOnlySpan<byte> reference)
    {
        byte[] typeName = Encoding.UTF8.GetBytes(ProxyStore.Serialization.SerializerTypes.NameOf(typeof(IForged)));
        Assert.True(typeName.Length < 128, "The test writes the name's length as one byte.");
        return [ProxyTag, (byte)typeName.Length, .. typeName, .. reference];
    }

    private static string Escape(string text)
    {
        var escaped = new StringBuilder();
        foreach (char c in text)
        {
            escaped.Append(char.IsControl(c) || char.IsSurrogate(c) || c == '\uFFFD' ? $"\\u{(int)c:X4}" : c);
        }

        return escaped.ToString();
    }
}

/// <summary>The interface a forged proxy reference claims to proxy.</summary>
public interface IForged
{
    /// <summary>Anything.</summary>
    int Value { get; }
}
