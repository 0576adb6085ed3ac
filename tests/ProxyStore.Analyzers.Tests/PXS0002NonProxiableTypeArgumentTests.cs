using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ProxyStore.Analyzers.Internal;
using ProxyStore.Analyzers.Rules;

namespace ProxyStore.Analyzers.Tests;

public class PXS0002NonProxiableTypeArgumentTests
{
    private const string Header = """
        using System.Collections.Generic;
        using ProxyStore;
        using ProxyStore.Connectors;

        """;

    private static Task VerifyAsync(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        Verify.AnalyzerAsync<NonProxiableTypeArgumentAnalyzer>(Header + source, expected);

    [Fact]
    public Task String_is_reported_as_sealed() =>
        VerifyAsync("""
            public static class Worker
            {
                public static string Run(Store store) => store.Proxy<{|#0:string|}>("text");
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.NonProxiableTypeArgument).WithLocation(0).WithArguments(
                "string",
                "it is a sealed class, so no proxy class can derive from it; proxy an interface it implements instead"));

    [Fact]
    public Task Sealed_class_is_reported_for_every_proxy_method() =>
        VerifyAsync("""
            public sealed class Frozen { }

            public static class Worker
            {
                public static void Run(Store store, StoreKey key)
                {
                    store.Proxy<{|PXS0002:Frozen|}>(new Frozen());
                    store.ProxyBatch<{|PXS0002:Frozen|}>(new[] { new Frozen() });
                    store.ProxyFromKey<{|PXS0002:Frozen|}>(key);
                }
            }
            """);

    [Fact]
    public Task Inferred_type_argument_is_reported_on_the_method_name() =>
        VerifyAsync("""
            public sealed class Frozen { }

            public static class Worker
            {
                public static Frozen Run(Store store) => store.{|PXS0002:Proxy|}(new Frozen());
            }
            """);

    [Fact]
    public Task Class_with_non_virtual_public_members_is_reported_with_their_names() =>
        VerifyAsync("""
            public class Model
            {
                public virtual int Virtual() => 1;
                public int Plain() => 2;
                public string Name { get; set; } = "";
                public int Field;
                internal int Internal() => 3;
                public static int Static() => 4;
            }

            public static class Worker
            {
                public static Model Run(Store store) => store.Proxy<{|#0:Model|}>(new Model());
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.NonProxiableTypeArgument).WithLocation(0).WithArguments(
                "Model",
                "its public members Plain, Name, Field are not virtual, so a proxy could not forward them; make them virtual, mark the type [Proxiable], or proxy an interface"));

    [Fact]
    public Task Non_virtual_member_inherited_from_a_base_class_and_sealed_override_are_reported() =>
        VerifyAsync("""
            public class Base
            {
                public int Inherited() => 1;
            }

            public class Derived : Base
            {
                public virtual int Own() => 2;
            }

            public class Sealer
            {
                public sealed override string ToString() => "";
            }

            public static class Worker
            {
                public static void Run(Store store)
                {
                    store.Proxy<{|PXS0002:Derived|}>(new Derived());
                    store.Proxy<{|PXS0002:Sealer|}>(new Sealer());
                    store.Proxy<{|PXS0002:List<int>|}>(new List<int>());
                }
            }
            """);

    [Fact]
    public Task Class_without_public_or_protected_parameterless_constructor_is_reported() =>
        VerifyAsync("""
            public class NeedsArgs
            {
                public NeedsArgs(int value) { }
                public virtual int Get() => 1;
            }

            public class InternalCtor
            {
                internal InternalCtor() { }
                public virtual int Get() => 1;
            }

            public static class Worker
            {
                public static void Run(Store store)
                {
                    store.Proxy<{|#0:NeedsArgs|}>(new NeedsArgs(1));
                    store.Proxy<{|PXS0002:InternalCtor|}>(new InternalCtor());
                }
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.NonProxiableTypeArgument).WithLocation(0).WithArguments(
                "NeedsArgs",
                "it has no public or protected parameterless constructor for the proxy class to call"));

    [Fact]
    public Task Arrays_and_delegates_are_reported_as_sealed() =>
        VerifyAsync("""
            public static class Worker
            {
                public static void Run(Store store)
                {
                    store.Proxy<{|PXS0002:int[]|}>(new[] { 1 });
                    store.Proxy<{|PXS0002:System.Action|}>(() => { });
                }
            }
            """);

    [Fact]
    public Task Interfaces_all_virtual_classes_and_Proxiable_types_are_not_reported() =>
        VerifyAsync("""
            public interface IModel { int Value { get; } }
            public interface IRepository<T> { T Find(int id); }

            public class Model : IModel { public int Value => 1; }

            public class AllVirtual
            {
                protected AllVirtual() { }
                public virtual int Value { get; set; }
                public virtual event System.EventHandler? Changed;
                public override string ToString() => "all virtual";
                public static AllVirtual Create() => new Derived();
                internal int Helper() => 1;
                private sealed class Derived : AllVirtual { }
            }

            public abstract class Shape
            {
                public abstract double Area();
            }

            public class Square : Shape
            {
                public override double Area() => 1;
            }

            [Proxiable]
            public class Generated
            {
                public virtual int Value() => 1;
            }

            [Proxiable]
            public interface IGenerated<T> { T Get(); }

            public static class Worker
            {
                public static void Run(Store store, StoreKey key, IRepository<int> repository, IGenerated<string> generated)
                {
                    store.Proxy<IModel>(new Model());
                    store.Proxy(repository);
                    store.Proxy<IList<int>>(new List<int>());
                    store.Proxy(AllVirtual.Create());
                    store.Proxy<Shape>(new Square());
                    store.Proxy(new Square());
                    store.Proxy(new object());
                    store.Proxy(new Generated());
                    store.ProxyFromKey<IGenerated<string>>(key);
                    store.ProxyBatch(new[] { generated });
                }

                public static T Open<T>(Store store, T value)
                    where T : class => store.Proxy(value);
            }
            """);

    // The runtime refuses the generated proxy of such a class rather than let the member read the proxy's own state.
    [Fact]
    public Task Proxiable_class_with_a_non_virtual_public_member_is_reported() =>
        VerifyAsync("""
            [Proxiable]
            public class Basket
            {
                public virtual List<int> Items { get; set; } = new();
                public int Total() => 0;
            }

            public static class Worker
            {
                public static Basket Run(Store store) => store.Proxy<{|#0:Basket|}>(new Basket());
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.NonProxiableTypeArgument).WithLocation(0).WithArguments(
                "Basket",
                "it is [Proxiable], but its public members Total are not virtual (PXS0004), so the runtime refuses its proxy rather than let them return the unresolved proxy's own state"));

    [Fact]
    public Task Proxy_named_methods_of_other_types_are_not_reported() =>
        VerifyAsync("""
            public static class Other
            {
                public static T Proxy<T>(T value) => value;
            }

            public static class Worker
            {
                public static string Run() => Other.Proxy<string>("text");
            }
            """);

    private const string NotPublic = "it is not public, so the runtime's fallback (Castle DynamicProxy) cannot implement it; mark it [Proxiable] for a generated proxy, make it public, or add [assembly: InternalsVisibleTo(\"DynamicProxyGenAssembly2\")]";

    [Fact]
    public Task Internal_interface_without_a_generated_proxy_is_reported() =>
        VerifyAsync("""
            internal interface IHidden { int X { get; } }

            public static class Worker
            {
                internal static IHidden Run(Store store, IHidden value) => store.Proxy<{|#0:IHidden|}>(value);
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.NonProxiableTypeArgument).WithLocation(0).WithArguments("IHidden", NotPublic));

    [Fact]
    public Task Internal_types_are_not_reported_when_visible_to_castle_or_generated() =>
        VerifyAsync("""
            [assembly: System.Runtime.CompilerServices.InternalsVisibleTo("DynamicProxyGenAssembly2")]

            internal interface IHidden { int X { get; } }

            [Proxiable]
            internal interface IGenerated { int X { get; } }

            public static class Worker
            {
                internal static void Run(Store store, IHidden hidden, IGenerated generated)
                {
                    store.Proxy(hidden);
                    store.Proxy(generated);
                }
            }
            """);

    [Fact]
    public Task Async_twins_and_future_proxies_are_reported() =>
        VerifyAsync("""
            public sealed class Frozen { }

            public static class Worker
            {
                public static async System.Threading.Tasks.Task Run(Store store, StoreFuture<Frozen> future)
                {
                    await store.ProxyAsync<{|#0:Frozen|}>(new Frozen());
                    await store.ProxyBatchAsync<{|#1:Frozen|}>(new[] { new Frozen() });
                    future.{|#2:Proxy|}();
                }
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.NonProxiableTypeArgument).WithLocation(0).WithArguments("Frozen", SealedReason),
            Verify.Diagnostic(DiagnosticDescriptors.NonProxiableTypeArgument).WithLocation(1).WithArguments("Frozen", SealedReason),
            Verify.Diagnostic(DiagnosticDescriptors.NonProxiableTypeArgument).WithLocation(2).WithArguments("Frozen", SealedReason));

    [Fact]
    public Task Proxiable_type_the_generator_refuses_is_judged_as_a_runtime_proxy() =>
        VerifyAsync("""
            [Proxiable]
            public record Reading(double Value);

            public static class Worker
            {
                public static Reading Run(Store store) => store.Proxy<{|#0:Reading|}>(new Reading(1));
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.NonProxiableTypeArgument).WithLocation(0).WithArguments(
                "Reading", "it has no public or protected parameterless constructor for the proxy class to call"));

    [Fact]
    public Task Type_parameters_are_not_reported_even_when_constrained() =>
        VerifyAsync("""
            public class Base { public int NotVirtual() => 1; }

            public static class Worker
            {
                public static T Run<T>(Store store, T value)
                    where T : Base => store.Proxy(value);

                public static System.Threading.Tasks.ValueTask<T> RunAsync<T>(Store store, T value)
                    where T : class => store.ProxyAsync(value);
            }
            """);

    private const string SealedReason = "it is a sealed class, so no proxy class can derive from it; proxy an interface it implements instead";

    [Fact]
    public Task Internal_abstract_members_are_reported_unless_overridden() =>
        VerifyAsync("""
            public interface IPartlyHidden { internal int X { get; } int Y { get; } }

            public abstract class Base { internal abstract int X { get; } public virtual int Y => X; }

            public abstract class Implemented : Base { internal override int X => 1; }

            public static class Worker
            {
                public static void Run(Store store, StoreKey key)
                {
                    store.ProxyFromKey<{|#0:IPartlyHidden|}>(key);
                    store.ProxyFromKey<{|#1:Base|}>(key);
                    store.ProxyFromKey<Implemented>(key);
                }
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.NonProxiableTypeArgument).WithLocation(0).WithArguments("IPartlyHidden", InternalAbstract),
            Verify.Diagnostic(DiagnosticDescriptors.NonProxiableTypeArgument).WithLocation(1).WithArguments("Base", InternalAbstract));

    private const string InternalAbstract = "its abstract member X is internal, so the runtime's fallback (Castle DynamicProxy), which emits proxies into an assembly of its own, cannot implement it; mark the type [Proxiable] for a generated proxy";

    [Fact]
    public void Structs_and_enums_are_not_runtime_proxiable()
    {
        // The class constraint keeps a struct out of Proxy<T>, so the rule's check is exercised directly.
        CSharpCompilation compilation = CSharpCompilation.Create(
            "Shapes",
            [CSharpSyntaxTree.ParseText("public struct Point { public int X; } public enum Color { Red } public interface IShape { }")],
            Verify.References);
        string? point = Proxiability.WhyNotRuntimeProxiable(compilation.GetTypeByMetadataName("Point")!);
        string? color = Proxiability.WhyNotRuntimeProxiable(compilation.GetTypeByMetadataName("Color")!);
        string? shape = Proxiability.WhyNotRuntimeProxiable(compilation.GetTypeByMetadataName("IShape")!);
        string? integer = Proxiability.WhyNotRuntimeProxiable(compilation.GetSpecialType(SpecialType.System_Int32));

        Assert.Equal("it is a struct, and a proxy must be a reference to an object", point);
        Assert.Equal(point, color);
        Assert.Equal(point, integer);
        Assert.Null(shape);
    }
}
