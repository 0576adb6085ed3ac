using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Orleans.Serialization;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Cloning;
using Orleans.Serialization.Codecs;
using Orleans.Serialization.Serializers;
using Orleans.Serialization.WireProtocol;

namespace ProxyStore.Orleans.Serialization;

/// <summary>
/// The Orleans codec and deep copier of ProxyStore proxies: a proxy in a grain-call argument or
/// result (or anywhere inside one) is written as its proxied type and its
/// <see cref="ProxyReference"/> (a few hundred bytes whatever the size of its target) and read
/// back as an unresolved proxy, which resolves from its store only if the receiver uses it.
/// Copying (a call between grains of one silo) makes a new unresolved proxy of the same
/// reference, as a trip through the wire would. Writing or copying never resolves a proxy.
/// </summary>
/// <remarks>
/// <para>On the wire the field's type is this codec's own type, so the receiver picks this codec
/// without knowing the proxy's runtime type (a generated or Castle class that may not exist on
/// the other side). Field 0 is the proxied type, written by Orleans' type codec; field 1 is the
/// reference as UTF-8 JSON.</para>
/// <para>As an <see cref="ITypeFilter"/> it allows this codec's type and the proxied types it
/// reads back: interfaces and <see cref="ProxiableAttribute"/> classes, which it only ever
/// turns into proxies, never instantiates.</para>
/// </remarks>
public sealed class ProxyCodec : IGeneralizedCodec, IGeneralizedCopier, ITypeFilter
{
    private static readonly Type SelfType = typeof(ProxyCodec);

    /// <inheritdoc />
    void IFieldCodec.WriteField<TBufferWriter>(ref Writer<TBufferWriter> writer, uint fieldIdDelta, [AllowNull] Type expectedType, [AllowNull] object? value)
    {
        if (ReferenceCodec.TryWriteReferenceField(ref writer, fieldIdDelta, expectedType, value))
        {
            return;
        }

        IProxy proxy = AsStoreProxy(value!);
        byte[] reference = ProxyReference.Serialize(proxy);
        writer.WriteFieldHeader(fieldIdDelta, expectedType, SelfType, WireType.TagDelimited);

        ReferenceCodec.MarkValueField(writer.Session);
        writer.WriteFieldHeaderExpected(0, WireType.LengthPrefixed);
        writer.Session.TypeCodec.WriteLengthPrefixed(ref writer, proxy.Factory.TargetType);

        ReferenceCodec.MarkValueField(writer.Session);
        writer.WriteFieldHeaderExpected(1, WireType.LengthPrefixed);
        writer.WriteVarUInt32((uint)reference.Length);
        writer.Write(reference);

        writer.WriteEndObject();
    }

    /// <inheritdoc />
    object? IFieldCodec.ReadValue<TInput>(ref Reader<TInput> reader, Field field)
    {
        if (field.IsReference)
        {
            return ReferenceCodec.ReadReference(ref reader, field.FieldType);
        }

        field.EnsureWireTypeTagDelimited();
        uint placeholder = ReferenceCodec.CreateRecordPlaceholder(reader.Session);
        Type? proxiedType = null;
        object? result = null;
        uint fieldId = 0;
        while (true)
        {
            Field header = reader.ReadFieldHeader();
            if (header.IsEndBaseOrEndObject)
            {
                break;
            }

            fieldId += header.FieldIdDelta;
            switch (fieldId)
            {
                case 0:
                    ReferenceCodec.MarkValueField(reader.Session);
                    proxiedType = reader.Session.TypeCodec.ReadLengthPrefixed(ref reader);
                    break;
                case 1:
                    ReferenceCodec.MarkValueField(reader.Session);
                    byte[] reference = reader.ReadBytes(reader.ReadVarUInt32());
                    if (proxiedType is null)
                    {
                        throw new RequiredFieldMissingException("A ProxyStore proxy reference arrived without its proxied type (field 0).");
                    }

                    result = ProxyReference.Deserialize(reference, proxiedType);
                    break;
                default:
                    reader.ConsumeUnknownField(header);
                    break;
            }
        }

        if (result is null)
        {
            throw new RequiredFieldMissingException("A ProxyStore proxy arrived without its reference (field 1).");
        }

        ReferenceCodec.RecordObject(reader.Session, result, placeholder);
        return result;
    }

    /// <inheritdoc />
    bool IGeneralizedCodec.IsSupportedType(Type type) => type == SelfType || IsProxyType(type);

    /// <inheritdoc />
    object? IDeepCopier.DeepCopy(object? input, CopyContext context)
    {
        if (input is null)
        {
            return null;
        }

        if (context.TryGetCopy(input, out object? copy))
        {
            return copy;
        }

        IProxy proxy = AsStoreProxy(input);
        copy = ProxyReference.Deserialize(ProxyReference.Serialize(proxy), proxy.Factory.TargetType);
        context.RecordCopy(input, copy);
        return copy;
    }

    /// <inheritdoc />
    bool IGeneralizedCopier.IsSupportedType(Type type) => IsProxyType(type);

    /// <inheritdoc />
    bool? ITypeFilter.IsTypeAllowed(Type type) =>
        type == SelfType || IsProxyType(type) || type.IsInterface || type.GetCustomAttribute<ProxiableAttribute>(inherit: false) is not null
            ? true
            : null;

    private static bool IsProxyType(Type type) => !type.IsAbstract && typeof(IProxy).IsAssignableFrom(type);

    private static IProxy AsStoreProxy(object value) =>
        value is IProxy { Factory: IStoreFactory } proxy
            ? proxy
            : throw new NotSupportedException(
                $"A {value.GetType().FullName} is a proxy without a store behind it, so it has no reference to send through Orleans; " +
                "send a proxy made by a Store (store.Proxy<T>(obj)) or the object itself.");
}
