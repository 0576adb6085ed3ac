using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ProxyStore.Analyzers.Rules;

namespace ProxyStore.Analyzers.Tests;

/// <summary>
/// Which PXS0001 and PXS0005 reports are local (made while a type or member is analyzed, so the
/// IDE shows them as you type and offers fixes) and which wait for the end of the compilation.
/// </summary>
public class DiagnosticLocalityTests
{
    private const string Source = """
        using ProxyStore;
        using ProxyStore.Connectors;

        public interface IModel { int Value { get; } }

        public static class Local
        {
            public static IModel Run(IModel model)
            {
                var store = new Store("local", new LocalConnector(), metrics: true);
                using var a = new Store("same", new LocalConnector(), register: true);
                using var b = new Store("same", new LocalConnector(), register: true);
                return store.Proxy(model);
            }
        }

        public static class Shared
        {
            public static readonly Store Store = new Store("shared", new LocalConnector(), metrics: true);

            public static Store Other() => new Store("other", new LocalConnector(), register: true);
        }

        public static class User
        {
            public static IModel Run(IModel model) => Shared.Store.Proxy(model);

            public static Store Other() => new Store("other", new LocalConnector(), register: true);
        }
        """;

    [Fact]
    public async Task In_type_and_in_member_reports_are_local_and_cross_type_ones_come_at_compilation_end()
    {
        CSharpCompilation compilation = CSharpCompilation.Create(
            "Locality",
            [CSharpSyntaxTree.ParseText(Source, path: "/0/Test0.cs")],
            Verify.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        AnalysisResult result = await compilation
            .WithAnalyzers([new UnregisteredMetricsStoreAnalyzer(), new DuplicateStoreNameAnalyzer()])
            .GetAnalysisResultAsync(CancellationToken.None);

        string[] local = [.. result.SemanticDiagnostics.Values.SelectMany(byAnalyzer => byAnalyzer.Values).SelectMany(d => d).Select(Describe).Order()];
        string[] atEnd = [.. result.CompilationDiagnostics.Values.SelectMany(d => d).Select(Describe).Order()];

        Assert.Equal(["PXS0001 at 10", "PXS0005 at 12"], local);
        Assert.Equal(["PXS0001 at 19", "PXS0005 at 28"], atEnd);

        static string Describe(Diagnostic diagnostic) => $"{diagnostic.Id} at {diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1}";
    }
}
