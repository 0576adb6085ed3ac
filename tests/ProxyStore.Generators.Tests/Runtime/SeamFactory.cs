namespace ProxyStore.Generators.Tests.Runtime;

/// <summary>
/// A factory around a real <see cref="StoreFactory{T}"/> with hooks at the seam between
/// resolving and recording <c>factory.call</c>: it can change the registry right after a
/// resolution, or fail to record.
/// </summary>
internal sealed class SeamFactory<T> : ProxyFactory<T>
    where T : class
{
    public SeamFactory(StoreFactory<T> inner)
    {
        Inner = inner;
    }

    public StoreFactory<T> Inner { get; }

    /// <summary>Runs after every successful resolution, before <c>factory.call</c> is recorded.</summary>
    public Action? AfterResolve { get; init; }

    /// <summary>Whether recording <c>factory.call</c> throws <see cref="RecordingFailedException"/>.</summary>
    public bool FailRecording { get; init; }

    public int Resolutions { get; private set; }

    protected override T ResolveCore()
    {
        T target = Inner.Resolve();
        Resolutions++;
        AfterResolve?.Invoke();
        return target;
    }

    protected override async ValueTask<T> ResolveCoreAsync(CancellationToken cancellationToken)
    {
        T target = await Inner.ResolveAsync(cancellationToken);
        Resolutions++;
        AfterResolve?.Invoke();
        return target;
    }

    protected override void RecordCallCore(long startTimestamp)
    {
        if (FailRecording)
        {
            throw new RecordingFailedException();
        }

        Inner.RecordCall(startTimestamp);
    }
}
