using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ProxyStore.Serialization.Arrays;

namespace ProxyStore.Serialization;

/// <summary>
/// Python ProxyStore's value format: a two-letter tag, a newline, then the payload, with no
/// length and no checksum. What a store writes and reads when its connector is in
/// <see cref="ValueFormat.Python"/>, so that Python ProxyStore's <c>serialize</c> and
/// <c>deserialize</c> read and write the same bytes.
/// </summary>
/// <remarks>
/// <para><b>Written</b>: <c>byte[]</c> and byte memory as <c>BS</c> (raw bytes); <see cref="string"/>
/// as <c>US</c> (UTF-8); arrays of numbers and bools (<c>T[]</c>, <c>T[,]</c>, <c>T[,,]</c>, any
/// rank, and <see cref="Memory{T}"/>) as <c>NP</c>, a NumPy <c>.npy</c> file that
/// <c>numpy.load</c> reads as an <c>ndarray</c> of the same dtype and shape; anything else (records,
/// dictionaries, lists, numbers, <see langword="null"/>) as <c>JS</c>, JSON with snake_case
/// property names, which Python reads with the <c>proxystore_dotnet</c> module in this
/// repository's <c>python/</c> folder.</para>
/// <para><b>Read</b>: <c>BS</c>, <c>US</c>, <c>NP</c> (little-endian numbers, bools and complex
/// numbers, C order) and <c>JS</c> (into the type asked for; unknown or missing members are an
/// error), and <c>PK</c>, pickles of plain data only (see the documentation): a pickle that names
/// any Python class is refused with the class named, and nothing in it runs. <c>CP</c>
/// (cloudpickle), <c>PD</c> (pandas) and <c>PL</c> (polars) are refused by name.</para>
/// <para>What this side cannot represent exactly is a <see cref="StoreSerializationException"/>
/// naming it, never a wrong value.</para>
/// </remarks>
public sealed class PythonSerializer : ISerializer
{
    private static readonly byte[] BytesTag = "BS\n"u8.ToArray();
    private static readonly byte[] StringTag = "US\n"u8.ToArray();
    private static readonly byte[] NumpyTag = "NP\n"u8.ToArray();
    private static readonly byte[] JsonTag = "JS\n"u8.ToArray();
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly JsonSerializerOptions _options;

    private const string ReflectionOff = "Trimmed and NativeAOT applications turn JsonSerializer.IsReflectionEnabledByDefault off; then JSON (the JS tag) of a type fails with a StoreSerializationException naming it, and bytes, strings and arrays still work.";

    /// <summary>Creates the serializer: JSON (the <c>JS</c> tag) with snake_case names, and unknown or missing members refused on reading.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = ReflectionOff)]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = ReflectionOff)]
    public PythonSerializer()
    {
        _options = new JsonSerializerOptions(JsonSerializerOptions.Default)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectRequiredConstructorParameters = true,
            RespectNullableAnnotations = true,
        };
        _options.MakeReadOnly(populateMissingResolver: true);
    }

    /// <summary>A shared instance.</summary>
    public static PythonSerializer Instance { get; } = new();

    /// <inheritdoc />
    /// <exception cref="StoreSerializationException">The value has no Python form this serializer writes; the message says why.</exception>
    public byte[] Serialize(object? value) => SerializeParts(value).ToSealedArray(key: null);

    /// <summary>The value's Python bytes, with a large array's own memory kept apart rather than copied.</summary>
    internal FrameParts SerializeParts(object? value)
    {
        switch (value)
        {
            case byte[] bytes when value.GetType() == typeof(byte[]):
                return Tagged(BytesTag, bytes);
            case ReadOnlyMemory<byte> bytes:
                return Tagged(BytesTag, bytes.Span);
            case Memory<byte> bytes:
                return Tagged(BytesTag, bytes.Span);
            case string text:
                return Tagged(StringTag, Utf8(text));
        }

        if (value is not null && PythonNpy.TryDescribe(value, out ArrayValue array))
        {
            return PythonNpy.Write(NumpyTag, array);
        }

        return Tagged(JsonTag, Json(value));
    }

    private static FrameParts Tagged(byte[] tag, ReadOnlySpan<byte> payload)
    {
        byte[] value = GC.AllocateUninitializedArray<byte>(tag.Length + payload.Length);
        tag.CopyTo(value, 0);
        payload.CopyTo(value.AsSpan(tag.Length));
        return FrameParts.Unframed(value);
    }

    private static byte[] Utf8(string text)
    {
        try
        {
            return StrictUtf8.GetBytes(text);
        }
        catch (EncoderFallbackException e)
        {
            throw new StoreSerializationException($"The string cannot be stored in Python's format: it is not valid UTF-16 ({e.Message}), and Python's str.decode would refuse it.", e);
        }
    }

    private byte[] Json(object? value)
    {
        Type type = value?.GetType() ?? typeof(object);
        try
        {
            return JsonSerializer.SerializeToUtf8Bytes(value, _options.GetTypeInfo(type));
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or JsonException or ArgumentException)
        {
            throw new StoreSerializationException($"A {type.FullName} cannot be stored in Python's format as JSON (the JS tag): {e.Message}", e);
        }
    }

    /// <inheritdoc />
    /// <exception cref="StoreSerializationException">The bytes are not a Python value this reader reads, or hold something it cannot represent exactly; the message names it.</exception>
    /// <exception cref="InvalidCastException">The value is not a <paramref name="requestedType"/>.</exception>
    public object? Deserialize(ReadOnlyMemory<byte> data, Type requestedType)
    {
        ArgumentNullException.ThrowIfNull(requestedType);
        ReadOnlySpan<byte> bytes = data.Span;
        if (bytes.Length < 3 || bytes[2] != (byte)'\n' || !char.IsAsciiLetterUpper((char)bytes[0]) || !char.IsAsciiLetterUpper((char)bytes[1]))
        {
            throw new StoreSerializationException(
                "The stored bytes are not a Python ProxyStore value: they do not start with a two-letter tag and a newline (such as 'BS\\n').");
        }

        string tag = Encoding.ASCII.GetString(bytes[..2]);
        ReadOnlySpan<byte> payload = bytes[3..];
        object? value = tag switch
        {
            "BS" => payload.ToArray(),
            "US" => Text(payload),
            "NP" => PythonNpy.Read(payload),
            "PK" => PythonPickle.Read(payload),
            "JS" => FromJson(data[3..], requestedType),
            "CP" => throw new StoreSerializationException("The Python value is a cloudpickle (CP), which holds Python code; it is never read here."),
            "PD" or "PL" => throw new StoreSerializationException($"The Python value is a {(tag == "PD" ? "pandas" : "polars")} DataFrame ({tag}), which this reader does not read."),
            _ => throw new StoreSerializationException($"The Python value has the unknown tag '{tag}'; the tags read here are BS, US, NP, PK and JS."),
        };
        return Fit(value, requestedType, tag);
    }

    private static string Text(ReadOnlySpan<byte> payload)
    {
        try
        {
            return StrictUtf8.GetString(payload);
        }
        catch (DecoderFallbackException e)
        {
            throw new StoreSerializationException($"The Python value (US) is not valid UTF-8: {e.Message}", e);
        }
    }

    private object? FromJson(ReadOnlyMemory<byte> json, Type requestedType)
    {
        try
        {
            JsonTypeInfo info = _options.GetTypeInfo(requestedType);
            return JsonSerializer.Deserialize(json.Span, info);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            throw new StoreSerializationException($"The Python value (JS) cannot be read as a {requestedType.FullName}: {e.Message}", e);
        }
    }

    /// <summary><paramref name="value"/> as a <paramref name="requestedType"/>, or why not.</summary>
    private static object? Fit(object? value, Type requestedType, string tag)
    {
        if (value is null || requestedType.IsInstanceOfType(value))
        {
            return value;
        }

        Type target = Nullable.GetUnderlyingType(requestedType) ?? requestedType;
        if (value is byte[] bytes && target == typeof(ReadOnlyMemory<byte>))
        {
            return new ReadOnlyMemory<byte>(bytes);
        }

        if (value is byte[] writable && target == typeof(Memory<byte>))
        {
            return new Memory<byte>(writable);
        }

        if (value is Array && ElementCodec.TryConvert(value, requestedType, copy: false, out object? converted))
        {
            return converted;
        }

        throw new InvalidCastException($"The Python value ({tag}) is read as a {value.GetType().FullName}, not a {requestedType.FullName}.");
    }
}
