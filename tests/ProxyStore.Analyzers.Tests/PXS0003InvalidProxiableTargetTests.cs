using Microsoft.CodeAnalysis.Testing;
using ProxyStore.Analyzers.CodeFixes;
using ProxyStore.Analyzers.Rules;

namespace ProxyStore.Analyzers.Tests;

public class PXS0003InvalidProxiableTargetTests
{
    private static Task VerifyAsync(string source, params DiagnosticResult[] expected) =>
        Verify.AnalyzerAsync<InvalidProxiableTargetAnalyzer>("using ProxyStore;\n\n" + source, expected);

    [Fact]
    public Task Sealed_class_is_reported_on_the_attribute() =>
        VerifyAsync("""
            [{|#0:Proxiable|}]
            public sealed class Frozen
            {
                public int Value() => 1;
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.InvalidProxiableTarget).WithLocation(0).WithArguments(
                "Frozen", "it is sealed, so no proxy class can derive from it"));

    [Fact]
    public Task Static_class_is_reported() =>
        VerifyAsync("""
            [{|#0:Proxiable|}]
            public static class Helpers
            {
                public static int Value() => 1;
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.InvalidProxiableTarget).WithLocation(0).WithArguments(
                "Helpers", "it is static, so no proxy class can derive from it"));

    [Fact]
    public Task Class_with_only_private_constructors_is_reported() =>
        VerifyAsync("""
            [{|#0:ProxiableAttribute|}]
            public class Singleton
            {
                public static readonly Singleton Instance = new();

                private Singleton() { }

                public virtual int Value() => 1;
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.InvalidProxiableTarget).WithLocation(0).WithArguments(
                "Singleton", "it has no constructor a proxy class could call (all are private)"));

    [Fact]
    public Task Struct_is_reported_besides_the_compiler_error() =>
        VerifyAsync("""
            [{|#0:{|CS0592:Proxiable|}|}]
            public struct Point
            {
                public int X;
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.InvalidProxiableTarget).WithLocation(0).WithArguments(
                "Point", "it is a struct, and a proxy can only derive from a class or implement an interface"));

    [Fact]
    public Task Interfaces_open_classes_and_reachable_constructors_are_not_reported() =>
        VerifyAsync("""
            [Proxiable]
            public interface IModel { int Value { get; } }

            [Proxiable]
            public interface IRepository<T> { T Find(int id); }

            [Proxiable]
            public class Open { public virtual int Value() => 1; }

            [Proxiable]
            public abstract class Shape { public abstract double Area(); }

            [Proxiable]
            public class ProtectedCtor { protected ProtectedCtor() { } }

            [Proxiable]
            public class InternalCtor { internal InternalCtor(int value) { } }

            [Proxiable]
            public class Mixed
            {
                private Mixed() { }
                public Mixed(int value) { }
            }

            public sealed class NotMarked { }
            """);

    [Fact]
    public Task Fix_removes_sealed() =>
        Verify.CodeFixAsync<InvalidProxiableTargetAnalyzer, RemoveSealedCodeFix>(
            """
            using ProxyStore;

            namespace Models
            {
                /// <summary>A model.</summary>
                [{|PXS0003:Proxiable|}]
                public sealed class Frozen
                {
                    public int Value() => 1;
                }

                [{|PXS0003:Proxiable|}]
                sealed partial class First
                {
                }
            }
            """,
            """
            using ProxyStore;

            namespace Models
            {
                /// <summary>A model.</summary>
                [Proxiable]
                public class Frozen
                {
                    public int Value() => 1;
                }

                [Proxiable]
                partial class First
                {
                }
            }
            """);

    [Fact]
    public async Task Fix_removes_sealed_from_every_partial_declaration()
    {
        var test = new Microsoft.CodeAnalysis.CSharp.Testing.CSharpCodeFixTest<InvalidProxiableTargetAnalyzer, RemoveSealedCodeFix, DefaultVerifier>
        {
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
        };
        test.TestState.Sources.Add(("/0/A.cs", """
            using ProxyStore;

            [{|PXS0003:Proxiable|}]
            public partial class Model
            {
            }
            """));
        test.TestState.Sources.Add(("/0/B.cs", """
            public sealed partial class Model
            {
                public int Value() => 1;
            }
            """));
        test.FixedState.Sources.Add(("/0/A.cs", """
            using ProxyStore;

            [Proxiable]
            public partial class Model
            {
            }
            """));
        test.FixedState.Sources.Add(("/0/B.cs", """
            public partial class Model
            {
                public int Value() => 1;
            }
            """));
        test.TestState.AdditionalReferences.AddRange(Verify.References);
        test.FixedState.AdditionalReferences.AddRange(Verify.References);
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task No_fix_is_offered_for_a_static_class()
    {
        const string source = """
            using ProxyStore;

            [{|PXS0003:Proxiable|}]
            public static class Helpers
            {
            }
            """;
        await Verify.CodeFixAsync<InvalidProxiableTargetAnalyzer, RemoveSealedCodeFix>(source, source);
    }
}
