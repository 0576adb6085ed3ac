using ProxyStore.Generators.Tests.Infrastructure;

namespace ProxyStore.Generators.Tests;

/// <summary>
/// Shapes of proxied types that are easy to get wrong: each must produce a proxy that compiles
/// without a single warning, with nullable enabled. Their output is checked in too, under
/// <c>Snapshots/EdgeCases/</c>.
/// </summary>
public sealed class GeneratedCodeCompilesTests
{
    public static TheoryData<string, string> Cases => new()
    {
        {
            "ExplicitGenericMethods",
            """
            public interface IA { T? Get<T>(); T? GetClass<T>() where T : class; T GetStruct<T>() where T : struct; U Pick<U>(U value) where U : System.IComparable<U>; }
            public interface IB { T? Get<T>(); T? GetClass<T>() where T : class; T GetStruct<T>() where T : struct; U Pick<U>(U value) where U : System.IComparable<U>; }
            [Proxiable] public interface IModel : IA, IB { }
            """
        },
        {
            "ClassGenericOverrides",
            """
            [Proxiable] public class Model
            {
                public virtual T? A<T>() => default;
                public virtual T B<T>(T value) where T : notnull => value;
                public virtual T C<T>(T value) where T : System.IComparable<T> => value;
                public virtual T? D<T>() where T : System.Exception => null;
                public virtual T E<T>() where T : unmanaged => default;
                public virtual T F<T>() where T : new() => new T();
            }
            """
        },
        {
            "SpansAndScopedRefs",
            """
            using System;
            [Proxiable] public interface IModel
            {
                int Count(params ReadOnlySpan<string> items);
                void Fill(Span<int> buffer);
                void Copy(scoped ref Span<int> destination, scoped ReadOnlySpan<int> source);
                int Read(ref readonly int value);
                ReadOnlySpan<char> Trim(ReadOnlySpan<char> text);
            }
            """
        },
        {
            "UnsafePointers",
            """
            [Proxiable] public unsafe interface IModel
            {
                int* Address(int* value);
                delegate*<int, int> Function { get; }
            }
            """
        },
        {
            "ObsoleteMembers",
            """
            using System;
            [Proxiable] public interface IModel { [Obsolete("old")] int Old(); [Obsolete] int OldProperty { get; } }
            [Proxiable] public class OldModel { [Obsolete("old")] public virtual int Old() => 1; }
            """
        },
        {
            "InterfaceAndClassSameName",
            """
            [Proxiable] public interface IModel { int Value { get; } }
            [Proxiable] public class Model : IModel { public virtual int Value => 1; }
            """
        },
        {
            "StaticAndDefaultMembers",
            """
            [Proxiable] public interface IModel
            {
                static int Shared => 1;
                static virtual int Create() => 2;
                int Twice(int x) => x * 2;
                sealed int Thrice(int x) => x * 3;
            }
            """
        },
        {
            "NullableAttributes",
            """
            using System.Diagnostics.CodeAnalysis;
            [Proxiable] public interface IModel
            {
                bool TryFind(string key, [NotNullWhen(true)] out string? value);
                [DoesNotReturn] void Fail(string message);
                void Check([DoesNotReturnIf(false)] bool condition);
                [return: MaybeNull] string Maybe();
                void Ensure([NotNull] ref string? value);
                [DisallowNull] string? Strict { get; set; }
                [MaybeNull] string Loose { get; }
            }
            """
        },
        {
            "TuplesDynamicArrays",
            """
            using System.Collections.Generic;
            [Proxiable] public interface IModel
            {
                (int Count, string? Name) Describe((int a, int b) pair);
                dynamic Dynamic(dynamic value);
                int[,][] Jagged(string?[]? names);
                Dictionary<string, List<(int X, int Y)>> Map { get; }
                int? Maybe(int? value = 5, string? text = "\"quoted\"\n");
            }
            """
        },
        {
            "CallerInfoAndKeywords",
            """
            using System.Runtime.CompilerServices;
            [Proxiable] public interface IModel
            {
                string Where([CallerMemberName] string member = "", [CallerLineNumber] int line = 0);
                int @event(int @class, string @string);
                int @params { get; }
            }
            public interface IOther { string Where([CallerMemberName] string member = ""); }
            [Proxiable] public interface ICollide : IModel, IOther { }
            """
        },
        {
            "ClassConstructorsAndProtected",
            """
            using System;
            public abstract class Base
            {
                protected Base(int id, string name, ReadOnlySpan<int> span, in double value) { }
                public sealed override string ToString() => "base";
                protected abstract int Secret { get; set; }
                protected abstract event EventHandler? Happened;
                public abstract ref int Slot(int i);
            }
            [Proxiable] public abstract class Model : Base
            {
                // The proxy calls only a parameterless constructor, never one with made-up arguments.
                protected Model() : base(0, "proxy", default, 0.0) { }
                protected Model(int id, string name) : base(id, name, default, 1.0) { }
                public Model(string name, int id = 3) : base(id, name, default, 2.0) { }
                public virtual int Value { get; set; }
                public sealed override bool Equals(object? obj) => false;
                public override int GetHashCode() => 1;
            }
            """
        },
        {
            "PartialAccessorOverrides",
            """
            public class Base { public virtual int Value { get; set; } public virtual string Name { get; protected set; } = ""; }
            [Proxiable] public class Model : Base { public override int Value { set { } } public override string Name { get => "x"; } }
            """
        },
        {
            "HiddenMembers",
            """
            public class Base { public virtual int Value() => 1; public virtual int Other => 2; }
            [Proxiable] public class Model : Base { public new int Value() => 3; public new virtual string Other => "x"; }
            """
        },
        {
            "RedeclaredInterfaceMembers",
            """
            public interface IBase { int Value { get; } event System.Action? Changed; string this[int i] { get; } }
            [Proxiable] public interface IModel : IBase { new int Value { get; set; } new event System.Action? Changed; new string this[int i] { get; set; } }
            """
        },
        {
            "GenericInterfaceInheritance",
            """
            using System.Collections.Generic;
            [Proxiable] public interface IStore<T> : IEnumerable<T>, IReadOnlyCollection<T> where T : class?
            {
                void Add(T item);
            }
            """
        },
        {
            "InternalInterfaceMembers",
            """
            [Proxiable] public interface IModel
            {
                internal int Hidden();
                public int Visible();
            }
            """
        },
        {
            "NullableOblivious",
            """
            #nullable disable
            using System.Collections.Generic;
            [Proxiable] public interface IModel
            {
                string Name { get; set; }
                string Find(string key, string fallback = null);
                List<string> Items { get; }
                T Get<T>(T value);
                event System.EventHandler Changed;
            }
            [Proxiable] public class Model
            {
                public virtual string Name { get; set; }
                public virtual T Get<T>(T value) => value;
            }
            #nullable restore
            """
        },
        {
            "EnumDefaults",
            """
            using System;
            [Flags] public enum Options { None = 0, A = 1, B = 2, Negative = -8 }
            [Proxiable] public interface IModel
            {
                void Run(Options a = Options.A, Options both = Options.A | Options.B, Options negative = Options.Negative, Options? maybe = Options.B, DayOfWeek day = DayOfWeek.Friday);
            }
            """
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void CompilesClean(string caseName, string declarations)
    {
        GeneratorOutput output = GeneratorHarness.Run("using ProxyStore;\nnamespace Demo\n{\n" + declarations + "\n}\n").AssertClean();

        Assert.True(output.Sources.Count >= 2, $"{caseName}: expected a proxy and the registration, got {string.Join(", ", output.Sources.Keys)}");
        Snapshot.Verify(Path.Combine("EdgeCases", caseName), output.Sources);
    }
}
