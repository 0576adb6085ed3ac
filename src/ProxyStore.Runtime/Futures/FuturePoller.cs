using System.Diagnostics;
using ProxyStore.Connectors;

namespace ProxyStore;

/// <summary>
/// Waits for the value of a future's key: a check, then sleeps growing as the
/// <see cref="PollingOptions"/> say, cut short when the connector announces the set
/// (<see cref="ISetNotifier"/>). Records <c>factory.polling_resolve</c> from the first check to
/// the value, as Python ProxyStore's PollingStoreFactory does.
/// </summary>
internal static class FuturePoller
{
    /// <summary>The value of <paramref name="key"/>, once set.</summary>
    /// <exception cref="TimeoutException">No value within the timeout; names the key and store.</exception>
    /// <exception cref="StoreFutureException">The producer failed.</exception>
    public static T? Wait<T>(Store store, StoreKey key, PollingOptions polling, TimeSpan? timeout, bool evict)
    {
        long start = Stopwatch.GetTimestamp();
        TimeSpan? limit = timeout ?? polling.Timeout;

        // Not disposed: an announcement may still arrive on a Redis thread after the watch ends,
        // and releasing a disposed semaphore would throw there. It holds no wait handle anyway.
        var signal = new SemaphoreSlim(0);

        // Watching starts before the first check, so a set between the two is never missed.
        using IDisposable? watch = (store.Connector as ISetNotifier)?.WatchSet(key, () => Release(signal));
        TimeSpan interval = polling.Interval;
        while (true)
        {
            if (store.TryGet(key, out T? value))
            {
                if (evict)
                {
                    store.Evict(key);
                }

                Record(store, key, start);
                return value;
            }

            signal.Wait(NextSleep(store, key, start, limit, ref interval, polling));
        }
    }

    /// <summary>Asynchronous <see cref="Wait"/>: sleeps are awaited, no thread is blocked.</summary>
    public static async ValueTask<T?> WaitAsync<T>(Store store, StoreKey key, PollingOptions polling, TimeSpan? timeout, bool evict, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        TimeSpan? limit = timeout ?? polling.Timeout;
        var signal = new SemaphoreSlim(0);
        using IDisposable? watch = store.Connector is ISetNotifier notifier
            ? await notifier.WatchSetAsync(key, () => Release(signal), cancellationToken).ConfigureAwait(false)
            : null;
        TimeSpan interval = polling.Interval;
        while (true)
        {
            (bool found, T? value) = await store.TryGetAsync<T>(key, cancellationToken).ConfigureAwait(false);
            if (found)
            {
                if (evict)
                {
                    await store.EvictAsync(key, cancellationToken).ConfigureAwait(false);
                }

                Record(store, key, start);
                return value;
            }

            await signal.WaitAsync(NextSleep(store, key, start, limit, ref interval, polling), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>How long to sleep now, throwing when the timeout has passed; advances <paramref name="interval"/>.</summary>
    private static TimeSpan NextSleep(Store store, StoreKey key, long start, TimeSpan? limit, ref TimeSpan interval, PollingOptions polling)
    {
        TimeSpan sleep = interval;
        if (limit is { } timeout)
        {
            TimeSpan remaining = timeout - Stopwatch.GetElapsedTime(start);
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException(
                    $"The future '{key}' in store '{store.Name}' has no value after {timeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} s: " +
                    "its producer has not set it (or failed before calling SetResult or SetException).");
            }

            // The last sleep ends at the deadline, so the last check is made there.
            sleep = remaining < sleep ? remaining : sleep;
        }

        interval = polling.Next(interval);
        return sleep;
    }

    private static void Release(SemaphoreSlim signal)
    {
        // One pending wake-up is enough; more would only make later sleeps end early.
        if (signal.CurrentCount == 0)
        {
            signal.Release();
        }
    }

    private static void Record(Store store, StoreKey key, long start) =>
        store.Recorder(MetricsKey.For(key)).Time(TimeMetric.FactoryPollingResolve, start, Stopwatch.GetTimestamp());
}
