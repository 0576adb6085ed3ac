using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using ProxyStore.Analyzers.Internal;
using ProxyStore.Analyzers.Rules;
using ProxyStore.Connectors;
using ProxyStore.Serialization;

namespace ProxyStore.Analyzers.Tests.Parity;

/// <summary>
/// PXS0006 against the runtime over the storability corpus. The corpus is compiled as one project
/// (so each case's <c>StorableTypes.Allow</c> calls are seen by every other case, as in an
/// application) and checked by the analyzer; then it is loaded, its <c>Allow</c> calls run, and
/// each case's value is put into a real store, alone and in a member, and read back. A put is
/// reported if and only if the runtime refuses it (at the get, or at the put for a member), and
/// both agree with what the case states.
/// </summary>
public sealed class StorabilityParityTests
{
    private static readonly Lazy<Corpus> Compiled = new(Corpus.Build);

    public static TheoryData<string> CaseNames => [.. StorabilityCorpus.Cases.Select(c => c.Name)];

    [Fact]
    public void The_corpus_covers_every_rule_both_ways_and_compiles()
    {
        Assert.True(StorabilityCorpus.Cases.Length >= 45, $"{StorabilityCorpus.Cases.Length} cases");
        Assert.Equal(StorabilityCorpus.Cases.Length, StorabilityCorpus.Cases.Select(c => c.Name).Distinct().Count());
        Assert.Contains(StorabilityCorpus.Cases, c => c.Creatable);
        Assert.Contains(StorabilityCorpus.Cases, c => !c.Creatable);
        Assert.Contains(StorabilityCorpus.Cases, c => c.Creatable && !c.CreatableInMember);
        Assert.Contains(StorabilityCorpus.Cases, c => !c.Creatable && c.CreatableInMember);
        Assert.Empty(Compiled.Value.CompileErrors);
        Assert.NotNull(Compiled.Value.Assembly);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void The_put_is_seen_with_its_types_and_reported_iff_the_case_is_refused(string name)
    {
        StorabilityCase @case = StorabilityCorpus.Cases.Single(c => c.Name == name);
        Corpus corpus = Compiled.Value;

        // Seen: the walk finds the created value and the type it is put as, so silence is a verdict.
        List<StoredObject> stored = corpus.StoredObjects(@case, "Put");
        ITypeSymbol created = corpus.CreatedType(@case);
        ITypeSymbol declared = corpus.DeclaredType(@case);
        if (stored.Count == 0)
        {
            Assert.True(SymbolEqualityComparer.Default.Equals(created, declared), $"{name}: the put of {created} is not seen");
        }
        else
        {
            StoredObject only = Assert.Single(stored);
            Assert.Equal(created, only.Concrete, SymbolEqualityComparer.Default);
            Assert.Equal(declared, only.Declared, SymbolEqualityComparer.Default);
            Assert.False(only.InGraph);
        }

        // In a member: the same value, declared by the member.
        List<StoredObject> held = corpus.StoredObjects(@case, "PutHeld");
        if (!SymbolEqualityComparer.Default.Equals(created, declared))
        {
            StoredObject only = Assert.Single(held);
            Assert.Equal(created, only.Concrete, SymbolEqualityComparer.Default);
            Assert.Equal(declared, only.Declared, SymbolEqualityComparer.Default);
            Assert.True(only.InGraph);
        }

        Diagnostic[] reported = corpus.Diagnostics(@case, "Put");
        Assert.True(
            reported.Length == (@case.Creatable ? 0 : 1),
            $"{name}: creatable={@case.Creatable}, PXS0006: {string.Join("; ", reported.Select(d => d.GetMessage()))}");
        Diagnostic[] reportedInMember = corpus.Diagnostics(@case, "PutHeld");
        Assert.True(
            reportedInMember.Length == (@case.CreatableInMember ? 0 : 1),
            $"{name}, in a member: creatable={@case.CreatableInMember}, PXS0006: {string.Join("; ", reportedInMember.Select(d => d.GetMessage()))}");
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void The_runtime_reads_the_value_back_iff_the_case_is_creatable_alone_and_in_a_member(string name)
    {
        StorabilityCase @case = StorabilityCorpus.Cases.Single(c => c.Name == name);
        Corpus corpus = Compiled.Value;

        // Stored alone, the put always succeeds: its type is in the frame, and the get decides.
        (Exception? put, Exception? get) = corpus.RoundTrip(@case, "Put");
        Assert.Null(put);
        Assert.True(get is null or StoreSerializationException, $"{name}: unexpected {get}");
        Assert.True(@case.Creatable == (get is null), $"{name}: creatable={@case.Creatable}, the get: {get?.Message ?? "read it back"}");

        // In a member, the serializer refuses at the put what the get would refuse.
        (Exception? heldPut, Exception? heldGet) = corpus.RoundTrip(@case, "PutHeld");
        Exception? refused = heldPut ?? heldGet;
        Assert.True(refused is null or StoreSerializationException, $"{name}: unexpected {refused}");
        Assert.True(@case.CreatableInMember == (refused is null), $"{name}, in a member: creatable={@case.CreatableInMember}, {(heldPut is null ? "the get" : "the put")}: {refused?.Message ?? "read it back"}");
    }

    /// <summary>The corpus compiled once, PXS0006's diagnostics over it, and the loaded assembly with its Allow calls made.</summary>
    private sealed class Corpus
    {
        private readonly Compilation _compilation;
        private readonly ImmutableArray<Diagnostic> _diagnostics;

        private Corpus(Compilation compilation, ImmutableArray<Diagnostic> diagnostics, Diagnostic[] compileErrors, Assembly? assembly)
        {
            _compilation = compilation;
            _diagnostics = diagnostics;
            CompileErrors = compileErrors;
            Assembly = assembly;
        }

        public Diagnostic[] CompileErrors { get; }

        public Assembly? Assembly { get; }

        public static Corpus Build()
        {
            CSharpCompilation compilation = CSharpCompilation.Create(
                "ProxyStore.StorabilityCorpus",
                StorabilityCorpus.Cases.Select(c => CSharpSyntaxTree.ParseText(c.Source, new CSharpParseOptions(LanguageVersion.Latest), path: c.Path)),
                Verify.References,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            ImmutableArray<Diagnostic> diagnostics = compilation
                .WithAnalyzers([new UnstorableConcreteTypeAnalyzer()])
                .GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();

            using var image = new MemoryStream();
            var result = compilation.Emit(image);
            Diagnostic[] errors = [.. result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)];

            // Loaded beside the test's own ProxyStore.Runtime, where the serializer finds its types by name.
            Assembly? assembly = result.Success ? Assembly.Load(image.ToArray()) : null;

            // As in an application: every Allow call is made before anything is read.
            foreach (Type setup in assembly?.GetTypes().Where(t => t.Name == "Setup") ?? [])
            {
                setup.GetMethod("Run")!.Invoke(null, null);
            }

            return new Corpus(compilation, diagnostics, errors, assembly);
        }

        /// <summary>PXS0006 in the case's class <paramref name="putClass"/>.</summary>
        public Diagnostic[] Diagnostics(StorabilityCase @case, string putClass)
        {
            TextSpan span = PutClass(@case, putClass).Span;
            return [.. _diagnostics.Where(d => d.Location.SourceTree?.FilePath == @case.Path && span.Contains(d.Location.SourceSpan))];
        }

        public List<StoredObject> StoredObjects(StorabilityCase @case, string putClass)
        {
            InvocationExpressionSyntax put = Put(@case, putClass);
            var invocation = (IInvocationOperation)Model(@case).GetOperation(put)!;
            return Internal.StoredObjects.Of(invocation, ProxyStoreSymbols.Create(_compilation)!);
        }

        public ITypeSymbol CreatedType(StorabilityCase @case)
        {
            var cast = (CastExpressionSyntax)Put(@case, "Put").ArgumentList.Arguments[0].Expression;
            return Model(@case).GetTypeInfo(cast.Expression).Type!;
        }

        public ITypeSymbol DeclaredType(StorabilityCase @case) =>
            Model(@case).GetTypeInfo(Put(@case, "Put").ArgumentList.Arguments[0].Expression).Type!;

        /// <summary>Runs the case's <paramref name="putClass"/>: its put into a new store, then its get; what each threw.</summary>
        public (Exception? Put, Exception? Get) RoundTrip(StorabilityCase @case, string putClass)
        {
            Assert.NotNull(Assembly);
            Type type = Assembly.GetType("S." + @case.Name + "." + putClass, throwOnError: true)!;

            // No cache: the get reads the stored bytes.
            using var store = new Store("storability-" + @case.Name + "-" + Guid.NewGuid().ToString("N"), new LocalConnector(), cacheSize: 0);
            StoreKey key;
            try
            {
                key = (StoreKey)type.GetMethod("Run")!.Invoke(null, [store])!;
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                return (e.InnerException, null);
            }

            try
            {
                type.GetMethod("Read")!.Invoke(null, [store, key]);
                return (null, null);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                return (null, e.InnerException);
            }
        }

        private SemanticModel Model(StorabilityCase @case) =>
            _compilation.GetSemanticModel(_compilation.SyntaxTrees.Single(t => t.FilePath == @case.Path));

        private ClassDeclarationSyntax PutClass(StorabilityCase @case, string putClass) =>
            _compilation.SyntaxTrees.Single(t => t.FilePath == @case.Path).GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>()
                .Single(c => c.Identifier.ValueText == putClass);

        private InvocationExpressionSyntax Put(StorabilityCase @case, string putClass) =>
            PutClass(@case, putClass).DescendantNodes().OfType<InvocationExpressionSyntax>()
                .Single(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Put" });
    }
}
