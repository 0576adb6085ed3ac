namespace ProxyStore.Tests.Proxying;

/// <summary>An interface with members returning each kind of task, proxied by the Castle fallback.</summary>
public interface IAsyncDataset
{
    int Sum();

    Task<int> SumAsync(CancellationToken cancellationToken = default);

    ValueTask<string> NameAsync();

    Task TouchAsync();

    ValueTask ValidateAsync();

    IAsyncEnumerable<int> ValuesAsync();
}
