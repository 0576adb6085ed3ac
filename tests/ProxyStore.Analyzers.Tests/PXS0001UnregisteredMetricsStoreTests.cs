using ProxyStore.Analyzers.CodeFixes;
using ProxyStore.Analyzers.Rules;

namespace ProxyStore.Analyzers.Tests;

public class PXS0001UnregisteredMetricsStoreTests
{
    private const string Types = """

        public interface IModel { int Value { get; } }
        public class Model : IModel { public int Value => 1; }
        """;

    private static Task VerifyAsync(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        Verify.AnalyzerAsync<UnregisteredMetricsStoreAnalyzer>(source + Types, expected);

    [Fact]
    public Task Local_store_with_metrics_that_creates_proxies_is_reported_with_its_name() =>
        VerifyAsync("""
            using ProxyStore;
            using ProxyStore.Connectors;

            public static class Worker
            {
                public static IModel Run()
                {
                    var store = {|#0:new Store("example-store", new LocalConnector(), metrics: true)|};
                    return store.Proxy<IModel>(new Model());
                }
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.UnregisteredMetricsStore).WithLocation(0).WithArguments("\"example-store\""));

    [Fact]
    public Task Using_declaration_is_followed() =>
        VerifyAsync("""
            using ProxyStore;
            using ProxyStore.Connectors;

            public static class Worker
            {
                public static void Run()
                {
                    using var store = {|PXS0001:new Store("s", new LocalConnector(), metrics: true)|};
                    store.ProxyBatch<IModel>(new IModel[] { new Model(), new Model() });
                }
            }
            """);

    [Fact]
    public Task Using_statement_and_await_using_are_followed() =>
        VerifyAsync("""
            using System.Threading.Tasks;
            using ProxyStore;
            using ProxyStore.Connectors;

            public static class Worker
            {
                public static void Run(StoreKey key)
                {
                    using (var store = {|PXS0001:new Store("a", new LocalConnector(), metrics: true)|})
                    {
                        store.ProxyFromKey<IModel>(key);
                    }
                }

                public static async Task RunAsync()
                {
                    await using var store = {|PXS0001:new Store("b", new LocalConnector(), metrics: true)|};
                    store.Proxy<IModel>(new Model());
                }
            }
            """);

    [Fact]
    public Task Field_initializer_store_used_for_proxies_in_another_method_is_reported() =>
        VerifyAsync("""
            using ProxyStore;
            using ProxyStore.Connectors;

            public sealed class Service
            {
                private readonly Store _store = {|PXS0001:new Store("service", new LocalConnector(), metrics: true)|};

                public IModel Share(IModel model) => _store.Proxy(model);
            }
            """);

    [Fact]
    public Task Field_assigned_in_constructor_and_explicit_register_false_are_reported() =>
        VerifyAsync("""
            using ProxyStore;
            using ProxyStore.Connectors;

            public sealed class Service
            {
                private readonly Store _store;

                public Service()
                {
                    _store = {|PXS0001:new Store("service", new LocalConnector(), cacheSize: 4, metrics: true, register: false)|};
                }

                public IModel Share(IModel model) => this._store.Proxy(model);
            }
            """);

    [Fact]
    public Task Property_and_target_typed_new_are_followed() =>
        VerifyAsync("""
            using ProxyStore;
            using ProxyStore.Connectors;

            public sealed class Service
            {
                public Store Store { get; } = {|PXS0001:new("service", new LocalConnector(), metrics: true)|};

                public IModel Share(IModel model) => Store.Proxy(model);
            }
            """);

    [Fact]
    public Task Store_copied_from_a_local_to_a_field_is_followed() =>
        VerifyAsync("""
            using ProxyStore;
            using ProxyStore.Connectors;

            public sealed class Service
            {
                private Store? _store;

                public void Open()
                {
                    var store = {|PXS0001:new Store("service", new LocalConnector(), metrics: true)|};
                    _store = store;
                }

                public IModel Share(IModel model) => _store!.Proxy(model);
            }
            """);

    [Fact]
    public Task Proxy_called_on_the_creation_itself_is_reported() =>
        VerifyAsync("""
            using ProxyStore;
            using ProxyStore.Connectors;

            public static class Worker
            {
                public static IModel Run() =>
                    {|PXS0001:new Store("s", new LocalConnector(), metrics: true)|}.Proxy<IModel>(new Model());
            }
            """);

    [Fact]
    public Task Top_level_statements_are_analyzed() =>
        Verify.ProgramAsync<UnregisteredMetricsStoreAnalyzer>("""
            using ProxyStore;
            using ProxyStore.Connectors;

            var store = {|PXS0001:new Store("example-store", new LocalConnector(), metrics: true)|};
            IModel proxy = store.Proxy<IModel>(new Model());
            System.Console.WriteLine(proxy.Value);
            """ + Types);

    [Fact]
    public Task Partial_type_across_files_is_one_scope() =>
        Verify.AnalyzerAsync<UnregisteredMetricsStoreAnalyzer>(
            [
                """
                using ProxyStore;
                using ProxyStore.Connectors;

                public partial class Service
                {
                    private readonly Store _store = {|PXS0001:new Store("service", new LocalConnector(), metrics: true)|};
                }
                """,
                """
                public partial class Service
                {
                    public IModel Share(IModel model) => _store.Proxy(model);
                }
                """ + Types,
            ],
            Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary);

    [Fact]
    public Task Partial_type_registering_in_another_file_is_not_reported() =>
        Verify.AnalyzerAsync<UnregisteredMetricsStoreAnalyzer>(
            [
                """
                using ProxyStore;
                using ProxyStore.Connectors;

                public partial class Service
                {
                    private readonly Store _store = new Store("service", new LocalConnector(), metrics: true);

                    public IModel Share(IModel model) => _store.Proxy(model);
                }
                """,
                """
                using ProxyStore;

                public partial class Service
                {
                    public void Start() => StoreRegistry.Register(_store);
                }
                """ + Types,
            ],
            Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary);

    [Fact]
    public Task Nested_types_are_analyzed_once_each() =>
        VerifyAsync("""
            using ProxyStore;
            using ProxyStore.Connectors;

            public sealed class Outer
            {
                private readonly Store _store = new Store("outer", new LocalConnector(), metrics: true, register: true);

                public IModel Share(IModel model) => _store.Proxy(model);

                public sealed class Inner
                {
                    private readonly Store _store = {|PXS0001:new Store("inner", new LocalConnector(), metrics: true)|};

                    public IModel Share(IModel model) => _store.Proxy(model);
                }
            }
            """);

    [Fact]
    public Task Register_true_is_not_reported() =>
        VerifyAsync("""
            using ProxyStore;
            using ProxyStore.Connectors;

            public static class Worker
            {
                public static IModel Run()
                {
                    using var store = new Store("example-store", new LocalConnector(), metrics: true, register: true);
                    return store.Proxy<IModel>(new Model());
                }
            }
            """);

    [Fact]
    public Task StoreRegistry_Register_in_the_same_method_is_not_reported() =>
        VerifyAsync("""
            using ProxyStore;
            using ProxyStore.Connectors;

            public static class Worker
            {
                public static IModel Run()
                {
                    var store = new Store("example-store", new LocalConnector(), metrics: true);
                    StoreRegistry.Register(store, existOk: true);
                    return store.Proxy<IModel>(new Model());
                }
            }
            """);

    [Fact]
    public Task StoreRegistry_Register_of_the_field_in_another_method_is_not_reported() =>
        VerifyAsync("""
            using ProxyStore;
            using ProxyStore.Connectors;

            public sealed class Service
            {
                private readonly Store _store = new Store("service", new LocalConnector(), metrics: true);

                public void Start() => StoreRegistry.Register(_store);

                public IModel Share(IModel model) => _store.Proxy(model);
            }
            """);

    [Fact]
    public Task StoreRegistry_Register_through_an_alias_is_not_reported() =>
        VerifyAsync("""
            using ProxyStore;
            using ProxyStore.Connectors;

            public static class Worker
            {
                public static IModel Run()
                {
                    var store = new Store("s", new LocalConnector(), metrics: true);
                    Store same = store;
                    StoreRegistry.Register(same);
                    return store.Proxy<IModel>(new Model());
                }
            }
            """);

    [Fact]
    public Task Metrics_off_absent_or_only_known_at_run_time_is_not_reported() =>
        VerifyAsync("""
            using ProxyStore;
            using ProxyStore.Connectors;

            public static class Worker
            {
                public static void Run(bool enabled)
                {
                    var off = new Store("off", new LocalConnector(), metrics: false);
                    off.Proxy<IModel>(new Model());
                    var absent = new Store("absent", new LocalConnector());
                    absent.Proxy<IModel>(new Model());
                    var runtime = new Store("runtime", new LocalConnector(), metrics: enabled);
                    runtime.Proxy<IModel>(new Model());
                }
            }
            """);

    [Fact]
    public Task Register_only_known_at_run_time_is_not_reported() =>
        VerifyAsync("""
            using ProxyStore;
            using ProxyStore.Connectors;

            public static class Worker
            {
                public static void Run(bool register)
                {
                    var store = new Store("s", new LocalConnector(), metrics: true, register: register);
                    store.Proxy<IModel>(new Model());
                }
            }
            """);

    [Fact]
    public Task Store_that_creates_no_proxies_is_not_reported() =>
        VerifyAsync("""
            using ProxyStore;
            using ProxyStore.Connectors;

            public static class Worker
            {
                public static object? Run()
                {
                    var store = new Store("s", new LocalConnector(), metrics: true);
                    var registered = new Store("r", new LocalConnector(), metrics: true, register: true);
                    registered.Proxy<IModel>(new Model());
                    StoreKey key = store.Put(new int[] { 1, 2, 3 });
                    return store.Get<int[]>(key);
                }
            }
            """);

    [Fact]
    public Task Generated_code_is_not_analyzed() =>
        VerifyAsync("""
            // <auto-generated/>
            using ProxyStore;
            using ProxyStore.Connectors;

            public static class Worker
            {
                public static IModel Run()
                {
                    var store = new Store("s", new LocalConnector(), metrics: true);
                    return store.Proxy<IModel>(new Model());
                }
            }
            """);

    [Fact]
    public Task Fix_adds_register_true() =>
        Verify.CodeFixAsync<UnregisteredMetricsStoreAnalyzer, AddRegisterTrueCodeFix>(
            """
            using ProxyStore;
            using ProxyStore.Connectors;

            public static class Worker
            {
                public static IModel Run()
                {
                    using var store = {|PXS0001:new Store("example-store", new LocalConnector(), metrics: true)|};
                    return store.Proxy<IModel>(new Model());
                }
            }
            """ + Types,
            """
            using ProxyStore;
            using ProxyStore.Connectors;

            public static class Worker
            {
                public static IModel Run()
                {
                    using var store = new Store("example-store", new LocalConnector(), metrics: true, register: true);
                    return store.Proxy<IModel>(new Model());
                }
            }
            """ + Types);

    [Fact]
    public Task Fix_sets_an_explicit_register_false_to_true() =>
        Verify.CodeFixAsync<UnregisteredMetricsStoreAnalyzer, AddRegisterTrueCodeFix>(
            """
            using ProxyStore;
            using ProxyStore.Connectors;

            public sealed class Service
            {
                private readonly Store _store = {|PXS0001:new("s", new LocalConnector(), register: false, metrics: true)|};

                public IModel Share(IModel model) => _store.Proxy(model);
            }
            """ + Types,
            """
            using ProxyStore;
            using ProxyStore.Connectors;

            public sealed class Service
            {
                private readonly Store _store = new("s", new LocalConnector(), register: true, metrics: true);

                public IModel Share(IModel model) => _store.Proxy(model);
            }
            """ + Types);

    [Fact]
    public Task Fix_sets_a_positional_register_false_to_true() =>
        Verify.CodeFixAsync<UnregisteredMetricsStoreAnalyzer, AddRegisterTrueCodeFix>(
            """
            using ProxyStore;
            using ProxyStore.Connectors;

            public static class Worker
            {
                public static IModel Run()
                {
                    var store = {|PXS0001:new Store("s", new LocalConnector(), null, 16, true, false, false)|};
                    return store.Proxy<IModel>(new Model());
                }
            }
            """ + Types,
            """
            using ProxyStore;
            using ProxyStore.Connectors;

            public static class Worker
            {
                public static IModel Run()
                {
                    var store = new Store("s", new LocalConnector(), null, 16, true, false, true);
                    return store.Proxy<IModel>(new Model());
                }
            }
            """ + Types);
}
