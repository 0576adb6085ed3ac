using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ProxyStore.Analyzers.Rules;

namespace ProxyStore.Analyzers.Tests;

/// <summary>PXS0005 counts only stores registered at once: a store disposed before the next registration does not.</summary>
public class PXS0005LifetimeTests
{
    private const string Header = """
        using System.Threading.Tasks;
        using ProxyStore;
        using ProxyStore.Connectors;

        """;

    private static Task VerifyAsync(string source, params DiagnosticResult[] expected) =>
        Verify.AnalyzerAsync<DuplicateStoreNameAnalyzer>(Header + source, expected);

    private static DiagnosticResult Duplicate(int later, int first, string firstPosition, string name = "same") =>
        Verify.Diagnostic(DiagnosticDescriptors.DuplicateStoreName).WithLocation(later).WithLocation(first).WithArguments(name, "/0/Test0.cs(" + firstPosition + ")");

    [Fact]
    public Task Using_declarations_in_two_methods_are_not_reported() =>
        VerifyAsync("""
            public static class Jobs
            {
                public static void First()
                {
                    using var store = new Store("same", new LocalConnector(), register: true);
                }

                public static async Task SecondAsync()
                {
                    await using var store = new Store("same", new LocalConnector(), register: true);
                    await Task.Yield();
                }
            }
            """);

    [Fact]
    public Task Sequential_using_blocks_and_statements_in_one_method_are_not_reported() =>
        VerifyAsync("""
            public static class Jobs
            {
                public static void Run()
                {
                    {
                        using var first = new Store("same", new LocalConnector(), register: true);
                    }

                    using (var second = new Store("same", new LocalConnector(), register: true))
                    {
                    }

                    using (new Store("same", new LocalConnector(), register: true))
                    {
                    }

                    using var last = new Store("same", new LocalConnector(), register: true);
                }
            }
            """);

    [Fact]
    public Task Dispose_before_the_next_registration_is_not_reported() =>
        VerifyAsync("""
            public static class Jobs
            {
                public static async Task RunAsync()
                {
                    var first = new Store("same", new LocalConnector(), register: true);
                    first.Dispose();
                    var second = new Store("same", new LocalConnector());
                    StoreRegistry.Register(second);
                    await second.DisposeAsync();
                    var third = new Store("same", new LocalConnector(), register: true);
                    try
                    {
                    }
                    finally
                    {
                        third.Dispose();
                    }

                    var fourth = new Store("same", new LocalConnector(), register: true);
                }
            }
            """);

    [Fact]
    public Task Two_live_at_once_in_one_method_are_reported_while_typing() =>
        VerifyAsync("""
            public static class Jobs
            {
                public static void Run(bool flag)
                {
                    using var outer = {|#0:new Store("same", new LocalConnector(), register: true)|};
                    using (var inner = {|#1:new Store("same", new LocalConnector(), register: true)|})
                    {
                    }
                }

                public static void Disposed_too_late()
                {
                    var first = {|#2:new Store("b", new LocalConnector(), register: true)|};
                    var second = {|#3:new Store("b", new LocalConnector(), register: true)|};
                    first.Dispose();
                }

                public static void Disposed_only_sometimes(bool flag)
                {
                    var first = {|#4:new Store("c", new LocalConnector(), register: true)|};
                    if (flag)
                    {
                        first.Dispose();
                    }

                    var second = {|#5:new Store("c", new LocalConnector(), register: true)|};
                }

                public static void Reassigned()
                {
                    var first = {|#6:new Store("d", new LocalConnector(), register: true)|};
                    first = new Store("other", new LocalConnector());
                    first.Dispose();
                    var second = {|#7:new Store("d", new LocalConnector(), register: true)|};
                }
            }
            """,
            Duplicate(1, 0, "8,27"),
            Duplicate(3, 2, "16,21", "b"),
            Duplicate(5, 4, "23,21", "c"),
            Duplicate(7, 6, "34,21", "d"));

    [Fact]
    public Task Scoped_store_and_one_that_lives_on_in_another_member_are_reported() =>
        VerifyAsync("""
            public static class Jobs
            {
                public static readonly Store Shared = {|#0:new Store("same", new LocalConnector(), register: true)|};

                public static void Run()
                {
                    using var store = {|#1:new Store("same", new LocalConnector(), register: true)|};
                }

                public static void Forever() => {|#2:StoreRegistry.Register(new Store("same", new LocalConnector()))|};
            }
            """,
            Duplicate(1, 0, "6,43"),
            Duplicate(2, 0, "6,43"));

    [Fact]
    public Task Registered_local_disposed_by_using_in_two_methods_is_not_reported() =>
        VerifyAsync("""
            public static class Jobs
            {
                public static void First()
                {
                    using var store = new Store("same", new LocalConnector());
                    StoreRegistry.Register(store);
                }

                public static void Second()
                {
                    var store = new Store("same", new LocalConnector());
                    try
                    {
                        StoreRegistry.Register(store);
                    }
                    finally
                    {
                        store.Dispose();
                    }
                }
            }
            """);

    [Fact]
    public Task Stores_made_in_lambdas_are_not_scoped() =>
        VerifyAsync("""
            public static class Jobs
            {
                public static Task Run() =>
                    Task.WhenAll(
                        Task.Run(() => { using var a = {|#0:new Store("same", new LocalConnector(), register: true)|}; }),
                        Task.Run(() => { using var b = {|#1:new Store("same", new LocalConnector(), register: true)|}; }));
            }
            """,
            Duplicate(1, 0, "8,44"));

    [Fact]
    public Task Using_declarations_in_two_files_are_not_reported_but_one_that_lives_on_is() =>
        Verify.AnalyzerAsync<DuplicateStoreNameAnalyzer>(
            [
                Header + """
                public static class A
                {
                    public static void Run()
                    {
                        using var store = {|#0:new Store("same", new LocalConnector(), register: true)|};
                    }
                }
                """,
                Header + """
                public static class B
                {
                    public static void Run()
                    {
                        using var store = new Store("same", new LocalConnector(), register: true);
                    }

                    public static Store Open() => {|#1:new Store("same", new LocalConnector(), register: true)|};
                }
                """,
            ],
            OutputKind.DynamicallyLinkedLibrary,
            Duplicate(1, 0, "8,27"));
}
