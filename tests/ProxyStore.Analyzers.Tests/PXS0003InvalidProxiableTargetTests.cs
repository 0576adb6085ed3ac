using Microsoft.CodeAnalysis.Testing;
using ProxyStore.Analyzers.CodeFixes;
using ProxyStore.Analyzers.Rules;

namespace ProxyStore.Analyzers.Tests;

public class PXS0003InvalidProxiableTargetTests
{
    private const string NoParameterlessConstructor = "it has no parameterless constructor its proxy can call (public, protected or internal), and a proxy never calls one with made-up arguments; add a protected parameterless constructor";

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
                "Singleton", NoParameterlessConstructor));

    [Fact]
    public Task Class_whose_constructors_all_take_arguments_is_reported_rather_than_called_with_defaults() =>
        VerifyAsync("""
            [{|#0:Proxiable|}]
            public class Account
            {
                public Account(string owner) { System.ArgumentException.ThrowIfNullOrEmpty(owner); }
                internal Account(int id, string owner = "x") { }
                public virtual string Owner => "";
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.InvalidProxiableTarget).WithLocation(0).WithArguments("Account", NoParameterlessConstructor));

    [Fact]
    public Task Record_is_reported_with_the_reason() =>
        VerifyAsync("""
            [{|#0:Proxiable|}]
            public record Reading(double Value);
            """,
            Verify.Diagnostic(DiagnosticDescriptors.InvalidProxiableTarget).WithLocation(0).WithArguments(
                "Reading", "it is a record, whose compiler-generated equality, copy and 'with' would read the unresolved proxy; proxy an interface the record implements instead"));

    [Fact]
    public Task Private_nested_class_is_reported_with_the_reason() =>
        VerifyAsync("""
            public class Outer
            {
                [{|#0:Proxiable|}]
                private class Hidden { public virtual int X => 1; }

                [{|#1:Proxiable|}]
                protected interface IHalf { int X { get; } }
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.InvalidProxiableTarget).WithLocation(0).WithArguments(
                "Outer.Hidden", "it is private, so its proxy, declared at namespace level, cannot name it; make it internal or public"),
            Verify.Diagnostic(DiagnosticDescriptors.InvalidProxiableTarget).WithLocation(1).WithArguments(
                "Outer.IHalf", "it is protected, so its proxy, declared at namespace level, cannot name it; make it internal or public"));

    [Fact]
    public Task File_local_type_is_reported_with_the_reason() =>
        VerifyAsync("""
            [{|#0:Proxiable|}]
            file interface IScratch { int X { get; } }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.InvalidProxiableTarget).WithLocation(0).WithArguments(
                "IScratch", "it is file-local, so the proxy, generated into a file of its own, cannot name it; make it internal"));

    [Fact]
    public Task Taken_proxy_name_and_clashing_members_are_reported_with_the_reason() =>
        VerifyAsync("""
            [{|#0:Proxiable|}]
            public interface IModel { int X { get; } }

            public class ModelProxy { }

            [{|#1:Proxiable|}]
            public class Gate { public virtual int __Target => 1; }

            [{|#2:Proxiable|}]
            public class Named { public virtual int NamedProxy => 1; }

            [{|#3:Proxiable|}]
            public interface IFactory { static abstract IFactory Create(); }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.InvalidProxiableTarget).WithLocation(0).WithArguments(
                "IModel", "the name of its proxy, 'ModelProxy', is taken by another type in its namespace; rename that type"),
            Verify.Diagnostic(DiagnosticDescriptors.InvalidProxiableTarget).WithLocation(1).WithArguments(
                "Gate", "its member '__Target' has the name of a member the proxy declares for itself; rename it"),
            Verify.Diagnostic(DiagnosticDescriptors.InvalidProxiableTarget).WithLocation(2).WithArguments(
                "Named", "its overridable member 'NamedProxy' has the name of its proxy class, which an override cannot take; rename it"),
            Verify.Diagnostic(DiagnosticDescriptors.InvalidProxiableTarget).WithLocation(3).WithArguments(
                "IFactory", "its member 'Create' is static abstract, so it cannot be a type argument and no proxy can implement it"));

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
            public class InternalCtor { internal InternalCtor() { } }

            [Proxiable]
            public class Mixed
            {
                protected internal Mixed() { }
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
