namespace ProxyStore.Generators.Tests.Runtime.Types;

/// <summary>A person.</summary>
public sealed record Person(string Id, string Name);

/// <summary>A target of <see cref="IRepository{T}"/> closed over <see cref="Person"/>.</summary>
public sealed class PersonRepository : IRepository<Person>
{
    public List<Person> People { get; set; } = [];

    public int Count => People.Count;

    public Person? Find(string id) => People.FirstOrDefault(p => p.Id == id);

    public void Add(Person item) => People.Add(item);

    public IReadOnlyList<Person> All() => People;

    public TResult Aggregate<TResult>(TResult seed, Func<TResult, Person, TResult> step) => People.Aggregate(seed, step);
}
