using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ProxyStore.Analyzers.Internal.Ownership;

/// <summary>Turns the borrow checker's findings into PXS0101 to PXS0104, each once per place.</summary>
internal sealed class BorrowReporter
{
    /// <summary>The diagnostic property that says PXS0101's code fix may add <c>using</c> to the declaration.</summary>
    public const string FixableProperty = "UsingFixable";

    private static readonly ImmutableDictionary<string, string?> Fixable = ImmutableDictionary<string, string?>.Empty.Add(FixableProperty, "true");

    private readonly Action<Diagnostic> _report;
    private readonly HashSet<(string Id, Location Location)> _reported = new();

    public BorrowReporter(Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        _report = report;
        CancellationToken = cancellationToken;
    }

    public CancellationToken CancellationToken { get; }

    public void NotDisposed(ILocalSymbol local, bool fixable)
    {
        if (local.DeclaringSyntaxReferences.IsEmpty)
        {
            return;
        }

        SyntaxNode declaration = local.DeclaringSyntaxReferences[0].GetSyntax(CancellationToken);
        Location location = declaration is VariableDeclaratorSyntax declarator ? declarator.Identifier.GetLocation() : declaration.GetLocation();
        string what = (local.Type as INamedTypeSymbol)?.OriginalDefinition.Name switch
        {
            "Borrowed" => "a shared borrow, which keeps its owner from being disposed",
            "MutBorrowed" => "a mutable borrow, which keeps its owner from being disposed or borrowed again",
            _ => "an owner, whose object stays in the store until it is disposed",
        };
        Report(DiagnosticDescriptors.OwnedNotDisposed, location, fixable && IsUsingFixable(declaration) ? Fixable : null, local.Name, what);
    }

    public void ConflictingBorrow(Location location, string kind, string owner, string other) =>
        Report(DiagnosticDescriptors.ConflictingBorrow, location, null, kind, owner, other);

    public void UsedAfterEnd(Location location, string name, string how) =>
        Report(DiagnosticDescriptors.UseAfterRelease, location, null, name, how);

    public void OwnerDisposedWhileBorrowed(Location location, string owner, string borrow) =>
        Report(DiagnosticDescriptors.OwnerDisposedWhileBorrowed, location, null, owner, borrow);

    /// <summary>Whether the declaration is <c>T x = ...;</c> alone in a statement of a block, where <c>using</c> can go.</summary>
    private static bool IsUsingFixable(SyntaxNode declaration) =>
        declaration is VariableDeclaratorSyntax { Initializer: not null, Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax statement } }
        && statement.UsingKeyword.RawKind == 0
        && !statement.IsConst
        && statement.Parent is BlockSyntax or GlobalStatementSyntax;

    private void Report(DiagnosticDescriptor descriptor, Location location, ImmutableDictionary<string, string?>? properties, params object[] arguments)
    {
        if (_reported.Add((descriptor.Id, location)))
        {
            _report(Diagnostic.Create(descriptor, location, properties, arguments));
        }
    }
}
