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
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;

namespace ProxyStore.Analyzers.CodeFixes;

/// <summary>
/// PXS0001: registers the store by its constructor, adding <c>register: true</c> or setting the existing argument to true.
/// For <c>Store.FromConfig(new StoreConfig { ... })</c>, sets <c>Register = true</c> in the config written in the call.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddRegisterTrueCodeFix))]
[Shared]
public sealed class AddRegisterTrueCodeFix : CodeFixProvider
{
    private const string Title = "Register the store (register: true)";
    private const string ConfigTitle = "Register the store (Register = true in its config)";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UnregisteredMetricsStore);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not { } node)
        {
            return;
        }

        // The diagnostic's span is the 'new Store(...)' or the 'Store.FromConfig(...)' itself; an
        // enclosing 'new' or call with another span is some other object.
        if (node.FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>() is { } creation && creation.Span == context.Span)
        {
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, c => AddRegisterAsync(context.Document, creation, c), equivalenceKey: nameof(AddRegisterTrueCodeFix)),
                    diagnostic);
            }
        }
        else if (node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { } invocation && invocation.Span == context.Span
            && invocation.ArgumentList.Arguments.FirstOrDefault()?.Expression is BaseObjectCreationExpressionSyntax { Initializer: { } initializer }
            && initializer.IsKind(SyntaxKind.ObjectInitializerExpression))
        {
            // Store.FromConfig(new StoreConfig { ... }): the config written in the call says Register.
            // A config held in a local is left alone, as other code may read it.
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(ConfigTitle, c => SetConfigRegisterAsync(context.Document, initializer, c), equivalenceKey: nameof(AddRegisterTrueCodeFix) + ".Config"),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> SetConfigRegisterAsync(Document document, InitializerExpressionSyntax initializer, CancellationToken cancellationToken)
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        ExpressionSyntax trueLiteral = SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression);
        foreach (ExpressionSyntax expression in initializer.Expressions)
        {
            if (expression is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "Register" } } assignment)
            {
                return document.WithSyntaxRoot(root.ReplaceNode(assignment.Right, trueLiteral.WithTriviaFrom(assignment.Right)));
            }
        }

        AssignmentExpressionSyntax register = SyntaxFactory.AssignmentExpression(
            SyntaxKind.SimpleAssignmentExpression,
            SyntaxFactory.IdentifierName("Register"),
            trueLiteral);
        SeparatedSyntaxList<ExpressionSyntax> expressions = initializer.Expressions;
        SeparatedSyntaxList<ExpressionSyntax> withRegister = expressions.SeparatorCount == expressions.Count && expressions.Count > 0
            // A trailing comma stays trailing: 'Metrics = true,' becomes 'Metrics = true, Register = true,'.
            ? SyntaxFactory.SeparatedList<ExpressionSyntax>(expressions.GetWithSeparators().Add(register).Add(SyntaxFactory.Token(SyntaxKind.CommaToken)))
            : expressions.Add(register);
        InitializerExpressionSyntax added = initializer
            .WithExpressions(withRegister)
            .WithAdditionalAnnotations(Formatter.Annotation);
        return document.WithSyntaxRoot(root.ReplaceNode(initializer, added));
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
