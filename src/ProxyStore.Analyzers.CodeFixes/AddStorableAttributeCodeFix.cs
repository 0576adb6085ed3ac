using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ProxyStore.Analyzers.Rules;

namespace ProxyStore.Analyzers.CodeFixes;

/// <summary>
/// PXS0006: marks the concrete type that would not be read back <c>[Storable]</c>, on its
/// declaration, which may be in another document than the put. The attribute is written as
/// <c>[Storable]</c> where that name finds <c>ProxyStore.StorableAttribute</c>, else qualified.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddStorableAttributeCodeFix))]
[Shared]
public sealed class AddStorableAttributeCodeFix : CodeFixProvider
{
    private const string StorableAttributeMetadataName = "ProxyStore.StorableAttribute";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UnstorableConcreteType);

    /// <inheritdoc/>
    /// <remarks>
    /// Not the batch fixer: puts of one type in many places each ask for the same edit, in a
    /// document none of them may be in, so Fix All gathers the types and marks each once.
    /// </remarks>
    public override FixAllProvider GetFixAllProvider() => FixAll.Instance;

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        Solution solution = context.Document.Project.Solution;
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (diagnostic.Properties.ContainsKey(UnstorableConcreteTypeAnalyzer.FixableProperty)
                && diagnostic.Properties.TryGetValue(UnstorableConcreteTypeAnalyzer.TypeNameProperty, out string? typeName)
                && Declaration(diagnostic) is { SourceTree: { } tree }
                && solution.GetDocument(tree) is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Mark '{typeName}' [Storable]",
                        c => MarkStorableAsync(solution, [diagnostic], c),
                        equivalenceKey: nameof(AddStorableAttributeCodeFix)),
                    diagnostic);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Where the type to mark is declared: the diagnostic's first additional location.</summary>
    private static Location? Declaration(Diagnostic diagnostic) =>
        diagnostic.Properties.ContainsKey(UnstorableConcreteTypeAnalyzer.FixableProperty) && diagnostic.AdditionalLocations.Count > 0
            ? diagnostic.AdditionalLocations[0]
            : null;

    /// <summary>Marks the types the <paramref name="diagnostics"/> name <c>[Storable]</c>, each once.</summary>
    private static async Task<Solution> MarkStorableAsync(Solution solution, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        IEnumerable<IGrouping<SyntaxTree, Location>> byTree = diagnostics
            .Select(Declaration)
            .OfType<Location>()
            .Where(l => l.SourceTree is not null)
            .GroupBy(l => l.SourceTree!);
        Solution changed = solution;
        foreach (IGrouping<SyntaxTree, Location> inTree in byTree)
        {
            if (solution.GetDocument(inTree.Key) is not { } document
                || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root
                || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model
                || model.Compilation.GetTypeByMetadataName(StorableAttributeMetadataName) is not { } storable)
            {
                continue;
            }

            List<TypeDeclarationSyntax> declarations = [.. inTree
                .Select(l => root.FindToken(l.SourceSpan.Start).Parent?.FirstAncestorOrSelf<TypeDeclarationSyntax>())
                .OfType<TypeDeclarationSyntax>()
                .Where(d => !IsMarked(d, model, storable, cancellationToken))
                .Distinct()];
            if (declarations.Count == 0)
            {
                continue;
            }

            SyntaxTrivia endOfLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            if (endOfLine == default)
            {
                endOfLine = SyntaxFactory.EndOfLine("\n");
            }

            SyntaxNode newRoot = root.ReplaceNodes(declarations, (original, _) => AddAttribute(original, AttributeName(original, model, storable), endOfLine));
            changed = changed.WithDocumentSyntaxRoot(document.Id, newRoot);
        }

        return changed;
    }

    /// <summary>Whether any attribute on <paramref name="declaration"/> is already <c>[Storable]</c> (a type marked since the diagnostic).</summary>
    private static bool IsMarked(TypeDeclarationSyntax declaration, SemanticModel model, INamedTypeSymbol storable, CancellationToken cancellationToken) =>
        declaration.AttributeLists.SelectMany(l => l.Attributes).Any(a =>
            SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(a, cancellationToken).Symbol?.ContainingType, storable));

    /// <summary>
    /// <c>Storable</c> where a type name written at <paramref name="declaration"/> finds the
    /// attribute (a <c>using ProxyStore;</c>, or inside namespace <c>ProxyStore</c>), else
    /// <c>ProxyStore.Storable</c>, or <c>global::ProxyStore.Storable</c> when that name is taken.
    /// </summary>
    private static NameSyntax AttributeName(TypeDeclarationSyntax declaration, SemanticModel model, INamedTypeSymbol storable)
    {
        int position = declaration.SpanStart;
        foreach (string name in new[] { "Storable", "ProxyStore.Storable" })
        {
            // An attribute name finds 'XAttribute' or 'X'; only the first may be there, or the name is ambiguous.
            if (Binds(name + "Attribute") && !Binds(name, anyType: true))
            {
                return SyntaxFactory.ParseName(name);
            }
        }

        return SyntaxFactory.ParseName("global::ProxyStore.Storable");

        bool Binds(string name, bool anyType = false)
        {
            ITypeSymbol? found = model.GetSpeculativeTypeInfo(position, SyntaxFactory.ParseTypeName(name), SpeculativeBindingOption.BindAsTypeOrNamespace).Type;
            return anyType ? found is not (null or IErrorTypeSymbol) : SymbolEqualityComparer.Default.Equals(found, storable);
        }
    }

    /// <summary>
    /// <paramref name="declaration"/> with <c>[name]</c> in an attribute list of its own, after
    /// the ones it has, on its own line: a doc comment stays above the attributes.
    /// </summary>
    private static TypeDeclarationSyntax AddAttribute(TypeDeclarationSyntax declaration, NameSyntax name, SyntaxTrivia endOfLine)
    {
        AttributeListSyntax list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(name)));
        SyntaxToken first = declaration.AttributeLists.Count > 0 ? declaration.AttributeLists.Last().GetLastToken().GetNextToken() : declaration.GetFirstToken();
        SyntaxTriviaList leading = first.LeadingTrivia;
        SyntaxTriviaList indentation = leading.Count > 0 && leading.Last().IsKind(SyntaxKind.WhitespaceTrivia)
            ? SyntaxFactory.TriviaList(leading.Last())
            : SyntaxFactory.TriviaList();

        // The new list takes the token's leading trivia (a doc comment and the indentation, or just
        // the indentation after other attribute lists); the token keeps only the indentation.
        list = list.WithLeadingTrivia(leading).WithTrailingTrivia(endOfLine);
        TypeDeclarationSyntax moved = declaration.ReplaceToken(first, first.WithLeadingTrivia(indentation));
        return moved.WithAttributeLists(moved.AttributeLists.Add(list));
    }

    /// <summary>Fix All: the types every diagnostic in scope names, each marked once.</summary>
    private sealed class FixAll : FixAllProvider
    {
        public static readonly FixAll Instance = new();

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var diagnostics = new List<Diagnostic>();
            foreach (Project project in Projects(fixAllContext))
            {
                if (fixAllContext.Scope == FixAllScope.Document && fixAllContext.Document is { } document)
                {
                    diagnostics.AddRange(await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false));
                }
                else
                {
                    diagnostics.AddRange(await fixAllContext.GetAllDiagnosticsAsync(project).ConfigureAwait(false));
                }
            }

            Solution solution = fixAllContext.Solution;
            return CodeAction.Create(
                "Mark the types [Storable]",
                c => MarkStorableAsync(solution, diagnostics, c),
                equivalenceKey: fixAllContext.CodeActionEquivalenceKey);
        }

        private static IEnumerable<Project> Projects(FixAllContext context) =>
            context.Scope == FixAllScope.Solution ? context.Solution.Projects : [context.Project];
    }
}
