using Microsoft.CodeAnalysis.Testing;
using ProxyStore.Analyzers.CodeFixes;
using ProxyStore.Analyzers.Rules;

namespace ProxyStore.Analyzers.Tests.FixAll;

/// <summary>PXS0006's fix, <see cref="AddStorableAttributeCodeFix"/>, applied by Fix All in document, project and solution scope.</summary>
public sealed class AddStorableAttributeFixAllTests
{
    [Fact]
    public Task Fixes_every_type_of_a_document_in_one_pass_marking_a_type_put_twice_once() =>
        FixAllVerifier.DocumentAsync<UnstorableConcreteTypeAnalyzer, AddStorableAttributeCodeFix>(
            Before("First", 0),
            After("First"),
            Expected("First", 0));

    [Fact]
    public Task Fixes_the_types_of_every_document_of_a_project() =>
        FixAllVerifier.SolutionAsync<UnstorableConcreteTypeAnalyzer, AddStorableAttributeCodeFix>(
            [[(Before("First", 0), After("First")), (Before("Second", 10), After("Second"))]],
            [.. Expected("First", 0), .. Expected("Second", 10)]);

    [Fact]
    public Task Fixes_the_types_of_every_project_of_a_solution() =>
        FixAllVerifier.SolutionAsync<UnstorableConcreteTypeAnalyzer, AddStorableAttributeCodeFix>(
            [
                [(Before("First", 0), After("First"))],
                [(Before("Second", 10), After("Second")), (Before("Third", 20), After("Third"))],
            ],
            [.. Expected("First", 0), .. Expected("Second", 10), .. Expected("Third", 20)]);

    /// <summary>Two types put behind an interface, one of them twice: three PXS0006, two types to mark. Markup locations from <paramref name="at"/>.</summary>
    private static string Before(string prefix, int at) =>
        $$"""
        using ProxyStore;

        public interface I{{prefix}}Shape { }

        public class {|#{{at + 1}}:{{prefix}}Tile|} : I{{prefix}}Shape { }

        /// <summary>A disc.</summary>
        public sealed class {|#{{at + 4}}:{{prefix}}Disc|} : I{{prefix}}Shape { }

        public static class {{prefix}}Worker
        {
            public static void Run(Store store)
            {
                store.Proxy<I{{prefix}}Shape>({|#{{at}}:new {{prefix}}Tile()|});
                store.Put({|#{{at + 2}}:(object)new {{prefix}}Tile()|});
                store.Proxy<I{{prefix}}Shape>({|#{{at + 3}}:new {{prefix}}Disc()|});
            }
        }
        """;

    /// <summary><see cref="Before"/> fixed.</summary>
    private static string After(string prefix) =>
        $$"""
        using ProxyStore;

        public interface I{{prefix}}Shape { }

        [Storable]
        public class {{prefix}}Tile : I{{prefix}}Shape { }

        /// <summary>A disc.</summary>
        [Storable]
        public sealed class {{prefix}}Disc : I{{prefix}}Shape { }

        public static class {{prefix}}Worker
        {
            public static void Run(Store store)
            {
                store.Proxy<I{{prefix}}Shape>(new {{prefix}}Tile());
                store.Put((object)new {{prefix}}Tile());
                store.Proxy<I{{prefix}}Shape>(new {{prefix}}Disc());
            }
        }
        """;

    /// <summary>The three PXS0006 of <see cref="Before"/>, with the declarations they mark as additional locations.</summary>
    private static DiagnosticResult[] Expected(string prefix, int at) =>
    [
        Verify.Diagnostic(DiagnosticDescriptors.UnstorableConcreteType).WithLocation(at).WithLocation(at + 1)
            .WithArguments(prefix + "Tile", "I" + prefix + "Shape", string.Empty, $"it is not declared storable; mark it [Storable] (or list it with [JsonDerivedType] on 'I{prefix}Shape', or call StorableTypes.Allow)"),
        Verify.Diagnostic(DiagnosticDescriptors.UnstorableConcreteType).WithLocation(at + 2).WithLocation(at + 1)
            .WithArguments(prefix + "Tile", "object", string.Empty, "it is not declared storable; mark it [Storable] (or call StorableTypes.Allow)"),
        Verify.Diagnostic(DiagnosticDescriptors.UnstorableConcreteType).WithLocation(at + 3).WithLocation(at + 4)
            .WithArguments(prefix + "Disc", "I" + prefix + "Shape", string.Empty, $"it is not declared storable; mark it [Storable] (or list it with [JsonDerivedType] on 'I{prefix}Shape', or call StorableTypes.Allow)"),
    ];
}
