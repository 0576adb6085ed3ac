using System.Collections;
using System.Reflection;

namespace ProxyStore.Orleans;

/// <summary>The cheap size estimate of <see cref="ProxyLargerThan"/>; see there for what it counts.</summary>
internal static class SizeEstimate
{
    private const int MaxDepth = 2;

    // Large collections of objects are sampled: a policy must not walk millions of elements per call.
    private const int SampledElements = 64;

    public static long Of(object value) => Of(value, MaxDepth);

    private static long Of(object? value, int depth)
    {
        switch (value)
        {
            case null:
                return 0;
            case string s:
                return (long)s.Length * sizeof(char);
            case Array array when array.GetType().GetElementType() is { IsPrimitive: true }:
                return Buffer.ByteLength(array);
            case ICollection collection when depth > 0:
                return Sampled(collection, depth);
            default:
                return value.GetType().IsPrimitive || value.GetType().IsEnum || depth == 0 ? 8 : Members(value, depth);
        }
    }

    private static long Sampled(ICollection collection, int depth)
    {
        int count = collection.Count;
        if (count == 0)
        {
            return 0;
        }

        long sum = 0;
        int seen = 0;
        foreach (object? item in collection)
        {
            sum += Of(item, depth - 1);
            if (++seen == SampledElements)
            {
                break;
            }
        }

        return sum * count / seen;
    }

    private static long Members(object value, int depth)
    {
        long sum = 0;
        Type type = value.GetType();
        foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0 && property.GetMethod is { } getter && !getter.IsStatic)
            {
                sum += Of(property.GetValue(value), depth - 1);
            }
        }

        foreach (FieldInfo field in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
        {
            sum += Of(field.GetValue(value), depth - 1);
        }

        return sum;
    }
}
