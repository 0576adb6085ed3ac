using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ProxyStore.Analyzers.Rules;

namespace ProxyStore.Analyzers.CodeFixes;

/// <summary>PXS0004: makes a public member of a <c>[Proxiable]</c> class overridable: adds <c>virtual</c>, or removes <c>sealed</c> from a sealed override.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeMemberVirtualCodeFix))]
[Shared]
public sealed class MakeMemberVirtualCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.NonVirtualProxiableMember);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindToken(context.Span.Start).Parent?.FirstAncestorOrSelf<MemberDeclarationSyntax>() is not { } member
            || member is not (MethodDeclarationSyntax or PropertyDeclarationSyntax or IndexerDeclarationSyntax or EventDeclarationSyntax or EventFieldDeclarationSyntax))
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.ContainsKey(NonVirtualProxiableMemberAnalyzer.FixableProperty))
            {
                continue;
            }

            bool sealedOverride = member.Modifiers.Any(SyntaxKind.SealedKeyword) && member.Modifiers.Any(SyntaxKind.OverrideKeyword);
            string title = sealedOverride ? "Remove 'sealed' from the override" : "Make the member virtual";
            context.RegisterCodeFix(
                CodeAction.Create(title, c => FixAsync(context.Document, member, sealedOverride, c), equivalenceKey: nameof(MakeMemberVirtualCodeFix)),
                diagnostic);
        }
    }

    private static async Task<Document> FixAsync(Document document, MemberDeclarationSyntax member, bool sealedOverride, CancellationToken cancellationToken)
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        MemberDeclarationSyntax fixedMember = sealedOverride
            ? Modifiers.Remove(member, SyntaxKind.SealedKeyword)
            : Modifiers.AddVirtual(member);
        return document.WithSyntaxRoot(root.ReplaceNode(member, fixedMember));
    }
}
