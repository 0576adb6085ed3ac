using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace ProxyStore;

/// <summary>
/// The process-wide <see cref="Meter"/> and <see cref="ActivitySource"/> named
/// <c>ProxyStore</c>. Unlike <see cref="StoreMetrics"/>, which is local to one store
/// instance, they feed whatever collector the application attaches (dotnet-counters,
/// OpenTelemetry, a <see cref="MeterListener"/>). With nothing attached they cost one
/// flag check per operation.
/// </summary>
public static class StoreTelemetry
{
    /// <summary>The name of the meter and of the activity source.</summary>
    public const string Name = "ProxyStore";

    /// <summary>The tag holding the store's name.</summary>
    public const string StoreTag = "proxystore.store";

    /// <summary>The tag holding the operation's metric name, such as <c>store.get</c>.</summary>
    public const string OperationTag = "proxystore.operation";

    /// <summary>The tag holding the key an activity works on.</summary>
    public const string KeyTag = "proxystore.key";

    internal static readonly Meter Meter = new(Name, typeof(StoreTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Spans for puts, gets, proxies and proxy resolutions.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name, typeof(StoreTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Histogram<double> OperationDuration = Meter.CreateHistogram<double>(
        "proxystore.operation.duration", "ms", "Duration of each timed store and factory operation, named as in the metrics guide.");

    internal static readonly Counter<long> CacheHits = Meter.CreateCounter<long>("proxystore.cache.hits", "{get}", "Gets served from a store's cache.");

    internal static readonly Counter<long> CacheMisses = Meter.CreateCounter<long>("proxystore.cache.misses", "{get}", "Gets that went to the connector.");

    internal static readonly Counter<long> BytesPut = Meter.CreateCounter<long>("proxystore.bytes.put", "By", "Serialized bytes written by puts and batch puts.");

    internal static readonly Counter<long> BytesGot = Meter.CreateCounter<long>("proxystore.bytes.got", "By", "Serialized bytes read by gets that found an object.");

    /// <summary>Whether any listener wants the meter's measurements.</summary>
    /// <remarks>Inlined: with nobody listening it is a few loads and no call.</remarks>
#if PROXYSTORE_NO_TELEMETRY || PROXYSTORE_NO_METER
    // A build without telemetry or without the meter, for the benchmark that measures what
    // they cost when nobody listens (-p:ProxyStoreTelemetry=false, -p:ProxyStoreMeter=false).
    internal static bool MetersEnabled => false;

    internal static bool GetMetersEnabled => false;
#else
    internal static bool MetersEnabled
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => OperationDuration.Enabled || CacheHits.Enabled || CacheMisses.Enabled || BytesPut.Enabled || BytesGot.Enabled;
    }

    /// <summary>
    /// Whether a listener wants what a cache hit records: its duration or the hit count. A
    /// hit costs tens of nanoseconds, so it asks only about the two instruments it feeds; a
    /// miss asks <see cref="MetersEnabled"/> as it records.
    /// </summary>
    internal static bool GetMetersEnabled
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => OperationDuration.Enabled || CacheHits.Enabled;
    }
#endif

    internal static void RecordDuration(string store, string operation, Duration duration)
    {
        if (OperationDuration.Enabled)
        {
            OperationDuration.Record(
                duration.TotalMilliseconds,
                new KeyValuePair<string, object?>(StoreTag, store),
                new KeyValuePair<string, object?>(OperationTag, operation));
        }
    }

    internal static void RecordCount(string store, CounterMetric counter, long value)
    {
        Counter<long> instrument = counter == CounterMetric.GetCacheHits ? CacheHits : CacheMisses;
        if (instrument.Enabled)
        {
            instrument.Add(value, new KeyValuePair<string, object?>(StoreTag, store));
        }
    }

    internal static void RecordSize(string store, SizeMetric attribute, long bytes)
    {
        Counter<long> instrument = attribute == SizeMetric.GetObjectSize ? BytesGot : BytesPut;
        if (instrument.Enabled)
        {
            instrument.Add(bytes, new KeyValuePair<string, object?>(StoreTag, store));
        }
    }

    /// <summary>Whether anyone listens to the activity source, so that operations start spans.</summary>
#if PROXYSTORE_NO_TELEMETRY
    internal static bool Tracing => false;
#else
    internal static bool Tracing
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ActivitySource.HasListeners();
    }
#endif

    /// <summary>Starts a span for <paramref name="operation"/> on <paramref name="key"/>, or returns null when nobody listens.</summary>
    /// <remarks>Inlined, so that with nobody listening an operation pays one check and no call.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Activity? StartActivity(string operation, string store, StoreKey? key = null)
    {
#if PROXYSTORE_NO_TELEMETRY
        return null;
#else
        return ActivitySource.HasListeners() ? StartActivityCore(operation, store, key, link: default) : null;
#endif
    }

    /// <summary>
    /// Starts a span for <paramref name="operation"/> linked to the span whose W3C id is
    /// <paramref name="traceParent"/> (none if it is null or not an id), or returns null when nobody listens.
    /// </summary>
    internal static Activity? StartLinkedActivity(string operation, string store, StoreKey key, string? traceParent)
    {
#if PROXYSTORE_NO_TELEMETRY
        return null;
#else
        if (!ActivitySource.HasListeners())
        {
            return null;
        }

        return StartActivityCore(operation, store, key, ActivityContext.TryParse(traceParent, null, out ActivityContext link) ? link : default);
#endif
    }

    /// <summary>
    /// Marks the current span, if it is one of ProxyStore's, as failed with <paramref name="error"/>:
    /// an error status with the exception's message, and an exception event.
    /// </summary>
    internal static void RecordError(Exception error) => Failed(Activity.Current, error);

    /// <summary>
    /// Marks <paramref name="activity"/>, if it is one of ProxyStore's spans, as failed with
    /// <paramref name="error"/> (once: a span already failed keeps its first error). An exception
    /// filter for an operation whose span encloses others' (a proxy's encloses its put): it
    /// returns false, so it never catches.
    /// </summary>
    internal static bool Failed(Activity? activity, Exception error)
    {
#if !PROXYSTORE_NO_TELEMETRY
        if (activity is not null && ReferenceEquals(activity.Source, ActivitySource) && activity.IsAllDataRequested
            && activity.Status != ActivityStatusCode.Error && error is not OperationCanceledException)
        {
            activity.SetStatus(ActivityStatusCode.Error, error.Message);
            activity.AddException(error);
        }
#endif
        return false;
    }

    private static Activity? StartActivityCore(string operation, string store, StoreKey? key, ActivityContext link)
    {
        Activity? activity = link == default
            ? ActivitySource.StartActivity(operation, ActivityKind.Internal)
            : ActivitySource.StartActivity(operation, ActivityKind.Internal, parentContext: default, links: [new ActivityLink(link)]);
        if (activity is not null)
        {
            activity.SetTag(StoreTag, store);
            if (key is not null)
            {
                activity.SetTag(KeyTag, key.ToString());
            }
        }

        return activity;
    }
}
