using ProxyStore.Analyzers.CodeFixes;
using ProxyStore.Analyzers.Rules;

namespace ProxyStore.Analyzers.Tests.FixAll;

/// <summary>PXS0001's fix, <see cref="AddRegisterTrueCodeFix"/>, applied by Fix All in document, project and solution scope.</summary>
public sealed class AddRegisterTrueFixAllTests
{
    private const string Types = """

        public interface IModel { int Value { get; } }
        public class Model : IModel { public int Value => 1; }
        """;

    [Fact]
    public Task Fixes_every_store_of_a_document_in_one_pass() =>
        FixAllVerifier.DocumentAsync<UnregisteredMetricsStoreAnalyzer, AddRegisterTrueCodeFix>(
            """
            using ProxyStore;
            using ProxyStore.Connectors;

            public static class Worker
            {
                public static IModel Added()
                {
                    using var store = {|PXS0001:new Store("added", new LocalConnector(), metrics: true)|};
                    return store.Proxy<IModel>(new Model());
                }

                public static IModel Named()
                {
                    using var store = {|PXS0001:new Store("named", new LocalConnector(), register: false, metrics: true)|};
                    return store.Proxy<IModel>(new Model());
                }

                public static IModel Positional()
                {
                    using var store = {|PXS0001:new Store("positional", new LocalConnector(), null, 16, true, false, false)|};
                    return store.Proxy<IModel>(new Model());
                }
            }
            """ + Types,
            """
            using ProxyStore;
            using ProxyStore.Connectors;

            public static class Worker
            {
                public static IModel Added()
                {
                    using var store = new Store("added", new LocalConnector(), metrics: true, register: true);
                    return store.Proxy<IModel>(new Model());
                }

                public static IModel Named()
                {
                    using var store = new Store("named", new LocalConnector(), register: true, metrics: true);
                    return store.Proxy<IModel>(new Model());
                }

                public static IModel Positional()
                {
                    using var store = new Store("positional", new LocalConnector(), null, 16, true, false, true);
                    return store.Proxy<IModel>(new Model());
                }
            }
            """ + Types);

    [Fact]
    public Task Fixes_the_stores_of_every_document_of_a_project() =>
        FixAllVerifier.ProjectAsync<UnregisteredMetricsStoreAnalyzer, AddRegisterTrueCodeFix>(
            (Before("First", "first") + Types, After("First", "first") + Types),
            (Before("Second", "second"), After("Second", "second")));

    [Fact]
    public Task Fixes_the_stores_of_every_project_of_a_solution() =>
        FixAllVerifier.SolutionAsync<UnregisteredMetricsStoreAnalyzer, AddRegisterTrueCodeFix>(
        [
            [(Before("First", "first") + Types, After("First", "first") + Types)],
            [(Before("Second", "second") + Types, After("Second", "second") + Types), (Before("Third", "third"), After("Third", "third"))],
        ]);

    /// <summary>A class that makes proxies with an unregistered metrics store: PXS0001.</summary>
    private static string Before(string className, string storeName) =>
        Worker(className, $$"""{|PXS0001:new Store("{{storeName}}", new LocalConnector(), metrics: true)|}""");

    /// <summary><see cref="Before"/> fixed.</summary>
    private static string After(string className, string storeName) =>
        Worker(className, $$"""new Store("{{storeName}}", new LocalConnector(), metrics: true, register: true)""");

    private static string Worker(string className, string creation) =>
        $$"""
        using ProxyStore;
        using ProxyStore.Connectors;

        public static class {{className}}
        {
            public static IModel Run()
            {
                using var store = {{creation}};
                return store.Proxy<IModel>(new Model());
            }
        }
        """;
}
