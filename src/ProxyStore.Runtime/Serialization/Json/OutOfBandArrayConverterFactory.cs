using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using ProxyStore.Serialization.Arrays;

namespace ProxyStore.Serialization.Json;

/// <summary>
/// Takes arrays of unmanaged values out of an object's JSON, wherever they are in the graph:
/// <c>T[]</c>, multi-dimensional arrays, <see cref="Memory{T}"/>, <see cref="ReadOnlyMemory{T}"/>
/// and <see cref="ArraySegment{T}"/> of any element type <see cref="ElementCodec"/> stores as raw bytes.
/// </summary>
[RequiresUnreferencedCode("Reflection-based JSON; use DefaultSerializer(JsonSerializerContext) in trimmed and NativeAOT applications.")]
[RequiresDynamicCode("Reflection-based JSON; use DefaultSerializer(JsonSerializerContext) in trimmed and NativeAOT applications.")]
internal sealed class OutOfBandArrayConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => Describe(typeToConvert) is not null;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
    {
        (ElementCodec codec, ArrayContainer container, int rank) = Describe(typeToConvert)!.Value;
        return (JsonConverter)Activator.CreateInstance(typeof(OutOfBandArrayConverter<>).MakeGenericType(typeToConvert), codec, container, rank)!;
    }

    private static (ElementCodec Codec, ArrayContainer Container, int Rank)? Describe(Type type)
    {
        if (ElementCodec.ContainerOf(type) is not { } container)
        {
            return null;
        }

        Type? element = container == ArrayContainer.Array ? type.GetElementType() : type.GenericTypeArguments[0];
        int rank = container == ArrayContainer.Array ? type.GetArrayRank() : 1;

        // A one-dimensional array type with a lower bound other than zero (T[*]) is not T[].
        if (container == ArrayContainer.Array && rank == 1 && !type.IsSZArray)
        {
            return null;
        }

        return element is not null && ElementCodec.For(element) is { } codec ? (codec, container, rank) : null;
    }
}
