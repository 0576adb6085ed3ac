using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ProxyStore.Analyzers.Internal;

/// <summary>
/// Where, in one member, a store is known to be disposed (and so unregistered): the end of its
/// <c>using</c> declaration's block or <c>using</c> statement, or a <c>Dispose()</c> that always
/// runs after it. Null everywhere else, where it may live for the rest of the process.
/// </summary>
internal static class StoreLifetimes
{
    /// <summary>The position where the store created by <paramref name="creation"/> is disposed, or null.</summary>
    public static int? EndOf(IObjectCreationOperation creation)
    {
        IOperation current = creation;
        IOperation? parent = creation.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            current = parent;
            parent = parent.Parent;
        }

        if (IsInNestedFunction(creation))
        {
            // A lambda or local function may run at any time, and more than once at a time.
            return null;
        }

        return parent switch
        {
            // using (new Store(...)) { ... }
            IUsingOperation @using when ReferenceEquals(@using.Resources, current) => @using.Syntax.Span.End,
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => EndOf(declarator),
            _ => null,
        };
    }

    /// <summary>The position where the store held by the local <paramref name="declarator"/> declares is disposed, or null.</summary>
    public static int? EndOf(IVariableDeclaratorOperation declarator)
    {
        if (IsInNestedFunction(declarator) || declarator.Parent is not IVariableDeclarationOperation { Parent: IVariableDeclarationGroupOperation group })
        {
            return null;
        }

        switch (group.Parent)
        {
            case IUsingDeclarationOperation { Parent: { } block }:
                // using var store = ...: disposed when its block ends.
                return block.Syntax.Span.End;
            case IUsingOperation @using when ReferenceEquals(@using.Resources, group):
                return @using.Syntax.Span.End;
            case IBlockOperation block:
                return DisposedIn(block, declarator.Symbol, after: declarator.Syntax.Span.End);
            default:
                return null;
        }
    }

    /// <summary>
    /// The end of the first statement of <paramref name="block"/> after <paramref name="after"/>
    /// that always disposes <paramref name="local"/>: <c>local.Dispose();</c>, <c>await
    /// local.DisposeAsync();</c> or <c>using (local) { }</c> in the block itself or in the
    /// <c>finally</c> of a <c>try</c> in it. Null when there is none, or when the local is
    /// assigned again (the disposed store may then be another).
    /// </summary>
    private static int? DisposedIn(IBlockOperation block, ILocalSymbol local, int after)
    {
        int? end = null;
        foreach (IOperation operation in block.Descendants())
        {
            if (operation is IAssignmentOperation { Target: ILocalReferenceOperation target } && SymbolEqualityComparer.Default.Equals(target.Local, local))
            {
                return null;
            }

            if (end is null && operation.Syntax.SpanStart >= after && AlwaysRunsIn(operation, block) && Disposes(operation, local))
            {
                end = operation.Syntax.Span.End;
            }
        }

        return end;
    }

    private static bool Disposes(IOperation statement, ILocalSymbol local)
    {
        switch (statement)
        {
            case IExpressionStatementOperation expression:
                IOperation value = expression.Operation is IAwaitOperation awaited ? awaited.Operation : expression.Operation;
                return value is IInvocationOperation { TargetMethod.Name: "Dispose" or "DisposeAsync", Arguments.IsEmpty: true, Instance: { } instance }
                    && instance.WithoutConversions() is ILocalReferenceOperation reference
                    && SymbolEqualityComparer.Default.Equals(reference.Local, local);
            case IUsingOperation { Resources: { } resource }:
                return resource.WithoutConversions() is ILocalReferenceOperation used && SymbolEqualityComparer.Default.Equals(used.Local, local);
            default:
                return false;
        }
    }

    // A statement of the block, or of a finally of a try statement of the block: neither a branch nor a loop can skip it.
    private static bool AlwaysRunsIn(IOperation statement, IBlockOperation block) =>
        ReferenceEquals(statement.Parent, block)
        || (statement.Parent is IBlockOperation { Parent: ITryOperation @try } inFinally
            && ReferenceEquals(@try.Finally, inFinally)
            && ReferenceEquals(@try.Parent, block));

    private static bool IsInNestedFunction(IOperation operation)
    {
        for (IOperation? parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }
}
