using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ProxyStore.Serialization.Arrays;

/// <summary>
/// What the serializer does with arrays of one unmanaged element type: recognize them in any of
/// their containers, allocate new ones without zeroing, and wrap them back into the container
/// that was stored.
/// </summary>
/// <remarks>
/// The primitive types' codecs are compiled ahead (NativeAOT has them); others, enums and user
/// structs, are made on first use where the runtime can generate code, and otherwise their
/// arrays go through JSON like any other object.
/// </remarks>
internal abstract class ElementCodec
{
    private static readonly ConcurrentDictionary<Type, ElementCodec?> Codecs = new();

    protected ElementCodec(Type elementType)
    {
        ElementType = elementType;
        Size = UnmanagedTypes.SizeOf(elementType);
        Descr = NpyDtype.Of(elementType, Size);
    }

    /// <summary>The element type.</summary>
    public Type ElementType { get; }

    /// <summary>The size of one element in bytes.</summary>
    public int Size { get; }

    /// <summary>The NumPy dtype of the elements.</summary>
    public string Descr { get; }

    /// <summary>The codec of <paramref name="elementType"/>, or <see langword="null"/> when its arrays are not stored as raw bytes.</summary>
    public static ElementCodec? For(Type elementType) => Codecs.GetOrAdd(elementType, Create);

    /// <summary>
    /// Recognizes <paramref name="value"/> as an array of unmanaged elements: <c>T[]</c>, a
    /// multi-dimensional array with zero lower bounds, <see cref="Memory{T}"/>,
    /// <see cref="ReadOnlyMemory{T}"/> or <see cref="ArraySegment{T}"/>.
    /// </summary>
    public static bool TryDescribe(object? value, out ArrayValue described)
    {
        described = default;
        switch (value)
        {
            case null:
                return false;
            case Array array:
            {
                Type arrayType = array.GetType();
                if (For(arrayType.GetElementType()!) is not { } codec || !HasZeroLowerBounds(array))
                {
                    return false;
                }

                var shape = new long[array.Rank];
                for (int d = 0; d < shape.Length; d++)
                {
                    shape[d] = array.GetLength(d);
                }

                described = new ArrayValue(codec, ArrayContainer.Array, shape, ArrayBytes.Of(array, 0, array.Length, codec.Size));
                return true;
            }

            default:
                Type type = value.GetType();
                return type.IsGenericType && type.GenericTypeArguments.Length == 1 && ContainerOf(type) is { } container
                    && For(type.GenericTypeArguments[0]) is { } elements
                    && elements.TryDescribeContainer(value, container, out described);
        }
    }

    /// <summary>The container <paramref name="type"/> is, when it is one of the generic ones (<see cref="Memory{T}"/> and so on).</summary>
    public static ArrayContainer? ContainerOf(Type type)
    {
        if (!type.IsGenericType)
        {
            return type.IsArray ? ArrayContainer.Array : null;
        }

        Type definition = type.GetGenericTypeDefinition();
        return definition == typeof(Memory<>) ? ArrayContainer.Memory
            : definition == typeof(ReadOnlyMemory<>) ? ArrayContainer.ReadOnlyMemory
            : definition == typeof(ArraySegment<>) ? ArrayContainer.Segment
            : null;
    }

    /// <summary>
    /// <paramref name="value"/>, an array of unmanaged values in any container, as a
    /// <paramref name="requested"/>: the same elements in the container asked for (a
    /// <c>double[]</c> as <see cref="ReadOnlyMemory{T}"/> of double, or the other way), or the value
    /// itself when it is one. With <paramref name="copy"/> (the value is shared, by a cache) the
    /// result has an array of its own, except read-only memory, which cannot change what it shares.
    /// </summary>
    public static bool TryConvert(object value, Type requested, bool copy, out object? result)
    {
        result = null;
        if (!TryDescribe(value, out ArrayValue source))
        {
            return false;
        }

        Type target = Nullable.GetUnderlyingType(requested) ?? requested;
        ElementCodec codec = source.Codec;
        int rank = source.Shape.Length;
        ArrayContainer container;
        if (rank == 1 && ContainerOf(target) is { } asked and not ArrayContainer.Array && target.GenericTypeArguments[0] == codec.ElementType)
        {
            container = asked;
        }
        else if (target.IsInstanceOfType(value))
        {
            container = source.Container;
        }
        else if (target.IsAssignableFrom(codec.ContainerType(ArrayContainer.Array, rank)))
        {
            container = ArrayContainer.Array;
        }
        else
        {
            return false;
        }

        if (container == source.Container && (!copy || container == ArrayContainer.ReadOnlyMemory))
        {
            result = value;
            return true;
        }

        Array? whole = copy && container != ArrayContainer.ReadOnlyMemory ? null : codec.WholeArray(value);
        if (whole is null)
        {
            whole = codec.Allocate(source.Shape);
            source.Bytes.Span.CopyTo(DefaultSerializer.BytesOf(whole, codec.Size));
        }

        result = codec.Wrap(whole, container);
        return true;
    }

    /// <summary>A boxed <see cref="ReadOnlyMemory{T}"/> of this element type over <paramref name="bytes"/>, which outlive it and never change.</summary>
    public abstract object Lend(ReadOnlyMemory<byte> bytes);

    /// <summary>The array <paramref name="value"/> holds when it is all of that array, else <see langword="null"/>.</summary>
    protected abstract Array? WholeArray(object value);

    /// <summary>The type of a value of this element type held in <paramref name="container"/> with <paramref name="rank"/> dimensions.</summary>
    public abstract Type ContainerType(ArrayContainer container, int rank);

    /// <summary>A new array of <paramref name="shape"/>; a one-dimensional one is not zeroed, since it is filled next.</summary>
    public abstract Array Allocate(ReadOnlySpan<long> shape);

    /// <summary><paramref name="array"/>, a new array of this element type, in <paramref name="container"/>.</summary>
    public abstract object Wrap(Array array, ArrayContainer container);

    protected abstract bool TryDescribeContainer(object value, ArrayContainer container, out ArrayValue described);

    private static bool HasZeroLowerBounds(Array array)
    {
        for (int d = 0; d < array.Rank; d++)
        {
            if (array.GetLowerBound(d) != 0)
            {
                return false;
            }
        }

        return true;
    }

    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only where dynamic code is supported; NativeAOT uses the primitive codecs compiled ahead and sends other arrays through JSON.")]
    [UnconditionalSuppressMessage("Trimming", "IL2055", Justification = "Codec<T> has no members the trimmer could remove that MakeGenericType needs.")]
    [UnconditionalSuppressMessage("Trimming", "IL2071", Justification = "Element types are value types, whose parameterless constructor Codec<T> never calls.")]
    private static ElementCodec? Create(Type elementType)
    {
        if (Type.GetTypeCode(elementType) is var code && !elementType.IsEnum && Primitive(code) is { } primitive)
        {
            return primitive;
        }

        if (elementType == typeof(Half))
        {
            return new Codec<Half>();
        }

        if (elementType == typeof(Complex))
        {
            return new Codec<Complex>();
        }

        if (!UnmanagedTypes.IsUnmanaged(elementType) || !RuntimeFeature.IsDynamicCodeSupported)
        {
            return null;
        }

        return (ElementCodec)Activator.CreateInstance(typeof(Codec<>).MakeGenericType(elementType))!;
    }

    private static ElementCodec? Primitive(TypeCode code) => code switch
    {
        TypeCode.Boolean => new Codec<bool>(),
        TypeCode.Char => new Codec<char>(),
        TypeCode.SByte => new Codec<sbyte>(),
        TypeCode.Byte => new Codec<byte>(),
        TypeCode.Int16 => new Codec<short>(),
        TypeCode.UInt16 => new Codec<ushort>(),
        TypeCode.Int32 => new Codec<int>(),
        TypeCode.UInt32 => new Codec<uint>(),
        TypeCode.Int64 => new Codec<long>(),
        TypeCode.UInt64 => new Codec<ulong>(),
        TypeCode.Single => new Codec<float>(),
        TypeCode.Double => new Codec<double>(),
        TypeCode.Decimal => new Codec<decimal>(),
        TypeCode.DateTime => new Codec<DateTime>(),
        _ => null,
    };

    /// <summary>The codec of one element type.</summary>
    private sealed class Codec<T> : ElementCodec
        where T : unmanaged
    {
        public Codec()
            : base(typeof(T))
        {
        }

        [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only multi-dimensional array types are made, from an element type this codec already has.")]
        public override Type ContainerType(ArrayContainer container, int rank) => container switch
        {
            ArrayContainer.Memory => typeof(Memory<T>),
            ArrayContainer.ReadOnlyMemory => typeof(ReadOnlyMemory<T>),
            ArrayContainer.Segment => typeof(ArraySegment<T>),
            _ => rank switch
            {
                1 => typeof(T[]),
                2 => typeof(T[,]),
                3 => typeof(T[,,]),
                _ => typeof(T).MakeArrayType(rank),
            },
        };

        public override Array Allocate(ReadOnlySpan<long> shape)
        {
            if (shape.Length == 1)
            {
                return Buffers.LargeArrays.Allocate<T>(checked((int)shape[0]));
            }

            var lengths = new int[shape.Length];
            for (int d = 0; d < lengths.Length; d++)
            {
                lengths[d] = checked((int)shape[d]);
            }

            Array array = lengths.Length switch
            {
                2 => new T[lengths[0], lengths[1]],
                3 => new T[lengths[0], lengths[1], lengths[2]],
                _ => CreateHigherRank(lengths),
            };

            // The large-object heap does not move arrays unless asked to compact it, and memory
            // fresh from the system is not touched by the allocation: advised now, before the
            // copy fills it, it is filled on huge pages as one-dimensional arrays are.
            long bytes = (long)array.Length * Size;
            if (Buffers.HugePages.Available && bytes >= Buffers.HugePages.Size)
            {
                Buffers.HugePages.Advise(array, bytes);
            }

            return array;
        }

        [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Arrays of four and more dimensions of an unmanaged type; NativeAOT applications that store them need the type rooted, as any MakeArrayType use.")]
        private static Array CreateHigherRank(int[] lengths) => Array.CreateInstance(typeof(T), lengths);

        public override object Wrap(Array array, ArrayContainer container) => container switch
        {
            ArrayContainer.Memory => new Memory<T>((T[])array),
            ArrayContainer.ReadOnlyMemory => new ReadOnlyMemory<T>((T[])array),
            ArrayContainer.Segment => new ArraySegment<T>((T[])array),
            _ => array,
        };

        public override object Lend(ReadOnlyMemory<byte> bytes) =>
            bytes.IsEmpty ? ReadOnlyMemory<T>.Empty : new Buffers.CastMemory<T>(bytes).Memory;

        protected override Array? WholeArray(object value)
        {
            if (value is Array array)
            {
                return array;
            }

            ReadOnlyMemory<T> memory = value switch
            {
                Memory<T> m => m,
                ReadOnlyMemory<T> m => m,
                ArraySegment<T> s => s,
                _ => default,
            };
            return System.Runtime.InteropServices.MemoryMarshal.TryGetArray(memory, out ArraySegment<T> segment)
                && segment.Offset == 0 && segment.Count == segment.Array!.Length ? segment.Array : null;
        }

        protected override bool TryDescribeContainer(object value, ArrayContainer container, out ArrayValue described)
        {
            ReadOnlyMemory<T> memory = value switch
            {
                Memory<T> m => m,
                ReadOnlyMemory<T> m => m,
                ArraySegment<T> s => s,
                _ => default,
            };
            if (value is ArraySegment<T> { Array: null })
            {
                // default(ArraySegment<T>) has no array: it reads back as an empty segment.
                memory = ReadOnlyMemory<T>.Empty;
            }

            ReadOnlyMemory<byte> bytes;
            if (memory.IsEmpty)
            {
                bytes = ReadOnlyMemory<byte>.Empty;
            }
            else if (System.Runtime.InteropServices.MemoryMarshal.TryGetArray(memory, out ArraySegment<T> segment))
            {
                bytes = ArrayBytes.Of(segment.Array!, segment.Offset, segment.Count, Size);
            }
            else
            {
                // Memory of a native buffer or a memory manager (a lent frame): its bytes in place.
                bytes = new Buffers.ByteMemory<T>(memory).Memory;
            }

            described = new ArrayValue(this, container, [memory.Length], bytes);
            return true;
        }
    }
}
