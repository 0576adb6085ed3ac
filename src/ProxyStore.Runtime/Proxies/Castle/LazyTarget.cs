using System.Diagnostics;

namespace ProxyStore;

/// <summary>
/// The target of a runtime-generated proxy: resolved at most once under any concurrency,
/// with <c>factory.call</c> timed around the factory's resolution. A failed resolution
/// leaves it unresolved, so the next use tries again; a resolution whose <c>factory.call</c>
/// could not be recorded leaves it resolved (the failure still reaches that use).
/// </summary>
internal sealed class LazyTarget<T>
    where T : class
{
    private readonly Lock _gate = new();
    private T? _target;

    public LazyTarget(ProxyFactory<T> factory, T? target)
    {
        Factory = factory;
        _target = target;
    }

    public ProxyFactory<T> Factory { get; }

    public bool IsResolved => Volatile.Read(ref _target) is not null;

    public T Value => Volatile.Read(ref _target) ?? ResolveSlow();

    private T ResolveSlow()
    {
        lock (_gate)
        {
            T? target = _target;
            if (target is null)
            {
                long start = Stopwatch.GetTimestamp();
                target = Factory.Resolve();

                // Kept before recording: a resolution that evicted the object cannot be repeated,
                // so a failure to record reaches the caller but never costs the target.
                Volatile.Write(ref _target, target);
                Factory.RecordCall(start);
            }

            return target;
        }
    }
}
