using ProxyStore.Orleans;

public static class OrleansPolicies
{
    public static readonly ProxyPolicy None = ProxyNever.Instance;                    // the default
    public static readonly ProxyPolicy All = ProxyAlways.Instance;
    public static readonly ProxyPolicy Lists = new ProxyType<IReadOnlyList<double>>();
    public static readonly ProxyPolicy Large = new ProxyLargerThan(1 << 20);        // an estimate; pass sizeOf for your own measure
    public static readonly ProxyPolicy LargeLists = Lists & Large;
    public static readonly ProxyPolicy ListsOrLarge = Lists | Large;
}
