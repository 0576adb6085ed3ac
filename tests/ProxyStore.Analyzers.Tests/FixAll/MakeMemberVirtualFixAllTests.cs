using ProxyStore.Analyzers.CodeFixes;
using ProxyStore.Analyzers.Rules;

namespace ProxyStore.Analyzers.Tests.FixAll;

/// <summary>PXS0004's fix, <see cref="MakeMemberVirtualCodeFix"/>, applied by Fix All in document, project and solution scope.</summary>
public sealed class MakeMemberVirtualFixAllTests
{
    [Fact]
    public Task Fixes_every_member_of_a_document_in_one_pass() =>
        FixAllVerifier.DocumentAsync<NonVirtualProxiableMemberAnalyzer, MakeMemberVirtualCodeFix>(
            """
            using ProxyStore;

            [Proxiable]
            public class Model
            {
                public int {|PXS0004:Value|}() => 1;

                public string {|PXS0004:Name|} { get; set; } = "";

                public sealed override string {|PXS0004:ToString|}() => Name;
            }

            [Proxiable]
            public class Other
            {
                public int {|PXS0004:Count|} => 2;
            }
            """,
            """
            using ProxyStore;

            [Proxiable]
            public class Model
            {
                public virtual int Value() => 1;

                public virtual string Name { get; set; } = "";

                public override string ToString() => Name;
            }

            [Proxiable]
            public class Other
            {
                public virtual int Count => 2;
            }
            """);

    [Fact]
    public Task Fixes_the_members_of_every_document_of_a_project() =>
        FixAllVerifier.ProjectAsync<NonVirtualProxiableMemberAnalyzer, MakeMemberVirtualCodeFix>(
            (Before("First"), After("First")),
            (Before("Second"), After("Second")));

    [Fact]
    public Task Fixes_the_members_of_every_project_of_a_solution() =>
        FixAllVerifier.SolutionAsync<NonVirtualProxiableMemberAnalyzer, MakeMemberVirtualCodeFix>(
        [
            [(Before("First"), After("First"))],
            [(Before("Second"), After("Second")), (Before("Third"), After("Third"))],
        ]);

    /// <summary>A [Proxiable] class with two non-virtual public members: two PXS0004.</summary>
    private static string Before(string className) =>
        $$"""
        using ProxyStore;

        [Proxiable]
        public class {{className}}
        {
            public int {|PXS0004:Value|}() => 1;

            public string {|PXS0004:Name|} { get; set; } = "";
        }
        """;

    /// <summary><see cref="Before"/> fixed.</summary>
    private static string After(string className) =>
        $$"""
        using ProxyStore;

        [Proxiable]
        public class {{className}}
        {
            public virtual int Value() => 1;

            public virtual string Name { get; set; } = "";
        }
        """;
}
