using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ProxyStore.Analyzers.Internal.Ownership;

namespace ProxyStore.Analyzers.CodeFixes;

/// <summary>
/// PXS0101: turns <c>Owned&lt;T&gt; owned = ...;</c> into <c>using Owned&lt;T&gt; owned = ...;</c>,
/// so the owner or borrow is disposed when its block ends. Offered only where the analyzer found
/// that safe: the local is never assigned again, returned, stored, moved or sent.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddUsingDeclarationCodeFix))]
[Shared]
public sealed class AddUsingDeclarationCodeFix : CodeFixProvider
{
    private const string Title = "Declare it with 'using'";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.OwnedNotDisposed);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.ContainsKey(BorrowReporter.FixableProperty)
                || root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>() is not { } statement
                || statement.UsingKeyword.RawKind != 0)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(Title, c => AddUsingAsync(context.Document, statement, c), equivalenceKey: nameof(AddUsingDeclarationCodeFix)),
                diagnostic);
        }
    }

    private static async Task<Document> AddUsingAsync(Document document, LocalDeclarationStatementSyntax statement, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;

        // 'using' takes the statement's leading trivia (indentation, comments); the type keeps one space before it.
        SyntaxToken first = statement.GetFirstToken();
        LocalDeclarationStatementSyntax updated = statement
            .ReplaceToken(first, first.WithLeadingTrivia(SyntaxFactory.Space))
            .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithLeadingTrivia(first.LeadingTrivia));
        return document.WithSyntaxRoot(root.ReplaceNode(statement, updated));
    }
}
