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
    private Task<T>? _prefetch;

    /// <inheritdoc />
    public Type TargetType => typeof(T);

    /// <summary>
    /// Gets the target: from a prefetch if one was started, otherwise now. Failures are
    /// <see cref="ProxyResolveException"/>s.
    /// </summary>
    public T Resolve()
    {
        Task<T>? prefetch = Interlocked.Exchange(ref _prefetch, null);
        return prefetch is null ? ResolveCore() : prefetch.GetAwaiter().GetResult();
    }

    /// <summary>Asynchronous <see cref="Resolve"/>.</summary>
    public async ValueTask<T> ResolveAsync(CancellationToken cancellationToken = default)
    {
        Task<T>? prefetch = Interlocked.Exchange(ref _prefetch, null);
        return prefetch is null
            ? await ResolveCoreAsync(cancellationToken).ConfigureAwait(false)
            : await prefetch.WaitAsync(cancellationToken).ConfigureAwait(false);
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
    public Task PrefetchAsync(CancellationToken cancellationToken = default)
    {
        Task<T> task = Task.Run(() => ResolveCoreAsync(cancellationToken).AsTask(), cancellationToken);
        Interlocked.Exchange(ref _prefetch, task);
        return task;
    }

    /// <summary>
    /// Records one <c>factory.call</c> that started at the <see cref="Stopwatch"/> timestamp
    /// <paramref name="startTimestamp"/> and ends now.
    /// </summary>
    public abstract void RecordCall(long startTimestamp);

    /// <summary>Gets the target, recording <c>factory.resolve</c>.</summary>
    protected abstract T ResolveCore();

    /// <summary>Asynchronous <see cref="ResolveCore"/>.</summary>
    protected abstract ValueTask<T> ResolveCoreAsync(CancellationToken cancellationToken);
}
