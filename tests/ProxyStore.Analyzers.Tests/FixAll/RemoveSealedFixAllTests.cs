using ProxyStore.Analyzers.CodeFixes;
using ProxyStore.Analyzers.Rules;

namespace ProxyStore.Analyzers.Tests.FixAll;

/// <summary>PXS0003's fix, <see cref="RemoveSealedCodeFix"/>, applied by Fix All in document, project and solution scope.</summary>
public sealed class RemoveSealedFixAllTests
{
    [Fact]
    public Task Fixes_every_sealed_class_of_a_document_in_one_pass() =>
        FixAllVerifier.DocumentAsync<InvalidProxiableTargetAnalyzer, RemoveSealedCodeFix>(
            """
            using ProxyStore;

            namespace Models
            {
                [{|PXS0003:Proxiable|}]
                public sealed class First
                {
                    public int Value() => 1;
                }

                [{|PXS0003:Proxiable|}]
                internal sealed class Second
                {
                }

                [{|PXS0003:Proxiable|}]
                sealed partial class Third
                {
                }
            }
            """,
            """
            using ProxyStore;

            namespace Models
            {
                [Proxiable]
                public class First
                {
                    public int Value() => 1;
                }

                [Proxiable]
                internal class Second
                {
                }

                [Proxiable]
                partial class Third
                {
                }
            }
            """);

    [Fact]
    public Task Fixes_the_sealed_classes_of_every_document_of_a_project() =>
        FixAllVerifier.ProjectAsync<InvalidProxiableTargetAnalyzer, RemoveSealedCodeFix>(
            (Before("First"), After("First")),
            (Before("Second"), After("Second")));

    [Fact]
    public Task Fixes_the_sealed_classes_of_every_project_of_a_solution() =>
        FixAllVerifier.SolutionAsync<InvalidProxiableTargetAnalyzer, RemoveSealedCodeFix>(
        [
            [(Before("First"), After("First"))],
            [(Before("Second"), After("Second")), (Before("Third"), After("Third"))],
        ]);

    /// <summary>Two sealed [Proxiable] classes: two PXS0003.</summary>
    private static string Before(string prefix) =>
        $$"""
        using ProxyStore;

        [{|PXS0003:Proxiable|}]
        public sealed class {{prefix}}Model
        {
            public int Value() => 1;
        }

        [{|PXS0003:Proxiable|}]
        public sealed class {{prefix}}Other
        {
        }
        """;

    /// <summary><see cref="Before"/> fixed.</summary>
    private static string After(string prefix) =>
        $$"""
        using ProxyStore;

        [Proxiable]
        public class {{prefix}}Model
        {
            public int Value() => 1;
        }

        [Proxiable]
        public class {{prefix}}Other
        {
        }
        """;
}
