using ProxyStore.Generators.Tests.Infrastructure;

namespace ProxyStore.Generators.Tests;

/// <summary>
/// The exact generated source for each member kind, checked in under <c>Snapshots/</c>, so any
/// change to the output is reviewed. Each case also proves that its input and the generated
/// code compile without a warning, with nullable enabled.
/// </summary>
public sealed class SnapshotTests
{
    [Fact]
    public void InterfaceMethods()
    {
        const string source = """
            using System;
            using System.Collections.Generic;
            using System.Diagnostics.CodeAnalysis;
            using System.Threading;
            using System.Threading.Tasks;
            using ProxyStore;

            namespace Demo
            {
                [Proxiable]
                public interface ICalculator
                {
                    int Add(int a, int b);
                    void Reset();
                    T Echo<T>(T value) where T : notnull;
                    TResult Convert<TSource, TResult>(TSource source) where TSource : class, IComparable<TSource>? where TResult : struct;
                    T Create<T>() where T : new();
                    T? FirstOrDefault<T>(IEnumerable<T> items);
                    bool TryParse(string text, out int value);
                    bool TryGet(string key, [MaybeNullWhen(false)] out string value);
                    void Swap(ref int a, ref int b);
                    double Scale(in double value, double factor = 2.5);
                    int Sum(params int[] values);
                    string Describe(string? prefix = null, int count = 3, bool loud = false, DayOfWeek day = DayOfWeek.Monday, char mark = 'x', float ratio = 1.5f, long offset = -1, decimal price = 1.25m, CancellationToken cancellationToken = default);
                    ref int Slot(int index);
                    ref readonly int ReadSlot(int index);
                    Task<int> ComputeAsync(int input, CancellationToken cancellationToken = default);
                    ValueTask FlushAsync();
                    IAsyncEnumerable<int> StreamAsync(int count);
                    string? Find(int @class);
                    [return: NotNullIfNotNull(nameof(fallback))]
                    string? OrElse(string? fallback);
                }
            }
            """;

        Snapshot.Verify(nameof(InterfaceMethods), GeneratorHarness.Run(source).AssertClean().Sources);
    }

    [Fact]
    public void InterfacePropertiesIndexersAndEvents()
    {
        const string source = """
            using System;
            using System.Collections.Generic;
            using System.Diagnostics.CodeAnalysis;
            using ProxyStore;

            namespace Demo
            {
                public delegate void ChangedHandler(object sender, string name);

                [Proxiable]
                public interface IDocument
                {
                    string Title { get; set; }
                    int Length { get; }
                    string Id { get; init; }
                    string? Subtitle { get; set; }
                    int Revision { set; }
                    [AllowNull] string Author { get; set; }
                    ref int Current { get; }
                    IReadOnlyList<string> Tags { get; }
                    string this[int index] { get; set; }
                    int this[string key, int fallback] { get; }
                    event EventHandler? Saved;
                    event EventHandler<string>? Renamed;
                    event ChangedHandler Changed;
                }
            }
            """;

        Snapshot.Verify(nameof(InterfacePropertiesIndexersAndEvents), GeneratorHarness.Run(source).AssertClean().Sources);
    }

    [Fact]
    public void InterfaceInheritanceAndCollisions()
    {
        const string source = """
            using System;
            using ProxyStore;

            namespace Demo
            {
                public interface INamed { string Name { get; } void Run(); }
                public interface ILabelled { int Name { get; } void Run(); string Label { get; } }
                public interface IValue<T> { T Value { get; set; } T Get(); }
                public interface IRoot { int Id { get; } }
                public interface ILeft : IRoot { }
                public interface IRight : IRoot { }
                public interface IGreeter { string Greet(string name) => "Hello " + name; }

                [Proxiable]
                public interface IEntity : INamed, ILabelled, IValue<string>, IValue<int>, ILeft, IRight, IGreeter
                {
                    string ToString();
                    bool Equals(object? other);
                    int GetHashCode();
                    Type GetType();
                    string ToString(string format);
                    int EntityProxy { get; }
                    int __target { get; }
                    new string Label { get; }
                }
            }
            """;

        Snapshot.Verify(nameof(InterfaceInheritanceAndCollisions), GeneratorHarness.Run(source).AssertClean().Sources);
    }

    [Fact]
    public void GenericInterface()
    {
        const string source = """
            using System;
            using System.Collections.Generic;
            using ProxyStore;

            namespace Demo.Data
            {
                [Proxiable]
                public interface IRepository<TKey, TValue>
                    where TKey : notnull, IEquatable<TKey>
                    where TValue : class
                {
                    TValue? Find(TKey key);
                    void Add(TKey key, TValue value);
                    IReadOnlyDictionary<TKey, TValue> All { get; }
                    TValue this[TKey key] { get; }
                    TResult Map<TResult>(TKey key, Func<TValue, TResult> map) where TResult : struct;
                }

                [Proxiable]
                internal interface IProducer<out T>
                {
                    T Produce();
                }
            }
            """;

        Snapshot.Verify(nameof(GenericInterface), GeneratorHarness.Run(source).AssertClean().Sources);
    }

    [Fact]
    public void ClassProxy()
    {
        const string source = """
            using System;
            using System.Collections.Generic;
            using ProxyStore;

            namespace Demo
            {
                public abstract class Shape
                {
                    public abstract double Area { get; }
                    public virtual string Name { get; set; } = "shape";
                    public override string ToString() => Name;
                    protected abstract void Validate();
                    protected virtual void OnChanged() { }
                }

                [Proxiable]
                public class Circle : Shape
                {
                    public Circle(double radius, string? label) { Radius = radius; }
                    protected Circle() { }
                    public virtual double Radius { get; set; }
                    public override double Area => Math.PI * Radius * Radius;
                    public sealed override string Name { get => base.Name; set => base.Name = value; }
                    public virtual string Id { get; init; } = "";
                    public virtual int Version { get; protected set; }
                    public virtual T Convert<T>(Func<double, T> convert) where T : struct => convert(Radius);
                    public virtual T? Pick<T>(IEnumerable<T> items) where T : class => null;
                    public virtual void Scale(ref double factor, out double result, double offset = 0.5) { result = Radius * factor + offset; }
                    public virtual event EventHandler? Resized;
                    public void Resize(double radius) { Radius = radius; Resized?.Invoke(this, EventArgs.Empty); }
                    internal virtual int Internal() => 1;
                    protected internal virtual int Shared() => 2;
                    public int NotVirtual() => 3;
                    protected override void Validate() { }
                    public virtual string this[int index] => index.ToString();
                    public override bool Equals(object? obj) => obj is Circle c && c.Radius == Radius;
                    public override int GetHashCode() => Radius.GetHashCode();
                }

                [Proxiable]
                public abstract class Template<T> where T : class, new()
                {
                    public abstract T Create();
                    protected abstract int Hidden();
                    public required virtual string Key { get; set; }
                }
            }
            """;

        Snapshot.Verify(nameof(ClassProxy), GeneratorHarness.Run(source).AssertClean().Sources);
    }

    [Fact]
    public void NestedInternalAndGlobalNamespace()
    {
        const string source = """
            using ProxyStore;

            [Proxiable]
            public interface IGlobalThing
            {
                int Value { get; }
            }

            namespace Demo
            {
                public class Outer
                {
                    [Proxiable]
                    public interface IInner { string Name { get; } }
                }

                internal static class Holder
                {
                    [Proxiable]
                    internal interface IHidden { void Ping(); }
                }

                public class Box<T>
                {
                    [Proxiable]
                    public interface IContent { T Value { get; } }
                }

                [Proxiable]
                internal interface Item { int Count { get; } }
            }

            namespace Demo.@class
            {
                [Proxiable]
                public interface IKeyword { int Count { get; } }
            }
            """;

        Snapshot.Verify(nameof(NestedInternalAndGlobalNamespace), GeneratorHarness.Run(source).AssertClean().Sources);
    }
}
