using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ProxyStore.Analyzers.CodeFixes;

/// <summary>Edits of declaration modifiers that keep the surrounding trivia.</summary>
internal static class Modifiers
{
    /// <summary>
    /// <paramref name="declaration"/> without its <paramref name="kind"/> modifier. The token
    /// after it takes over its leading trivia (indentation, comments); its trailing space goes.
    /// </summary>
    public static T Remove<T>(T declaration, SyntaxKind kind)
        where T : MemberDeclarationSyntax
    {
        int index = declaration.Modifiers.IndexOf(kind);
        if (index < 0)
        {
            return declaration;
        }

        SyntaxToken removed = declaration.Modifiers[index];
        SyntaxToken next = removed.GetNextToken();
        T moved = declaration.ReplaceToken(next, next.WithLeadingTrivia(removed.LeadingTrivia.AddRange(next.LeadingTrivia)));
        return (T)moved.WithModifiers(moved.Modifiers.RemoveAt(index));
    }

    /// <summary><paramref name="member"/> with <c>virtual</c> right after its accessibility modifiers.</summary>
    public static MemberDeclarationSyntax AddVirtual(MemberDeclarationSyntax member)
    {
        SyntaxTokenList modifiers = member.Modifiers;
        int insertAt = 0;
        for (int i = 0; i < modifiers.Count; i++)
        {
            if (SyntaxFacts.IsAccessibilityModifier(modifiers[i].Kind()))
            {
                insertAt = i + 1;
            }
        }

        SyntaxToken @virtual = SyntaxFactory.Token(SyntaxKind.VirtualKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        return member.WithModifiers(modifiers.Insert(insertAt, @virtual));
    }
}
