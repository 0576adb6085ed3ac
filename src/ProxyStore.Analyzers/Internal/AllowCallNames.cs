using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ProxyStore.Analyzers.Internal;

/// <summary>
/// The simple names of the types written in <c>Allow&lt;T&gt;()</c> and <c>Allow(typeof(T))</c>
/// calls anywhere in a compilation, read from syntax alone: a superset of the types
/// <c>StorableTypes.Allow</c> is called with (every <c>Allow</c>, whatever its receiver, and the
/// types aliases stand for), so a type whose name is not among them is certainly not allowed.
/// </summary>
/// <remarks>
/// Reading syntax needs no semantic model of other files, so PXS0006 can decide most puts as
/// they are analyzed. Each tree is read once: trees an edit leaves unchanged are shared by the
/// next compilation, and keep their names here until they are collected.
/// </remarks>
internal static class AllowCallNames
{
    private static readonly ConditionalWeakTable<SyntaxTree, TreeNames> Cache = new();

    /// <summary>The names written in Allow calls in <paramref name="compilation"/>'s trees.</summary>
    public static ImmutableHashSet<string> In(Compilation compilation, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var aliases = new List<KeyValuePair<string, string>>();
        foreach (SyntaxTree tree in compilation.SyntaxTrees)
        {
            TreeNames found = Cache.GetValue(tree, t => Read(t, cancellationToken));
            names.UnionWith(found.Allowed);
            aliases.AddRange(found.Aliases);
        }

        // 'using Sq = Shapes.Square;' and 'Allow<Sq>()': the call allows Square.
        foreach (KeyValuePair<string, string> alias in aliases)
        {
            if (names.Contains(alias.Key))
            {
                names.Add(alias.Value);
            }
        }

        return names.ToImmutableHashSet(StringComparer.Ordinal);
    }

    private static TreeNames Read(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var allowed = new List<string>();
        var aliases = new List<KeyValuePair<string, string>>();
        foreach (SyntaxToken token in tree.GetRoot(cancellationToken).DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == "Allow" && token.Parent is SimpleNameSyntax name)
            {
                AddCall(name, allowed);
            }
            else if (token.IsKind(SyntaxKind.UsingKeyword)
                && token.Parent is UsingDirectiveSyntax { Alias: { } alias, NamespaceOrType: { } target }
                && RightmostName(target) is { } targetName)
            {
                aliases.Add(new KeyValuePair<string, string>(alias.Name.Identifier.ValueText, targetName));
            }
        }

        return new TreeNames(allowed, aliases);
    }

    private static void AddCall(SimpleNameSyntax name, List<string> allowed)
    {
        InvocationExpressionSyntax? call = name.Parent switch
        {
            MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax invocation } access when access.Name == name && invocation.Expression == access => invocation,
            InvocationExpressionSyntax invocation when invocation.Expression == name => invocation,
            _ => null,
        };
        if (call is null)
        {
            return;
        }

        if (name is GenericNameSyntax generic)
        {
            foreach (TypeSyntax argument in generic.TypeArgumentList.Arguments)
            {
                Add(argument);
            }
        }

        foreach (ArgumentSyntax argument in call.ArgumentList.Arguments)
        {
            if (argument.Expression is TypeOfExpressionSyntax typeOf)
            {
                Add(typeOf.Type);
            }
        }

        void Add(TypeSyntax type)
        {
            if (RightmostName(type) is { } written)
            {
                allowed.Add(written);
            }
        }
    }

    /// <summary>The name a type's symbol has for the type <paramref name="type"/> writes: <c>Square</c> for <c>Shapes.Square</c> or <c>Box&lt;int&gt;</c>'s <c>Box</c>.</summary>
    private static string? RightmostName(TypeSyntax type) =>
        type switch
        {
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.ValueText,
            NullableTypeSyntax nullable => RightmostName(nullable.ElementType),
            _ => null,
        };

    private sealed class TreeNames
    {
        public TreeNames(List<string> allowed, List<KeyValuePair<string, string>> aliases)
        {
            Allowed = allowed;
            Aliases = aliases;
        }

        public IReadOnlyList<string> Allowed { get; }

        public IReadOnlyList<KeyValuePair<string, string>> Aliases { get; }
    }
}
