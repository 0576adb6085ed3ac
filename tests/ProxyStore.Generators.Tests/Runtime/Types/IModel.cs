using System.Diagnostics.CodeAnalysis;

namespace ProxyStore.Generators.Tests.Runtime.Types;

/// <summary>One member of every kind a generated interface proxy forwards.</summary>
[Proxiable]
public interface IModel
{
    string Name { get; set; }

    string Id { get; init; }

    int Count { get; }

    string this[int index] { get; set; }

    event EventHandler<string>? Renamed;

    int Add(int a, int b);

    T Echo<T>(T value)
        where T : notnull;

    bool TryGetTag(string key, [MaybeNullWhen(false)] out string tag);

    void Swap(ref int a, ref int b);

    double Scale(in double value, double factor = 2.0);

    int Sum(params int[] values);

    string Describe(string prefix = "model");

    ref int Slot(int index);

    void Rename(string name);

    Task<int> CountAsync(CancellationToken cancellationToken = default);

    IAsyncEnumerable<string> ItemsAsync();
}
