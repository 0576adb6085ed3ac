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
        Snapshot.Verify(nameof(InterfaceMethods), GeneratorHarness.Run(SnapshotInputs.InterfaceMethods).AssertClean().Sources);
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
        Snapshot.Verify(nameof(GenericInterface), GeneratorHarness.Run(SnapshotInputs.GenericInterface).AssertClean().Sources);
    }

    [Fact]
    public void ClassProxy()
    {
        Snapshot.Verify(nameof(ClassProxy), GeneratorHarness.Run(SnapshotInputs.ClassProxy).AssertClean().Sources);
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
