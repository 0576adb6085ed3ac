using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ProxyStore.Analyzers.CodeFixes;
using ProxyStore.Analyzers.Rules;

namespace ProxyStore.Analyzers.Tests;

/// <summary>PXS0001 follows a store across types, members and files, and through FromConfig, async proxies and futures.</summary>
public class PXS0001CompilationWideTests
{
    private const string Header = """
        using System.Threading.Tasks;
        using ProxyStore;
        using ProxyStore.Connectors;

        """;

    private const string Types = """

        public interface IModel { int Value { get; } }
        public class Model : IModel { public int Value => 1; }
        """;

    private static Task VerifyAsync(string source, params DiagnosticResult[] expected) =>
        Verify.AnalyzerAsync<UnregisteredMetricsStoreAnalyzer>(Header + source + Types, expected);

    // A store used outside its type is reported at the end of the compilation: a non-local
    // diagnostic, which the testing library refuses to fix unless told. The fix applies in a build
    // or FixAll; the editor's light bulb is not offered for non-local diagnostics.
    private static async Task VerifyNonLocalFixAsync(string source, string fixedSource)
    {
        var test = new Microsoft.CodeAnalysis.CSharp.Testing.CSharpCodeFixTest<UnregisteredMetricsStoreAnalyzer, AddRegisterTrueCodeFix, DefaultVerifier>
        {
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
            TestCode = source,
            FixedCode = fixedSource,
            CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
        };
        test.TestState.AdditionalReferences.AddRange(Verify.References);
        test.FixedState.AdditionalReferences.AddRange(Verify.References);
        await test.RunAsync(CancellationToken.None);
    }

    private static Task VerifyFilesAsync(string first, string second, params DiagnosticResult[] expected) =>
        Verify.AnalyzerAsync<UnregisteredMetricsStoreAnalyzer>([Header + first, Header + second + Types], OutputKind.DynamicallyLinkedLibrary, expected);

    [Fact]
    public Task Static_field_used_for_proxies_in_another_class_and_file_is_reported() =>
        VerifyFilesAsync(
            """
            public static class Stores
            {
                public static readonly Store Shared = {|#0:new Store("shared", new LocalConnector(), metrics: true)|};
            }
            """,
            """
            public sealed class Worker
            {
                public IModel Share(IModel model) => Stores.Shared.Proxy(model);
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.UnregisteredMetricsStore).WithLocation(0).WithArguments("\"shared\""));

    [Fact]
    public Task Static_field_registered_in_another_class_is_not_reported() =>
        VerifyFilesAsync(
            """
            public static class Stores
            {
                public static readonly Store Shared = new Store("shared", new LocalConnector(), metrics: true);
            }

            public static class Startup
            {
                public static void Run() => StoreRegistry.Register(Stores.Shared);
            }
            """,
            """
            public sealed class Worker
            {
                public IModel Share(IModel model) => Stores.Shared.Proxy(model);
            }
            """);

    [Fact]
    public Task Instance_property_used_through_another_object_is_reported_and_registered_through_it_is_not() =>
        VerifyAsync("""
            public sealed class Service
            {
                public Store Store { get; } = {|PXS0001:new Store("service", new LocalConnector(), metrics: true)|};
                public Store Other { get; } = new Store("other", new LocalConnector(), metrics: true);
            }

            public static class Client
            {
                public static IModel Share(Service service, IModel model)
                {
                    StoreRegistry.Register(service.Other);
                    service.Other.Proxy(model);
                    return service.Store.Proxy(model);
                }
            }
            """);

    [Fact]
    public Task Protected_field_used_by_a_derived_class_is_reported_unless_the_derived_class_registers_it() =>
        VerifyAsync("""
            public abstract class Base
            {
                protected readonly Store Proxying = {|PXS0001:new Store("proxying", new LocalConnector(), metrics: true)|};
                protected readonly Store Registered = new Store("registered", new LocalConnector(), metrics: true);
            }

            public sealed class Derived : Base
            {
                public Derived() => StoreRegistry.Register(Registered);

                public IModel Share(IModel model)
                {
                    Registered.Proxy(model);
                    return Proxying.Proxy(model);
                }
            }
            """);

    [Fact]
    public Task Getter_returning_a_field_is_followed() =>
        VerifyAsync("""
            public static class Stores
            {
                private static Store? _shared;

                public static Store Shared => _shared ??= {|PXS0001:new Store("shared", new LocalConnector(), metrics: true)|};
            }

            public static class Worker
            {
                public static IModel Share(IModel model) => Stores.Shared.Proxy(model);
            }
            """);

    [Fact]
    public Task Factory_method_results_are_followed_into_callers() =>
        VerifyAsync("""
            public static class StoreFactory
            {
                public static Store Create()
                {
                    var store = {|PXS0001:new Store("made", new LocalConnector(), metrics: true)|};
                    return store;
                }

                public static async Task<Store> CreateAsync()
                {
                    await Task.Yield();
                    return {|PXS0001:new Store("made-async", new LocalConnector(), metrics: true)|};
                }
            }

            public static class Worker
            {
                public static async Task RunAsync(IModel model)
                {
                    using var store = StoreFactory.Create();
                    store.ProxyBatch(new[] { model });
                    (await StoreFactory.CreateAsync()).Proxy(model);
                }
            }
            """);

    [Fact]
    public Task Factory_method_result_registered_by_the_caller_is_not_reported() =>
        VerifyAsync("""
            public static class StoreFactory
            {
                public static Store Create() => new Store("made", new LocalConnector(), metrics: true);

                public static Store Unused() => new Store("unused", new LocalConnector(), metrics: true);
            }

            public static class Worker
            {
                public static IModel Run(IModel model)
                {
                    var store = StoreFactory.Create();
                    StoreRegistry.Register(store);
                    StoreFactory.Unused().Put(1);
                    return store.Proxy(model);
                }
            }
            """);

    [Fact]
    public Task Store_passed_to_a_method_that_makes_proxies_is_reported() =>
        VerifyAsync("""
            public static class Sharing
            {
                public static IModel Share(Store store, IModel model) => store.Proxy(model);
            }

            public static class Worker
            {
                public static IModel Run(IModel model)
                {
                    var store = {|PXS0001:new Store("s", new LocalConnector(), metrics: true)|};
                    return Sharing.Share(store, model);
                }
            }
            """);

    [Fact]
    public Task Store_passed_to_a_method_that_registers_it_is_not_reported() =>
        VerifyAsync("""
            public static class Registrar
            {
                public static void Add(Store store) => StoreRegistry.Register(store);
            }

            public static class Worker
            {
                public static IModel Run(IModel model)
                {
                    var store = new Store("s", new LocalConnector(), metrics: true);
                    Registrar.Add(store);
                    return store.Proxy(model);
                }
            }
            """);

    [Fact]
    public Task ProxyAsync_and_ProxyBatchAsync_are_reported() =>
        VerifyAsync("""
            public static class Worker
            {
                public static async Task RunAsync(IModel model)
                {
                    await using var one = {|PXS0001:new Store("one", new LocalConnector(), metrics: true)|};
                    await one.ProxyAsync(model);
                    await using var batch = {|PXS0001:new Store("batch", new LocalConnector(), metrics: true)|};
                    await batch.ProxyBatchAsync(new[] { model });
                    await using var registered = new Store("registered", new LocalConnector(), metrics: true, register: true);
                    await registered.ProxyAsync(model);
                }
            }
            """);

    [Fact]
    public Task Future_proxies_are_reported() =>
        VerifyAsync("""
            public static class Worker
            {
                public static async Task RunAsync()
                {
                    var direct = {|PXS0001:new Store("direct", new LocalConnector(), metrics: true)|};
                    _ = direct.Future<IModel>().Proxy();
                    var later = {|PXS0001:new Store("later", new LocalConnector(), metrics: true)|};
                    var future = await later.FutureAsync<IModel>();
                    _ = future.Proxy();
                    var unproxied = new Store("unproxied", new LocalConnector(), metrics: true);
                    unproxied.Future<IModel>().SetResult(new Model());
                }
            }
            """);

    [Fact]
    public Task FromConfig_with_constant_metrics_is_reported_at_the_call() =>
        VerifyAsync("""
            public static class Worker
            {
                public static async Task RunAsync(IModel model)
                {
                    var store = {|#0:Store.FromConfig(new StoreConfig { Name = "configured", Connector = new LocalConnector().GetConfig(), Metrics = true })|};
                    store.Proxy(model);

                    var config = new StoreConfig { Name = "configured-async", Connector = new LocalConnector().GetConfig(), Metrics = true, Register = false };
                    var other = await {|#1:Store.FromConfigAsync(config)|};
                    other.Proxy(model);
                }
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.UnregisteredMetricsStore).WithLocation(0).WithArguments("\"configured\""),
            Verify.Diagnostic(DiagnosticDescriptors.UnregisteredMetricsStore).WithLocation(1).WithArguments("\"configured-async\""));

    [Fact]
    public Task FromConfig_registered_or_with_metrics_not_known_is_not_reported() =>
        VerifyAsync("""
            public static class Worker
            {
                public static void Run(IModel model, StoreConfig given, bool metrics)
                {
                    Store.FromConfig(new StoreConfig { Name = "a", Connector = new LocalConnector().GetConfig(), Metrics = true, Register = true }).Proxy(model);
                    Store.FromConfig(new StoreConfig { Name = "b", Connector = new LocalConnector().GetConfig(), Metrics = metrics }).Proxy(model);
                    Store.FromConfig(new StoreConfig { Name = "c", Connector = new LocalConnector().GetConfig() }).Proxy(model);
                    Store.FromConfig(given).Proxy(model);
                    Store.FromConfig(given with { Metrics = true }).Proxy(model);

                    var changed = new StoreConfig { Name = "d", Connector = new LocalConnector().GetConfig(), Metrics = true };
                    changed = given;
                    Store.FromConfig(changed).Proxy(model);

                    var registered = Store.FromConfig(new StoreConfig { Name = "e", Connector = new LocalConnector().GetConfig(), Metrics = true });
                    StoreRegistry.Register(registered);
                    registered.Proxy(model);
                }
            }
            """);

    [Fact]
    public Task Store_that_goes_where_the_flow_cannot_follow_is_not_reported() =>
        VerifyAsync("""
            using System.Collections.Generic;

            public static class Worker
            {
                public static readonly List<Store> All = new();

                public static IModel Run(IModel model, bool flag)
                {
                    var listed = new Store("listed", new LocalConnector(), metrics: true);
                    All.Add(listed);
                    var paired = new Store("paired", new LocalConnector(), metrics: true);
                    var pair = (paired, 1);
                    var chosen = new Store("chosen", new LocalConnector(), metrics: true);
                    Store either = flag ? chosen : listed;
                    listed.Proxy(model);
                    paired.Proxy(model);
                    return chosen.Proxy(model);
                }
            }
            """);

    [Fact]
    public Task Conditional_access_and_lambdas_are_followed() =>
        VerifyAsync("""
            using System;

            public sealed class Service
            {
                private Store? _store = {|PXS0001:new Store("service", new LocalConnector(), metrics: true)|};

                public IModel? Share(IModel model) => _store?.Proxy(model);

                public Func<IModel, IModel> Sharer()
                {
                    var store = {|PXS0001:new Store("lambda", new LocalConnector(), metrics: true)|};
                    return m => store.Proxy(m);
                }
            }
            """);

    [Fact]
    public Task Fix_adds_register_true_to_a_static_field_used_in_another_class() =>
        VerifyNonLocalFixAsync(
            Header + """
            public static class Stores
            {
                public static readonly Store Shared = {|PXS0001:new Store("shared", new LocalConnector(), metrics: true)|};
            }

            public static class Worker
            {
                public static IModel Share(IModel model) => Stores.Shared.Proxy(model);
            }
            """ + Types,
            Header + """
            public static class Stores
            {
                public static readonly Store Shared = new Store("shared", new LocalConnector(), metrics: true, register: true);
            }

            public static class Worker
            {
                public static IModel Share(IModel model) => Stores.Shared.Proxy(model);
            }
            """ + Types);

    [Fact]
    public Task Fix_sets_Register_in_a_config_written_in_the_FromConfig_call() =>
        VerifyNonLocalFixAsync(
            Header + """
            public sealed class Holder
            {
                public Holder(Store store) => Store = store;

                public Store Store { get; }

                public static IModel Run(IModel model) =>
                    new Holder({|PXS0001:Store.FromConfig(new StoreConfig { Name = "c", Connector = new LocalConnector().GetConfig(), Metrics = true })|}).Store.Proxy(model);

                public static IModel RunAgain(IModel model) =>
                    {|PXS0001:Store.FromConfig(new StoreConfig { Name = "d", Connector = new LocalConnector().GetConfig(), Register = false, Metrics = true })|}.Proxy(model);
            }
            """ + Types,
            Header + """
            public sealed class Holder
            {
                public Holder(Store store) => Store = store;

                public Store Store { get; }

                public static IModel Run(IModel model) =>
                    new Holder(Store.FromConfig(new StoreConfig { Name = "c", Connector = new LocalConnector().GetConfig(), Metrics = true, Register = true })).Store.Proxy(model);

                public static IModel RunAgain(IModel model) =>
                    Store.FromConfig(new StoreConfig { Name = "d", Connector = new LocalConnector().GetConfig(), Register = true, Metrics = true }).Proxy(model);
            }
            """ + Types);

    [Fact]
    public Task Fix_adds_Register_to_a_multi_line_config() =>
        VerifyNonLocalFixAsync(
            Header + """
            public static class Worker
            {
                public static IModel Run(IModel model) =>
                    {|PXS0001:Store.FromConfig(new StoreConfig
                    {
                        Name = "c",
                        Connector = new LocalConnector().GetConfig(),
                        Metrics = true,
                    })|}.Proxy(model);
            }
            """ + Types,
            Header + """
            public static class Worker
            {
                public static IModel Run(IModel model) =>
                    Store.FromConfig(new StoreConfig
                    {
                        Name = "c",
                        Connector = new LocalConnector().GetConfig(),
                        Metrics = true,
                        Register = true,
                    }).Proxy(model);
            }
            """ + Types);

    [Fact]
    public Task No_fix_is_offered_for_a_config_held_in_a_local() =>
        VerifyNonLocalFixAsync(
            Header + """
            public static class Worker
            {
                public static IModel Run(IModel model)
                {
                    var config = new StoreConfig { Name = "c", Connector = new LocalConnector().GetConfig(), Metrics = true };
                    return {|PXS0001:Store.FromConfig(config)|}.Proxy(model);
                }
            }
            """ + Types,
            Header + """
            public static class Worker
            {
                public static IModel Run(IModel model)
                {
                    var config = new StoreConfig { Name = "c", Connector = new LocalConnector().GetConfig(), Metrics = true };
                    return {|PXS0001:Store.FromConfig(config)|}.Proxy(model);
                }
            }
            """ + Types);
}
