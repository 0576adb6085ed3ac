using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ProxyStore.Analyzers.Rules;

namespace ProxyStore.Analyzers.Tests;

public class PXS0005DuplicateStoreNameTests
{
    private const string Header = """
        using ProxyStore;
        using ProxyStore.Connectors;

        """;

    private static Task VerifyAsync(string source, params DiagnosticResult[] expected) =>
        Verify.AnalyzerAsync<DuplicateStoreNameAnalyzer>(Header + source, expected);

    [Fact]
    public Task Second_constructor_registration_is_reported_and_names_the_first() =>
        VerifyAsync("""
            public static class Stores
            {
                public static Store First() => {|#1:new Store("shared", new LocalConnector(), register: true)|};

                public static Store Second() => {|#0:new Store("shared", new FileConnector("/tmp/x"), metrics: true, register: true)|};
            }
            """,
            Verify.Diagnostic(DiagnosticDescriptors.DuplicateStoreName).WithLocation(0).WithLocation(1).WithArguments("shared", "/0/Test0.cs(5,36)"));

    [Fact]
    public Task StoreRegistry_Register_of_constant_named_stores_is_counted() =>
        VerifyAsync("""
            public sealed class Service
            {
                private readonly Store _field = new Store("shared", new LocalConnector());
                private const string Name = "shared";

                public void Start()
                {
                    var local = new Store(Name, new LocalConnector());
                    {|#2:StoreRegistry.Register(_field)|};
                    {|#0:StoreRegistry.Register(local)|};
                    {|#1:StoreRegistry.Register(new Store("shared", new LocalConnector()), existOk: false)|};
                }
            }
            """,
            // #1 is decided within Start, against the local's registration there (#0); #0 needs _field's name, known at the end.
            Verify.Diagnostic(DiagnosticDescriptors.DuplicateStoreName).WithLocation(0).WithLocation(2).WithArguments("shared", "/0/Test0.cs(11,9)"),
            Verify.Diagnostic(DiagnosticDescriptors.DuplicateStoreName).WithLocation(1).WithLocation(0).WithArguments("shared", "/0/Test0.cs(12,9)"));

    [Fact]
    public Task Registrations_in_two_files_report_the_later_file() =>
        Verify.AnalyzerAsync<DuplicateStoreNameAnalyzer>(
            [
                Header + """
                public static class A
                {
                    public static Store Open() => {|#1:new Store("shared", new LocalConnector(), register: true)|};
                }
                """,
                Header + """
                public static class B
                {
                    public static Store Open() => {|#0:new Store("shared", new LocalConnector(), register: true)|};
                }
                """,
            ],
            OutputKind.DynamicallyLinkedLibrary,
            Verify.Diagnostic(DiagnosticDescriptors.DuplicateStoreName).WithLocation(0).WithLocation(1).WithArguments("shared", "/0/Test0.cs(5,35)"));

    [Fact]
    public Task Different_names_existOk_and_the_same_instance_are_not_reported() =>
        VerifyAsync("""
            public static class Stores
            {
                public static void Run(string dynamicName, bool replace)
                {
                    var a = new Store("a", new LocalConnector(), register: true);
                    var b = new Store("b", new LocalConnector(), register: true);
                    StoreRegistry.Register(a);
                    StoreRegistry.Register(new Store("a", new LocalConnector()), existOk: true);
                    StoreRegistry.Register(new Store("a", new LocalConnector()), replace);
                    var c = new Store(dynamicName, new LocalConnector(), register: true);
                    var d = new Store(dynamicName, new LocalConnector(), register: true);
                    var unregistered = new Store("b", new LocalConnector());
                    var e = new Store("e", new LocalConnector());
                    StoreRegistry.Register(e);
                    StoreRegistry.Register(e);
                }
            }
            """);
}
