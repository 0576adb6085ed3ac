using System.ComponentModel;
using System.Diagnostics;

namespace ProxyStore;

/// <summary>
/// The target slot of a proxy, shared by generated proxies and the Castle fallback: resolves
/// the target at most once under any mix of synchronous and asynchronous callers, with
/// <c>factory.call</c> timed around the factory's resolution and recorded once.
/// </summary>
/// <remarks>
/// <para>Infrastructure for code the ProxyStore source generator emits; not meant to be used directly.</para>
/// <para>One resolution runs at a time, as a task the other callers wait for: synchronous callers
/// block on it (they would block on the store anyway), asynchronous callers await it, so no thread
/// is held while an asynchronous resolution waits for the store. A failed resolution leaves the slot
/// unresolved and fails the callers that waited for it; the next use tries again. A resolution that
/// a caller's token cancelled is retried by the other waiters, whose tokens did not ask for it. A
/// resolution whose <c>factory.call</c> could not be recorded leaves the slot resolved (the failure
/// reaches only the caller that resolved).</para>
/// </remarks>
/// <typeparam name="T">The proxied type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ProxyTarget<T>
    where T : class
{
    private readonly Lock _gate = new();
    private T? _target;

    // The resolution in flight, or null; guarded by _gate.
    private Task<T>? _pending;

    // The thread running a synchronous resolution, or 0: a use of the proxy from inside its own
    // resolution would otherwise wait for itself forever.
    private int _resolvingThread;

    /// <summary>Creates a slot.</summary>
    /// <param name="factory">The factory that resolves the target.</param>
    /// <param name="target">The target when it is known already, so the slot starts out resolved; else null.</param>
    public ProxyTarget(ProxyFactory<T> factory, T? target)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Factory = factory;
        _target = target;
    }

    /// <summary>The factory that resolves the target.</summary>
    public ProxyFactory<T> Factory { get; }

    /// <summary>Whether the slot holds its target.</summary>
    public bool IsResolved => Volatile.Read(ref _target) is not null;

    /// <summary>The target, resolving it first (blocking) if needed.</summary>
    /// <exception cref="ProxyResolveException">The target cannot be resolved.</exception>
    public T Value => Volatile.Read(ref _target) ?? ResolveSlow();

    /// <summary>The target, resolving it first without blocking a thread if needed.</summary>
    /// <param name="cancellationToken">Stops this caller's wait; a cancelled resolution leaves the slot unresolved.</param>
    /// <exception cref="ProxyResolveException">The target cannot be resolved.</exception>
    public ValueTask<T> GetAsync(CancellationToken cancellationToken = default) =>
        Volatile.Read(ref _target) is { } target ? new ValueTask<T>(target) : new ValueTask<T>(ResolveSlowAsync(cancellationToken));

    /// <summary>Resolves the target without blocking a thread, if it is not resolved already.</summary>
    /// <param name="cancellationToken">Stops this caller's wait; a cancelled resolution leaves the slot unresolved.</param>
    /// <exception cref="ProxyResolveException">The target cannot be resolved.</exception>
    public ValueTask ResolveAsync(CancellationToken cancellationToken = default) =>
        Volatile.Read(ref _target) is not null ? default : new ValueTask(ResolveSlowAsync(cancellationToken));

    private T ResolveSlow()
    {
        while (true)
        {
            if (TryStart(out TaskCompletionSource<T>? owned, out Task<T>? pending) is { } done)
            {
                return done;
            }

            if (owned is not null)
            {
                long start = Stopwatch.GetTimestamp();
                T target;
                Volatile.Write(ref _resolvingThread, Environment.CurrentManagedThreadId);
                try
                {
                    target = Factory.Resolve();
                }
                catch (Exception e)
                {
                    Volatile.Write(ref _resolvingThread, 0);
                    Fail(owned, e);
                    throw;
                }

                Volatile.Write(ref _resolvingThread, 0);
                Complete(owned, target, start);
                return target;
            }

            if (Volatile.Read(ref _resolvingThread) == Environment.CurrentManagedThreadId)
            {
                throw new InvalidOperationException(
                    $"The proxy of {typeof(T).Name} was used while it was being resolved, by its own resolution ({Factory}); " +
                    "a proxy cannot be used before its target exists.");
            }

            try
            {
                return pending!.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                // Another caller's token cancelled that resolution; this caller did not ask for it.
            }
        }
    }

    private async Task<T> ResolveSlowAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TryStart(out TaskCompletionSource<T>? owned, out Task<T>? pending) is { } done)
            {
                return done;
            }

            if (owned is not null)
            {
                long start = Stopwatch.GetTimestamp();
                T target;
                try
                {
                    target = await Factory.ResolveAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    Fail(owned, e);
                    throw;
                }

                Complete(owned, target, start);
                return target;
            }

            try
            {
                return await pending!.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Another caller's token cancelled that resolution; this caller did not ask for it.
            }
        }
    }

    /// <summary>The target if resolved; else either this caller owns a new resolution (<paramref name="owned"/>) or waits for <paramref name="pending"/>.</summary>
    private T? TryStart(out TaskCompletionSource<T>? owned, out Task<T>? pending)
    {
        lock (_gate)
        {
            owned = null;
            pending = _pending;
            if (_target is { } target)
            {
                return target;
            }

            if (pending is null)
            {
                // Waiters' continuations run on the pool, not inline in the resolving caller.
                owned = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
                _pending = owned.Task;
            }

            return null;
        }
    }

    private void Complete(TaskCompletionSource<T> owned, T target, long start)
    {
        // Kept before recording: a resolution that evicted the object cannot be repeated, so a
        // failure to record reaches this caller but never costs the target. Waiters are released
        // after the recording, so a finished wait always sees factory.call recorded.
        Volatile.Write(ref _target, target);
        try
        {
            Factory.RecordCall(start);
        }
        finally
        {
            lock (_gate)
            {
                _pending = null;
            }

            owned.SetResult(target);
        }
    }

    private void Fail(TaskCompletionSource<T> owned, Exception e)
    {
        lock (_gate)
        {
            _pending = null;
        }

        if (e is OperationCanceledException)
        {
            owned.SetCanceled();
        }
        else
        {
            owned.SetException(e);

            // The resolving caller rethrows e itself; with no waiter, the task's copy would
            // otherwise surface again as an unobserved task exception.
            _ = owned.Task.Exception;
        }
    }
}
