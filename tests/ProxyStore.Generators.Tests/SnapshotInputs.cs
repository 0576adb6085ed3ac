namespace ProxyStore.Generators.Tests;

/// <summary>
/// Inputs of the snapshot cases that two kinds of test run: <see cref="SnapshotTests"/> (the
/// harness and the files under <c>Snapshots/</c>) and <see cref="GeneratedSourceTests"/> (the
/// Roslyn source-generator testing package against the same files). Shared, so the two cannot
/// drift apart.
/// </summary>
internal static class SnapshotInputs
{
    /// <summary>An interface with every method shape: generics and constraints, ref kinds, params, defaults, async returns.</summary>
    public const string InterfaceMethods = """
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

    /// <summary>Generic interfaces, public and internal, with constraints and variance.</summary>
    public const string GenericInterface = """
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

    /// <summary>Classes with virtual, abstract, sealed-override and non-virtual members, and constructors.</summary>
    public const string ClassProxy = """
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
}
