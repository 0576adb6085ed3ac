using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ProxyStore.Analyzers.Rules;
using ProxyStore.Connectors;
using ProxyStore.Generators;

namespace ProxyStore.Analyzers.Tests.Parity;

/// <summary>
/// Issue 14's parity test: over one corpus of type shapes and call sites, the generator emits a
/// proxy if and only if PXS0003 is silent, and the runtime makes a proxy if and only if PXS0002
/// is silent. The corpus is compiled with the generator, checked by the analyzers as a build
/// would (generated code included), then loaded and run.
/// </summary>
public sealed class ProxiabilityParityTests
{
    private static readonly Lazy<Corpus> Compiled = new(Corpus.Build);

    public static TheoryData<string> CaseNames => [.. ParityCorpus.Cases.Select(c => c.Name)];

    [Fact]
    public void The_corpus_is_large_and_varied()
    {
        Assert.True(ParityCorpus.Cases.Length >= 50, $"{ParityCorpus.Cases.Length} cases");
        Assert.Equal(ParityCorpus.Cases.Length, ParityCorpus.Cases.Select(c => c.Name).Distinct().Count());
        Assert.Contains(ParityCorpus.Cases, c => c.Generated == true);
        Assert.Contains(ParityCorpus.Cases, c => c.Generated == false);
        Assert.Contains(ParityCorpus.Cases, c => c.Runs == true);
        Assert.Contains(ParityCorpus.Cases, c => c.Runs == false);
    }

    [Fact]
    public void The_corpus_and_its_proxies_compile_without_errors()
    {
        Corpus corpus = Compiled.Value;

        Assert.Empty(corpus.CompileErrors);
        Assert.NotNull(corpus.Assembly);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Generator_emits_a_proxy_iff_no_PXS0003(string name)
    {
        ParityCase @case = ParityCorpus.Cases.Single(c => c.Name == name);
        Corpus corpus = Compiled.Value;
        bool generated = corpus.HasGeneratedProxy(@case);
        Diagnostic[] pxs0003 = corpus.Diagnostics(@case, DiagnosticIds.InvalidProxiableTarget);

        if (@case.Generated is not { } expected)
        {
            // No [Proxiable] type: nothing to generate and nothing to report.
            Assert.False(generated, name);
            Assert.Empty(pxs0003);
            return;
        }

        Assert.True(generated != (pxs0003.Length > 0), $"{name}: generated={generated}, PXS0003: {string.Join("; ", pxs0003.Select(d => d.GetMessage()))}");
        Assert.Equal(expected, generated);
        if (!generated)
        {
            // The message says why, in words of the generator's own rules.
            Assert.Contains(" but ", pxs0003.Single().GetMessage(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Runtime_makes_a_proxy_iff_no_PXS0002(string name)
    {
        ParityCase @case = ParityCorpus.Cases.Single(c => c.Name == name);
        Corpus corpus = Compiled.Value;
        Diagnostic[] pxs0002 = corpus.Diagnostics(@case, DiagnosticIds.NonProxiableTypeArgument);
        if (@case.CallType is null)
        {
            Assert.Empty(pxs0002);
            return;
        }

        Exception? failure = corpus.Run(@case);

        Assert.True(failure is null or NonProxiableTypeException, $"{name}: unexpected {failure}");
        bool runs = failure is null;
        Assert.True(runs != (pxs0002.Length > 0), $"{name}: runs={runs} ({failure?.Message}), PXS0002: {string.Join("; ", pxs0002.Select(d => d.GetMessage()))}");
        if (@case.Runs is { } expected)
        {
            Assert.Equal(expected, runs);
        }
    }

    /// <summary>The corpus compiled once with the generator, its analyzer diagnostics, and the loaded assembly.</summary>
    private sealed class Corpus
    {
        private readonly Compilation _output;
        private readonly ImmutableArray<Diagnostic> _diagnostics;

        private Corpus(Compilation output, ImmutableArray<Diagnostic> diagnostics, Diagnostic[] compileErrors, Assembly? assembly)
        {
            _output = output;
            _diagnostics = diagnostics;
            CompileErrors = compileErrors;
            Assembly = assembly;
        }

        public Diagnostic[] CompileErrors { get; }

        public Assembly? Assembly { get; }

        public static Corpus Build()
        {
            var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
            CSharpCompilation input = CSharpCompilation.Create(
                "ProxyStore.ParityCorpus",
                ParityCorpus.Cases.Select(c => CSharpSyntaxTree.ParseText(c.Source, parseOptions, path: c.Path)),
                Verify.References,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            CSharpGeneratorDriver.Create([new ProxiableGenerator().AsSourceGenerator()], parseOptions: parseOptions)
                .RunGeneratorsAndUpdateCompilation(input, out Compilation output, out _);

            // As in a build, the analyzers see the generated proxies too.
            ImmutableArray<Diagnostic> diagnostics = output
                .WithAnalyzers([new InvalidProxiableTargetAnalyzer(), new NonProxiableTypeArgumentAnalyzer()])
                .GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();

            using var image = new MemoryStream();
            var result = output.Emit(image);
            Diagnostic[] errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();

            // Loaded beside the test's own ProxyStore.Runtime (a non-collectible context: Castle's
            // dynamic assembly cannot refer to types of a collectible one).
            Assembly? assembly = result.Success ? Assembly.Load(image.ToArray()) : null;
            return new Corpus(output, diagnostics, errors, assembly);
        }

        public Diagnostic[] Diagnostics(ParityCase @case, string id) =>
            _diagnostics.Where(d => d.Id == id && d.Location.SourceTree?.FilePath == @case.Path).ToArray();

        /// <summary>Whether a generated class implements <c>IProxy&lt;T&gt;</c> for a type declared in the case's file.</summary>
        public bool HasGeneratedProxy(ParityCase @case)
        {
            INamedTypeSymbol proxyOf = _output.GetTypeByMetadataName("ProxyStore.IProxy`1")!;
            foreach (SyntaxTree tree in _output.SyntaxTrees.Where(t => !ParityCorpus.Cases.Any(c => c.Path == t.FilePath)))
            {
                SemanticModel model = _output.GetSemanticModel(tree);
                foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax>())
                {
                    if (model.GetDeclaredSymbol(declaration) is not { } proxy)
                    {
                        continue;
                    }

                    foreach (INamedTypeSymbol @interface in proxy.AllInterfaces)
                    {
                        if (SymbolEqualityComparer.Default.Equals(@interface.OriginalDefinition, proxyOf)
                            && @interface.TypeArguments[0].OriginalDefinition.DeclaringSyntaxReferences.Any(r => r.SyntaxTree.FilePath == @case.Path))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        /// <summary>Runs the case's call site; null when it made a proxy, else what it threw.</summary>
        public Exception? Run(ParityCase @case)
        {
            Assert.NotNull(Assembly);
            MethodInfo run = Assembly.GetType("P." + @case.Name + ".Call", throwOnError: true)!.GetMethod("Run")!;
            using var store = new Store("parity-" + @case.Name + "-" + Guid.NewGuid().ToString("N"), new LocalConnector());
            StoreKey key = store.Put("never resolved");
            try
            {
                object proxy = run.Invoke(null, [store, key])!;
                Assert.IsAssignableFrom<IProxy>(proxy);
                Assert.False(Proxies.IsResolved(proxy));
                return null;
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                return e.InnerException;
            }
        }
    }
}
