using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace ProxyStore.Generators.Tests.Runtime.Types;

/// <summary>A JSON-round-trippable target of <see cref="IModel"/>.</summary>
public sealed class SampleModel : IModel
{
    public event EventHandler<string>? Renamed;

    public string Name { get; set; } = string.Empty;

    public string Id { get; init; } = string.Empty;

    public List<string> Items { get; set; } = [];

    public Dictionary<string, string> Tags { get; set; } = [];

    public int[] Slots { get; set; } = new int[4];

    [JsonIgnore]
    public int Count => Items.Count;

    public string this[int index]
    {
        get => Items[index];
        set => Items[index] = value;
    }

    public int Add(int a, int b) => a + b;

    public T Echo<T>(T value)
        where T : notnull => value;

    public bool TryGetTag(string key, [MaybeNullWhen(false)] out string tag) => Tags.TryGetValue(key, out tag);

    public void Swap(ref int a, ref int b) => (a, b) = (b, a);

    public double Scale(in double value, double factor = 2.0) => value * factor;

    public int Sum(params int[] values) => values.Sum();

    public string Describe(string prefix = "model") => $"{prefix}:{Name}";

    public ref int Slot(int index) => ref Slots[index];

    public void Rename(string name)
    {
        Name = name;
        Renamed?.Invoke(this, name);
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        return Items.Count;
    }

    public async IAsyncEnumerable<string> ItemsAsync()
    {
        foreach (string item in Items)
        {
            await Task.Yield();
            yield return item;
        }
    }
}
