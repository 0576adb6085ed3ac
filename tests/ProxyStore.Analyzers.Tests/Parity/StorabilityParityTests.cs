using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ProxyStore.Analyzers.Internal;
using ProxyStore.Analyzers.Rules;

namespace ProxyStore.Analyzers.Tests.Parity;

/// <summary>
/// PXS0006 over the storability corpus, compiled as one project (so each case's
/// <c>StorableTypes.Allow</c> calls are seen by every other case, as in an application): every
/// put is seen with its concrete and declared types, and reported if and only if the runtime's
/// rules refuse to create its type.
/// </summary>
public sealed class StorabilityParityTests
{
    private static readonly Lazy<Corpus> Compiled = new(Corpus.Build);

    public static TheoryData<string> CaseNames => [.. StorabilityCorpus.Cases.Select(c => c.Name)];

    [Fact]
    public void The_corpus_covers_every_rule_both_ways_and_compiles()
    {
        Assert.True(StorabilityCorpus.Cases.Length >= 30, $"{StorabilityCorpus.Cases.Length} cases");
        Assert.Equal(StorabilityCorpus.Cases.Length, StorabilityCorpus.Cases.Select(c => c.Name).Distinct().Count());
        Assert.Contains(StorabilityCorpus.Cases, c => c.Creatable);
        Assert.Contains(StorabilityCorpus.Cases, c => !c.Creatable);
        Assert.Empty(Compiled.Value.CompileErrors);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void The_put_is_seen_with_its_types_and_reported_iff_the_runtime_refuses_its_type(string name)
    {
        StorabilityCase @case = StorabilityCorpus.Cases.Single(c => c.Name == name);
        Corpus corpus = Compiled.Value;

        // Seen: the walk finds the created value and the type it is put as, so silence is a verdict.
        List<StoredObject> stored = corpus.StoredObjects(@case);
        ITypeSymbol created = corpus.CreatedType(@case);
        if (stored.Count == 0)
        {
            Assert.True(SymbolEqualityComparer.Default.Equals(created, corpus.DeclaredType(@case)), $"{name}: the put of {created} is not seen");
        }
        else
        {
            StoredObject only = Assert.Single(stored);
            Assert.Equal(created, only.Concrete, SymbolEqualityComparer.Default);
            Assert.Equal(corpus.DeclaredType(@case), only.Declared, SymbolEqualityComparer.Default);
        }

        Diagnostic[] reported = corpus.Diagnostics(@case);
        Assert.True(
            reported.Length == (@case.Creatable ? 0 : 1),
            $"{name}: creatable={@case.Creatable}, PXS0006: {string.Join("; ", reported.Select(d => d.GetMessage()))}");
    }

    /// <summary>The corpus compiled once, and PXS0006's diagnostics over it.</summary>
    private sealed class Corpus
    {
        private readonly Compilation _compilation;
        private readonly ImmutableArray<Diagnostic> _diagnostics;

        private Corpus(Compilation compilation, ImmutableArray<Diagnostic> diagnostics)
        {
            _compilation = compilation;
            _diagnostics = diagnostics;
        }

        public Diagnostic[] CompileErrors => [.. _compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)];

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
            return new Corpus(compilation, diagnostics);
        }

        public Diagnostic[] Diagnostics(StorabilityCase @case) =>
            [.. _diagnostics.Where(d => d.Location.SourceTree?.FilePath == @case.Path)];

        public List<StoredObject> StoredObjects(StorabilityCase @case)
        {
            (SemanticModel model, InvocationExpressionSyntax put) = Put(@case);
            var invocation = (IInvocationOperation)model.GetOperation(put)!;
            return Internal.StoredObjects.Of(invocation, ProxyStoreSymbols.Create(_compilation)!);
        }

        public ITypeSymbol CreatedType(StorabilityCase @case)
        {
            (SemanticModel model, InvocationExpressionSyntax put) = Put(@case);
            var cast = (CastExpressionSyntax)put.ArgumentList.Arguments[0].Expression;
            return model.GetTypeInfo(cast.Expression).Type!;
        }

        public ITypeSymbol DeclaredType(StorabilityCase @case)
        {
            (SemanticModel model, InvocationExpressionSyntax put) = Put(@case);
            return model.GetTypeInfo(put.ArgumentList.Arguments[0].Expression).Type!;
        }

        private (SemanticModel Model, InvocationExpressionSyntax Put) Put(StorabilityCase @case)
        {
            SyntaxTree tree = _compilation.SyntaxTrees.Single(t => t.FilePath == @case.Path);
            InvocationExpressionSyntax put = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
                .Single(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Put" });
            return (_compilation.GetSemanticModel(tree), put);
        }
    }
}
