using System.Collections.Concurrent;
using System.Reflection;

namespace ProxyStore.Orleans;

/// <summary>
/// Which declared types the call filters may replace by proxies (interfaces and
/// <see cref="ProxiableAttribute"/> classes), and making a proxy of a declared type known only
/// at run time.
/// </summary>
internal static class ProxyCandidates
{
    private static readonly ConcurrentDictionary<Type, Func<Store, object, bool, CancellationToken, ValueTask<object>>> Makers = new();
    private static readonly ConcurrentDictionary<MethodInfo, Type?> ResultTypes = new();
    private static readonly ConcurrentDictionary<MethodInfo, ParameterInfo[]> Parameters = new();

    public static bool IsCandidate(Type declared) =>
        declared.IsInterface || declared.IsDefined(typeof(ProxiableAttribute), inherit: false);

    /// <summary>Whether a value of <paramref name="declared"/> could be a reference at all (value types never become proxies, so the policy is not asked about them).</summary>
    public static bool IsReferenceType(Type declared) => !declared.IsValueType && !declared.IsPointer && !declared.IsByRef;

    public static ParameterInfo[] ParametersOf(MethodInfo method) => Parameters.GetOrAdd(method, static m => m.GetParameters());

    /// <summary>The T of a method returning Task&lt;T&gt; or ValueTask&lt;T&gt; (or T itself); null for Task, ValueTask and void.</summary>
    public static Type? ResultTypeOf(MethodInfo method) => ResultTypes.GetOrAdd(method, static m =>
    {
        Type type = m.ReturnType;
        if (type == typeof(void) || type == typeof(Task) || type == typeof(ValueTask))
        {
            return null;
        }

        if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            return type.GetGenericArguments()[0];
        }

        return type;
    });

    public static ValueTask<object> ProxyAsync(Store store, Type declared, object value, bool evict, CancellationToken cancellationToken) =>
        Makers.GetOrAdd(declared, static type =>
            typeof(ProxyCandidates).GetMethod(nameof(ProxyAsAsync), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(type)
                .CreateDelegate<Func<Store, object, bool, CancellationToken, ValueTask<object>>>())(store, value, evict, cancellationToken);

    // Uncached: the callee reads the object once, and the filter evicts it when the call completes,
    // so a cache entry would only cost a copy of it.
    private static async ValueTask<object> ProxyAsAsync<T>(Store store, object value, bool evict, CancellationToken cancellationToken)
        where T : class =>
        await store.ProxyAsync((T)value, evict, cache: false, populateTarget: null, lifetime: null, cancellationToken).ConfigureAwait(false);
}
