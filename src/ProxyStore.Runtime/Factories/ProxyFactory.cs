using System.Diagnostics;

namespace ProxyStore;

/// <summary>
/// The base of every factory: resolution (<see cref="Resolve"/>, which records
/// <c>factory.resolve</c>), the outer call (<see cref="Call"/>, which records
/// <c>factory.call</c>), and prefetching. Generated proxies time the call themselves and
/// report it through <see cref="RecordCall"/>.
/// </summary>
/// <typeparam name="T">The type of proxy this factory serves.</typeparam>
public abstract class ProxyFactory<T> : IProxyFactory
    where T : class
{
    private readonly Lock _prefetchGate = new();
    private Prefetch? _prefetch;
    private long _consumedPrefetchStart;

    /// <inheritdoc />
    public Type TargetType => typeof(T);

    /// <summary>
    /// Gets the target: from a prefetch if one was started, otherwise now. Failures are
    /// <see cref="ProxyResolveException"/>s.
    /// </summary>
    public T Resolve()
    {
        Prefetch? prefetch = TakePrefetch();
        if (prefetch is null)
        {
            return ResolveCore();
        }

        try
        {
            T target = prefetch.Task.GetAwaiter().GetResult();
            Volatile.Write(ref _consumedPrefetchStart, prefetch.Start);
            return target;
        }
        catch (OperationCanceledException)
        {
            // A cancelled prefetch was only a head start; resolving now is still wanted.
            return ResolveCore();
        }
    }

    /// <summary>Asynchronous <see cref="Resolve"/>.</summary>
    public async ValueTask<T> ResolveAsync(CancellationToken cancellationToken = default)
    {
        Prefetch? prefetch = TakePrefetch();
        if (prefetch is null)
        {
            return await ResolveCoreAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            T target = await prefetch.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _consumedPrefetchStart, prefetch.Start);
            return target;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return await ResolveCoreAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Resolves the target and records <c>factory.call</c> around it.</summary>
    public T Call()
    {
        long start = Stopwatch.GetTimestamp();
        T target = Resolve();
        RecordCall(start);
        return target;
    }

    /// <inheritdoc />
    object IProxyFactory.Call() => Call();

    /// <inheritdoc />
    /// <remarks>
    /// One prefetch at a time: while one is pending, calling again returns the same task, so
    /// an object the factory evicts on resolution is fetched exactly once.
    /// </remarks>
    public Task PrefetchAsync(CancellationToken cancellationToken = default)
    {
        lock (_prefetchGate)
        {
            if (_prefetch is { } pending)
            {
                return pending.Task;
            }

            long start = Stopwatch.GetTimestamp();
            Task<T> task = Task.Run(() => ResolveCoreAsync(cancellationToken).AsTask(), cancellationToken);
            _prefetch = new Prefetch(task, start);
            return task;
        }
    }

    /// <summary>
    /// Records one <c>factory.call</c> that started at the <see cref="Stopwatch"/> timestamp
    /// <paramref name="startTimestamp"/> and ends now. When the call took a prefetched
    /// object, it counts from the start of the prefetch, so that it still encloses the
    /// <c>factory.resolve</c> that did the work.
    /// </summary>
    /// <remarks>
    /// Call it once after each successful <see cref="Resolve"/> or <see cref="ResolveAsync"/>.
    /// Proxies keep their target before calling it: a resolution may have evicted the object,
    /// so an exception thrown here reaches the caller without costing the target.
    /// </remarks>
    public void RecordCall(long startTimestamp)
    {
        long prefetchStart = Interlocked.Exchange(ref _consumedPrefetchStart, 0);
        RecordCallCore(prefetchStart != 0 && prefetchStart < startTimestamp ? prefetchStart : startTimestamp);
    }

    /// <summary>Records one <c>factory.call</c> from <paramref name="startTimestamp"/> to now.</summary>
    protected abstract void RecordCallCore(long startTimestamp);

    /// <summary>Gets the target, recording <c>factory.resolve</c>.</summary>
    protected abstract T ResolveCore();

    /// <summary>Asynchronous <see cref="ResolveCore"/>.</summary>
    protected abstract ValueTask<T> ResolveCoreAsync(CancellationToken cancellationToken);

    private Prefetch? TakePrefetch()
    {
        lock (_prefetchGate)
        {
            Prefetch? prefetch = _prefetch;
            _prefetch = null;
            return prefetch;
        }
    }

    private sealed record Prefetch(Task<T> Task, long Start);
}
