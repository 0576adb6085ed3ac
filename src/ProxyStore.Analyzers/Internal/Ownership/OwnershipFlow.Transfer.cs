using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ProxyStore.Analyzers.Internal.Ownership;

// What each operation does to the slots, and where the rules report.
internal sealed partial class OwnershipFlow
{
    // ---- Transfer ----------------------------------------------------------------------------

    /// <summary>Applies <paramref name="operation"/> to <paramref name="state"/>, operands first, as they run.</summary>
    private void Visit(IOperation operation, FlowState state, BasicBlock block)
    {
        foreach (IOperation child in operation.ChildOperations)
        {
            Visit(child, state, block);
        }

        switch (operation)
        {
            case ILocalReferenceOperation or IFlowCaptureReferenceOperation:
                OnReference(operation, state, block);
                break;
            case IInvocationOperation invocation:
                OnInvocation(invocation, state);
                break;
            case ISimpleAssignmentOperation assignment when assignment.Target is ILocalReferenceOperation target && SlotOf(target) is int slot:
                if (!target.IsDeclaration && assignment.Syntax is not VariableDeclaratorSyntax)
                {
                    _notFixable.Add(slot);
                }

                Assign(slot, assignment.Value, state);
                break;
            case IFlowCaptureOperation capture when _captureSlots.TryGetValue(capture.Id, out int captureSlot):
                Assign(captureSlot, capture.Value, state);
                break;
        }
    }

    private void OnReference(IOperation reference, FlowState state, BasicBlock block)
    {
        if (SlotOf(reference) is not int slot)
        {
            return;
        }

        bool isReference = _slotIsReference[slot];
        if (IsInNameOf(reference))
        {
            return;
        }

        (IOperation? parent, IOperation child) = Climb(reference);
        if (parent is not IArgumentOperation && ArgumentOf(reference) is { } element && _symbols.TakesOwnershipOf(element.Parameter))
        {
            // An element of a params array that takes ownership.
            parent = element;
        }

        switch (parent)
        {
            case null:
                // A branch value: a returned reference escapes; a condition only reads it.
                if (block.ConditionKind == ControlFlowConditionKind.None && ReferenceEquals(block.BranchValue, child))
                {
                    Escape(slot, state, reference);
                }

                break;
            case ISimpleAssignmentOperation assignment when ReferenceEquals(assignment.Target, child):
            case ISimpleAssignmentOperation handOver when ReferenceEquals(handOver.Value, child) && _slotLocals[slot] is null && SlotOf(handOver.Target) is not null:
            case IFlowCaptureOperation:
            case IIsPatternOperation pattern when !DeclaresVariable(pattern.Pattern):
            case IIsNullOperation or IIsTypeOperation or INameOfOperation:
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals }:
                break;
            case IInvocationOperation invocation when ReferenceEquals(invocation.Instance, child):
                if (!isReference || _symbols.IsCheckedMember(invocation.TargetMethod))
                {
                    Use(slot, state, reference);
                }

                break;
            case IPropertyReferenceOperation property when ReferenceEquals(property.Instance, child):
                if (!isReference || _symbols.IsCheckedMember(property.Property))
                {
                    Use(slot, state, reference);
                }

                if (isReference && property.Property.Name == "Value" && ArgumentOf(property) is { } valueArgument)
                {
                    if (_symbols.Sends(valueArgument.Parameter))
                    {
                        _notFixable.Add(slot);
                        state.Bits[slot] = FlowState.Without(state.Bits[slot], unchecked((byte)~SlotState.Unassigned), SlotState.Sent);
                    }
                    else if (_symbols.TakesOwnershipOf(valueArgument.Parameter) && !_symbols.IsOwned(property.Instance!.Type))
                    {
                        // A borrow's value given to a method that takes ownership (a scope that
                        // releases it when its work completes): the borrow goes with it. An
                        // owner's value given so is only a use of the owner.
                        MoveBorrow(slot, state);
                    }
                }

                break;
            case IArgumentOperation argument when argument.Parameter?.RefKind == RefKind.Out:
                _notFixable.Add(slot);
                Assign(slot, value: null, state);
                break;
            case IArgumentOperation argument when _symbols.TakesOwnershipOf(argument.Parameter):
                Use(slot, state, reference);
                _notFixable.Add(slot);
                state.Bits[slot] = FlowState.Without(state.Bits[slot], unchecked((byte)~SlotState.Unassigned), SlotState.Moved);
                if (_valueOf.TryGetValue(slot, out int borrow))
                {
                    MoveBorrow(borrow, state);
                }

                break;
            default:
                if (isReference)
                {
                    // Returned, stored, passed on or mixed into an expression: someone else may dispose it.
                    Escape(slot, state, reference);
                }
                else
                {
                    Use(slot, state, reference);
                }

                break;
        }
    }

    private static bool IsInNameOf(IOperation operation)
    {
        for (IOperation? parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is INameOfOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a pattern copies the tested value into a variable (<c>is { } t</c>, <c>is Owned&lt;T&gt; o</c>): then it has another name.</summary>
    private static bool DeclaresVariable(IPatternOperation pattern) =>
        pattern.DescendantsAndSelf().Any(p => p is IDeclarationPatternOperation { DeclaredSymbol: not null } or IRecursivePatternOperation { DeclaredSymbol: not null } or IListPatternOperation { DeclaredSymbol: not null });

    private void MoveBorrow(int slot, FlowState state)
    {
        _notFixable.Add(slot);
        state.Bits[slot] = FlowState.Without(state.Bits[slot], unchecked((byte)~SlotState.Unassigned), SlotState.Moved);
    }

    /// <summary>The argument <paramref name="value"/> is passed as, directly or as an element of a <c>params</c> array.</summary>
    private static IArgumentOperation? ArgumentOf(IOperation value)
    {
        IOperation? parent = Climb(value).Parent;
        while (parent is IArrayInitializerOperation or IArrayCreationOperation { IsImplicit: true } or IConversionOperation)
        {
            parent = parent.Parent;
        }

        return parent as IArgumentOperation;
    }

    private void Escape(int slot, FlowState state, IOperation reference)
    {
        _notFixable.Add(slot);
        if (_slotIsReference[slot])
        {
            state.Bits[slot] = FlowState.Without(state.Bits[slot], SlotState.Alive, SlotState.Shared);
        }
        else
        {
            Use(slot, state, reference);
        }
    }

    private void Use(int slot, FlowState state, IOperation reference)
    {
        byte bits = state.Bits[slot];
        if (_replaying && SlotState.IsEnded(bits))
        {
            _reporter.UsedAfterEnd(reference.Syntax.GetLocation(), Name(slot, reference), SlotState.Describe(bits));
        }
    }

    private void OnInvocation(IInvocationOperation invocation, FlowState state)
    {
        IMethodSymbol method = invocation.TargetMethod;
        if (method.Name is "Dispose" or "DisposeAsync" && !method.IsStatic && method.Parameters.IsEmpty && invocation.Instance is { } instance)
        {
            if (SlotOf(instance) is int slot)
            {
                byte bits = state.Bits[slot];
                state.Bits[slot] = (bits & ~SlotState.Unassigned) == 0 ? bits : (byte)((bits & SlotState.Unassigned) | SlotState.Disposed);
            }

            if (_replaying && SymbolOf(instance) is { } owner)
            {
                foreach (int borrow in AliveLoansOf(owner, state))
                {
                    _reporter.OwnerDisposedWhileBorrowed(DisposeLocation(invocation), owner.Name, BorrowName(borrow, state.Loans[borrow]!));
                }
            }

            return;
        }

        SourceKind source = _symbols.SourceOf(method);
        if (_replaying && source is SourceKind.SharedBorrow or SourceKind.MutableBorrow && OwnerOf(invocation) is { } borrowedFrom)
        {
            bool mutable = source == SourceKind.MutableBorrow;
            foreach (int borrow in AliveLoansOf(borrowedFrom, state))
            {
                Loan other = state.Loans[borrow]!;
                if (mutable || other.Mutable)
                {
                    _reporter.ConflictingBorrow(invocation.Syntax.GetLocation(), mutable ? "mutable" : "shared", borrowedFrom.Name, BorrowName(borrow, other));
                    break;
                }
            }
        }
    }

    private IEnumerable<int> AliveLoansOf(ISymbol owner, FlowState state)
    {
        for (int slot = 0; slot < SlotCount; slot++)
        {
            if (state.Bits[slot] == SlotState.Alive && state.Loans[slot] is { Owner: { } loanOwner } && SymbolEqualityComparer.Default.Equals(loanOwner, owner))
            {
                yield return slot;
            }
        }
    }

    /// <summary>The owner a Borrow or MutBorrow call borrows from: <c>owner.Borrow()</c> or <c>Ownership.Borrow(owner.Value)</c>.</summary>
    private ISymbol? OwnerOf(IInvocationOperation invocation)
    {
        if (invocation.Instance is { } instance)
        {
            return SymbolOf(instance);
        }

        // The proxy is the first parameter; options after it (populateTarget) do not matter here.
        IArgumentOperation? proxy = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0);
        return proxy is not null
            && proxy.Value.WithoutConversions() is IPropertyReferenceOperation { Property.Name: "Value", Instance: { } owner }
            && _symbols.IsOwned(owner.Type)
            ? SymbolOf(owner)
            : null;
    }

    private void Assign(int slot, IOperation? value, FlowState state)
    {
        if (_replaying && _slotLocals[slot] is not null && _slotIsReference[slot] && (state.Bits[slot] & SlotState.Alive) != 0)
        {
            _leaked.Add(slot);
        }

        (byte bits, Loan? loan) = value is null ? (SlotState.Shared, null) : Evaluate(value, slot, state);
        state.Bits[slot] = bits;
        state.Loans[slot] = loan;

        // Borrows of the owner this local held are now borrows of something no longer named here.
        if (_slotLocals[slot] is { } local)
        {
            for (int other = 0; other < SlotCount; other++)
            {
                if (state.Loans[other] is { Owner: { } owner } && SymbolEqualityComparer.Default.Equals(owner, local))
                {
                    state.Loans[other] = Loan.Unknown;
                }
            }
        }
    }

    /// <summary>What assigning <paramref name="value"/> puts in <paramref name="slot"/>.</summary>
    private (byte Bits, Loan? Loan) Evaluate(IOperation value, int slot, FlowState state)
    {
        IOperation stripped = value.WithoutConversions();
        if (IsNullConstant(stripped) || stripped is IDefaultValueOperation)
        {
            return (SlotState.Unassigned, null);
        }

        if (!_slotIsReference[slot])
        {
            return (SlotState.Shared, null);
        }

        if (Unawaited(stripped) is IInvocationOperation invocation)
        {
            switch (_symbols.SourceOf(invocation.TargetMethod))
            {
                case SourceKind.Owner when HasLifetime(invocation):
                    // Evicted when its lifetime ends: disposing it is not this method's duty.
                    return (SlotState.Shared, null);
                case SourceKind.Owner:
                    return (SlotState.Alive, null);
                case SourceKind.SharedBorrow:
                    return (SlotState.Alive, new Loan(OwnerOf(invocation), mutable: false) is { Owner: not null } shared ? shared : Loan.Unknown);
                case SourceKind.MutableBorrow:
                    return (SlotState.Alive, new Loan(OwnerOf(invocation), mutable: true) is { Owner: not null } exclusive ? exclusive : Loan.Unknown);
            }
        }

        // A capture the compiler made for a conditional or a ?? hands over what it holds.
        if (stripped is IFlowCaptureReferenceOperation capture && _captureSlots.TryGetValue(capture.Id, out int captureSlot))
        {
            // Handed over: the capture no longer answers for it, or a borrow would count twice.
            (byte, Loan?) held = (state.Bits[captureSlot], state.Loans[captureSlot]);
            state.Bits[captureSlot] = SlotState.Shared;
            state.Loans[captureSlot] = null;
            return held;
        }

        return (SlotState.Shared, null);
    }

    private static bool HasLifetime(IInvocationOperation invocation)
    {
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == "lifetime" && argument.ArgumentKind != ArgumentKind.DefaultValue && !IsNullConstant(argument.Value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>await x</c> and <c>await x.ConfigureAwait(...)</c> as <c>x</c>.</summary>
    private static IOperation Unawaited(IOperation operation)
    {
        if (operation is not IAwaitOperation awaited)
        {
            return operation;
        }

        IOperation task = awaited.Operation.WithoutConversions();
        return task is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured } ? configured.WithoutConversions() : task;
    }

    private static (IOperation? Parent, IOperation Child) Climb(IOperation operation)
    {
        IOperation child = operation;
        IOperation? parent = operation.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            child = parent;
            parent = parent.Parent;
        }

        return (parent, child);
    }

    // ---- Names and places --------------------------------------------------------------------

    private string Name(int slot, IOperation reference) =>
        _slotLocals[slot]?.Name ?? reference.Syntax.ToString();

    private string BorrowName(int slot, Loan loan) =>
        _slotLocals[slot]?.Name is { } name ? $"the {loan.Kind} borrow '{name}'" : $"a {loan.Kind} borrow";

    /// <summary>An explicit Dispose() where it is written; the one a <c>using</c> makes at its <c>using</c> keyword.</summary>
    private static Location DisposeLocation(IInvocationOperation invocation)
    {
        if (invocation.IsImplicit)
        {
            foreach (SyntaxNode node in invocation.Syntax.AncestorsAndSelf())
            {
                switch (node)
                {
                    case UsingStatementSyntax statement:
                        return statement.UsingKeyword.GetLocation();
                    case LocalDeclarationStatementSyntax { UsingKeyword: var keyword } when keyword.IsKind(SyntaxKind.UsingKeyword):
                        return keyword.GetLocation();
                }
            }
        }

        return invocation.Syntax.GetLocation();
    }
}
