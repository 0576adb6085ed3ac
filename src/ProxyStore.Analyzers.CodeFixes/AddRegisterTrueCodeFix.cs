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
using Microsoft.CodeAnalysis.Operations;

namespace ProxyStore.Analyzers.CodeFixes;

/// <summary>
/// PXS0001: registers the store by its constructor, adding <c>register: true</c> or setting the existing argument to true.
/// Not offered for a store made by <c>Store.FromConfig</c>, whose registration is the config's <c>Register</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddRegisterTrueCodeFix))]
[Shared]
public sealed class AddRegisterTrueCodeFix : CodeFixProvider
{
    private const string Title = "Register the store (register: true)";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UnregisteredMetricsStore);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not { } node
            || node.FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>() is not { } creation
            || creation.Span != context.Span)
        {
            // Only a diagnostic on a 'new Store(...)' itself: one on Store.FromConfig(config) has no
            // register argument to add, and the nearest enclosing 'new' would be some other object.
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            context.RegisterCodeFix(
                CodeAction.Create(Title, c => AddRegisterAsync(context.Document, creation, c), equivalenceKey: nameof(AddRegisterTrueCodeFix)),
                diagnostic);
        }
    }

    private static async Task<Document> AddRegisterAsync(Document document, BaseObjectCreationExpressionSyntax creation, CancellationToken cancellationToken)
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        ExpressionSyntax trueLiteral = SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression);

        // An argument already passed for 'register', named or positional: set it to true.
        if (model.GetOperation(creation, cancellationToken) is IObjectCreationOperation operation)
        {
            IArgumentOperation? register = operation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "register" && a.ArgumentKind != ArgumentKind.DefaultValue);
            if (register?.Syntax is ArgumentSyntax written)
            {
                ArgumentSyntax replaced = written.WithExpression(trueLiteral.WithTriviaFrom(written.Expression));
                return document.WithSyntaxRoot(root.ReplaceNode(written, replaced));
            }
        }

        ArgumentSyntax added = SyntaxFactory.Argument(
            SyntaxFactory.NameColon(SyntaxFactory.IdentifierName("register")),
            default,
            trueLiteral);
        ArgumentListSyntax list = creation.ArgumentList ?? SyntaxFactory.ArgumentList();
        ArgumentListSyntax newList = list.WithArguments(list.Arguments.Add(added));
        return document.WithSyntaxRoot(root.ReplaceNode(creation, creation.WithArgumentList(newList)));
    }
}
