using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using ProxyStore.Analyzers.Rules;
using ProxyStore.Tests.Shared;

namespace ProxyStore.Analyzers.Tests;

/// <summary>PXS0001 and ProxyStore.Extensions.Hosting: the host registers the stores it is given, so they are never reported.</summary>
public class PXS0001HostingTests
{
    [Fact]
    public Task A_metrics_store_made_by_an_AddStore_factory_is_registered_by_the_host() =>
        VerifyAsync("""
            using Microsoft.Extensions.DependencyInjection;
            using ProxyStore;
            using ProxyStore.Connectors;

            public interface IModel { int Value { get; } }
            public class Model : IModel { public int Value => 1; }

            public static class Setup
            {
                public static void Add(IServiceCollection services, Model warmUp)
                {
                    services.AddProxyStore().AddStore("hosted", _ =>
                    {
                        var store = new Store("hosted", new LocalConnector(), metrics: true);
                        store.Proxy<IModel>(warmUp);
                        return store;
                    });
                }
            }
            """);

    [Fact]
    public Task The_same_store_from_a_lambda_nobody_registers_is_still_reported_when_it_makes_proxies_outside_it() =>
        VerifyAsync("""
            using System;
            using ProxyStore;
            using ProxyStore.Connectors;

            public interface IModel { int Value { get; } }
            public class Model : IModel { public int Value => 1; }

            public static class Setup
            {
                public static IModel Run(Model model)
                {
                    var store = {|PXS0001:new Store("kept", new LocalConnector(), metrics: true)|};
                    Func<int> unrelated = () => 1;
                    return store.Proxy<IModel>(model);
                }
            }
            """);

    private static async Task VerifyAsync(string source)
    {
        var test = new CSharpAnalyzerTest<UnregisteredMetricsStoreAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
            TestCode = source,
        };
        test.TestState.AdditionalReferences.AddRange(Verify.References);
        test.TestState.AdditionalReferences.AddRange(HostingReferences.All);
        await test.RunAsync(CancellationToken.None);
    }
}
