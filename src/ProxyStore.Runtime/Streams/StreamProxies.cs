namespace ProxyStore.Streams;

/// <summary>
/// Makes the lazy proxy a consumer hands out for an object in a store, when <typeparamref name="T"/>
/// can have one: consumers accept any <typeparamref name="T"/> (an <c>int</c>, a <c>double[]</c>),
/// and resolve the objects of types without proxies on receipt instead.
/// </summary>
internal static class StreamProxies<T>
{
    /// <summary>Makes a proxy from a key, a store config, the evict flag and the send span's id; null when <typeparamref name="T"/> has no proxies.</summary>
    public static readonly Func<StoreKey, StoreConfig, bool, string?, T>? Create = Build();

    private static Func<StoreKey, StoreConfig, bool, string?, T>? Build()
    {
        Type type = typeof(T);
        if (type.IsValueType || type.IsArray || type == typeof(string) || type.IsPointer || type.IsByRef)
        {
            return null;
        }

        return (Func<StoreKey, StoreConfig, bool, string?, T>?)typeof(StreamProxies<T>)
            .GetMethod(nameof(MakerFor), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(type)
            .Invoke(null, null);
    }

    private static Func<StoreKey, StoreConfig, bool, string?, TClass>? MakerFor<TClass>()
        where TClass : class
    {
        try
        {
            ProxyBuilder.EnsureProxiable<TClass>();
        }
        catch (NonProxiableTypeException)
        {
            return null;
        }

        // The factory's trace parent is the producer's send span, so the resolution links to the send.
        return static (key, config, evict, traceParent) =>
            ProxyBuilder.Create(new StoreFactory<TClass>(key, config, evict) { TraceParent = traceParent });
    }
}
