namespace ProxyStore.Generators.Tests.Runtime.Types;

/// <summary>A generic interface: its proxy is registered as an open generic type.</summary>
[Proxiable]
public interface IRepository<T>
    where T : class
{
    int Count { get; }

    T? Find(string id);

    void Add(T item);

    IReadOnlyList<T> All();

    TResult Aggregate<TResult>(TResult seed, Func<TResult, T, TResult> step);
}
