namespace ProxyStore.Tests.Proxying;

[ProxyStore.Storable]
public sealed class AsyncDataset : IAsyncDataset
{
    public string Name { get; set; } = "";

    public List<int> Values { get; set; } = [];

    public int Sum() => Values.Sum();

    public async Task<int> SumAsync(CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        return Sum();
    }

    public ValueTask<string> NameAsync() => new(Name);

    public Task TouchAsync() => Task.CompletedTask;

    public ValueTask ValidateAsync() =>
        Values.Count > 0 ? default : ValueTask.FromException(new InvalidOperationException($"Dataset {Name} is empty."));

    public async IAsyncEnumerable<int> ValuesAsync()
    {
        foreach (int value in Values)
        {
            await Task.Yield();
            yield return value;
        }
    }

    public static AsyncDataset Sample(string name = "sample") => new() { Name = name, Values = [0, 1, 2, 3, 4, 5] };
}
