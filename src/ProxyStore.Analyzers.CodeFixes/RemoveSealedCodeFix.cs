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

/// <summary>PXS0003: removes <c>sealed</c> from a <c>[Proxiable]</c> class, from every partial declaration that has it.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveSealedCodeFix))]
[Shared]
public sealed class RemoveSealedCodeFix : CodeFixProvider
{
    private const string Title = "Remove 'sealed' so a proxy class can derive from it";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.InvalidProxiableTarget);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span) is not { } node || node.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } declaration)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (diagnostic.Properties.TryGetValue(InvalidProxiableTargetAnalyzer.CauseProperty, out string? cause)
                && cause == InvalidProxiableTargetAnalyzer.CauseSealed)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, c => RemoveSealedAsync(context.Document, declaration, c), equivalenceKey: nameof(RemoveSealedCodeFix)),
                    diagnostic);
            }
        }
    }

    private static async Task<Solution> RemoveSealedAsync(Document document, TypeDeclarationSyntax declaration, CancellationToken cancellationToken)
    {
        Solution solution = document.Project.Solution;
        SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model?.GetDeclaredSymbol(declaration, cancellationToken) is not INamedTypeSymbol type)
        {
            return solution;
        }

        // 'sealed' may be on any partial declaration of the type, in any document.
        foreach (IGrouping<SyntaxTree, SyntaxReference> inTree in type.DeclaringSyntaxReferences.GroupBy(r => r.SyntaxTree))
        {
            DocumentId? id = solution.GetDocumentId(inTree.Key);
            if (id is null)
            {
                continue;
            }

            SyntaxNode root = await inTree.Key.GetRootAsync(cancellationToken).ConfigureAwait(false);
            List<TypeDeclarationSyntax> sealedDeclarations = inTree
                .Select(r => r.GetSyntax(cancellationToken))
                .OfType<TypeDeclarationSyntax>()
                .Where(d => d.Modifiers.Any(SyntaxKind.SealedKeyword))
                .ToList();
            if (sealedDeclarations.Count == 0)
            {
                continue;
            }

            SyntaxNode newRoot = root.ReplaceNodes(sealedDeclarations, (original, _) => Modifiers.Remove(original, SyntaxKind.SealedKeyword));
            solution = solution.WithDocumentSyntaxRoot(id, newRoot);
        }

        return solution;
    }
}
