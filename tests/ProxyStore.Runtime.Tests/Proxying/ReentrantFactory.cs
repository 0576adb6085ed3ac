namespace ProxyStore.Tests.Proxying;

/// <summary>A factory whose resolution uses the proxy it resolves, as a careless serializer or logger might.</summary>
internal sealed class ReentrantFactory : ProxyFactory<IDataset>
{
    public IDataset? Proxy { get; set; }

    protected override IDataset ResolveCore()
    {
        _ = Proxy!.Sum();
        return ProxyTestStore.SampleData();
    }

    protected override ValueTask<IDataset> ResolveCoreAsync(CancellationToken cancellationToken) => ValueTask.FromResult(ResolveCore());

    protected override void RecordCallCore(long startTimestamp)
    {
    }
}
