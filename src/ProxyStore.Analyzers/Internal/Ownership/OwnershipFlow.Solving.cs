using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ProxyStore.Analyzers.Internal.Ownership;

// The fixed point over the blocks, finally and catch regions, and what null tests narrow.
internal sealed partial class OwnershipFlow
{
    // ---- Solving -----------------------------------------------------------------------------

    private void Run()
    {
        ImmutableArray<BasicBlock> blocks = _graph.Blocks;
        Solve(scope: null, blocks[0], new FlowState(SlotCount), out FlowState? exit);

        _replaying = true;
        foreach (KeyValuePair<int, FlowState> entry in _reportStates.OrderBy(e => e.Key))
        {
            _reporter.CancellationToken.ThrowIfCancellationRequested();
            FlowState state = entry.Value.Copy();
            BasicBlock block = blocks[entry.Key];
            foreach (IOperation operation in block.Operations)
            {
                Visit(operation, state, block);
            }

            if (block.BranchValue is { } branchValue)
            {
                Visit(branchValue, state, block);
            }
        }

        if (exit is not null)
        {
            for (int slot = 0; slot < SlotCount; slot++)
            {
                if (_slotLocals[slot] is not null && _slotIsReference[slot] && (exit.Bits[slot] & SlotState.Alive) != 0)
                {
                    _leaked.Add(slot);
                }
            }
        }

        foreach (int slot in _leaked.OrderBy(s => s))
        {
            _reporter.NotDisposed(_slotLocals[slot]!, fixable: !_notFixable.Contains(slot));
        }
    }

    /// <summary>
    /// Runs the blocks of <paramref name="scope"/> (the whole graph when null) from
    /// <paramref name="entry"/> to a fixed point. Returns the state at the end of the scope when
    /// it is a <c>finally</c>; <paramref name="exit"/> is the state reaching the graph's exit.
    /// </summary>
    private FlowState? Solve(ControlFlowRegion? scope, BasicBlock entry, FlowState entryState, out FlowState? exit)
    {
        ImmutableArray<BasicBlock> blocks = _graph.Blocks;
        var states = new Dictionary<int, FlowState> { [entry.Ordinal] = entryState };
        var pending = new SortedSet<int> { entry.Ordinal };
        var seededFinally = new Dictionary<ControlFlowRegion, FlowState>();
        FlowState? scopeEnd = null;
        exit = null;

        while (true)
        {
            while (pending.Count > 0)
            {
                _reporter.CancellationToken.ThrowIfCancellationRequested();
                int ordinal = pending.Min;
                pending.Remove(ordinal);
                BasicBlock block = blocks[ordinal];
                FlowState state = states[ordinal].Copy();
                if (_exceptionalRuns == 0)
                {
                    _reportStates[ordinal] = FlowState.Merge(_reportStates.TryGetValue(ordinal, out FlowState? seen) ? seen : null, state)!;
                }

                if (block.Kind == BasicBlockKind.Exit)
                {
                    exit = FlowState.Merge(exit, state);
                    continue;
                }

                foreach (IOperation operation in block.Operations)
                {
                    RecordException(block, operation, state);
                    Visit(operation, state, block);
                }

                if (block.BranchValue is { } branchValue)
                {
                    RecordException(block, branchValue, state);
                    Visit(branchValue, state, block);
                }

                if (block.ConditionKind != ControlFlowConditionKind.None && block.BranchValue is { } condition)
                {
                    FlowState? whenTrue = state.Copy();
                    FlowState? whenFalse = state.Copy();
                    Refine(condition, ref whenTrue, ref whenFalse);
                    bool jumpsWhenTrue = block.ConditionKind == ControlFlowConditionKind.WhenTrue;
                    Follow(block.ConditionalSuccessor, jumpsWhenTrue ? whenTrue : whenFalse);
                    Follow(block.FallThroughSuccessor, jumpsWhenTrue ? whenFalse : whenTrue);
                }
                else
                {
                    Follow(block.FallThroughSuccessor, state);
                }
            }

            // Exceptions: into the catches of each try, and through each finally on their way out.
            bool changed = false;
            foreach (KeyValuePair<ControlFlowRegion, FlowState> thrown in _exceptionStates.ToList())
            {
                ControlFlowRegion @try = thrown.Key;
                if (scope is not null && !IsInside(@try, scope))
                {
                    continue;
                }

                ControlFlowRegion handlers = @try.EnclosingRegion!;
                if (handlers.Kind == ControlFlowRegionKind.TryAndCatch)
                {
                    foreach (ControlFlowRegion handler in handlers.NestedRegions.Where(r => r != @try))
                    {
                        changed |= MergeInto(states, pending, handler.FirstBlockOrdinal, thrown.Value);
                    }

                    changed |= MergeException(InnermostTry(handlers.EnclosingRegion), thrown.Value);
                }
                else if (handlers.Kind == ControlFlowRegionKind.TryAndFinally
                    && !(seededFinally.TryGetValue(@try, out FlowState? done) && done.SameAs(thrown.Value)))
                {
                    seededFinally[@try] = thrown.Value;
                    ControlFlowRegion @finally = handlers.NestedRegions.First(r => r.Kind == ControlFlowRegionKind.Finally);
                    // Reports in a finally stand for its normal runs: an exception that skipped
                    // a disposal would otherwise hide what every normal path does there.
                    _exceptionalRuns++;
                    FlowState? after = RunFinally(@finally, thrown.Value.Copy());
                    _exceptionalRuns--;
                    if (after is not null)
                    {
                        changed |= MergeException(InnermostTry(handlers.EnclosingRegion), after);
                    }

                    changed = true;
                }
            }

            if (!changed && pending.Count == 0)
            {
                return scopeEnd;
            }
        }

        void Follow(ControlFlowBranch? branch, FlowState? state)
        {
            if (branch is null || state is null)
            {
                return;
            }

            foreach (ControlFlowRegion @finally in branch.FinallyRegions)
            {
                state = RunFinally(@finally, state);
                if (state is null)
                {
                    return;
                }
            }

            if (branch.Semantics == ControlFlowBranchSemantics.StructuredExceptionHandling)
            {
                scopeEnd = FlowState.Merge(scopeEnd, state);
            }
            else if (branch.Destination is { } destination)
            {
                MergeInto(states, pending, destination.Ordinal, state);
            }
        }
    }

    private static bool MergeInto(Dictionary<int, FlowState> states, SortedSet<int> pending, int ordinal, FlowState state)
    {
        FlowState? before = states.TryGetValue(ordinal, out FlowState? existing) ? existing : null;
        FlowState merged = FlowState.Merge(before, state)!;
        if (before is not null && merged.SameAs(before))
        {
            return false;
        }

        states[ordinal] = merged;
        pending.Add(ordinal);
        return true;
    }

    private FlowState? RunFinally(ControlFlowRegion @finally, FlowState state) =>
        Solve(@finally, _graph.Blocks[@finally.FirstBlockOrdinal], state, out _);

    private void RecordException(BasicBlock block, IOperation operation, FlowState state)
    {
        if (!_replaying && MayThrow(operation))
        {
            MergeException(InnermostTry(block), state);
        }
    }

    /// <summary>
    /// Whether an exception may leave <paramref name="operation"/> with the state before it. Not
    /// the null tests, copies and disposals a <c>using</c> or <c>?.</c> is made of: counting
    /// them would send a reference a <c>finally</c> is about to dispose into an enclosing
    /// <c>catch</c> as alive.
    /// </summary>
    private bool MayThrow(IOperation operation)
    {
        IOperation value = operation is IExpressionStatementOperation statement ? statement.Operation : operation;
        value = Unawaited(value.WithoutConversions()).WithoutConversions();
        return value switch
        {
            IIsNullOperation or ILiteralOperation or ILocalReferenceOperation or IFlowCaptureReferenceOperation => false,
            IFlowCaptureOperation capture => capture.Value.WithoutConversions() is not (ILocalReferenceOperation or IParameterReferenceOperation or IFlowCaptureReferenceOperation or ILiteralOperation),
            IInvocationOperation { TargetMethod.Name: "Dispose" or "DisposeAsync", Arguments.IsEmpty: true, Instance: { } instance } => SlotOf(instance) is null,
            _ => true,
        };
    }

    private bool MergeException(ControlFlowRegion? @try, FlowState state)
    {
        if (@try is null)
        {
            return false;
        }

        FlowState? before = _exceptionStates.TryGetValue(@try, out FlowState? existing) ? existing : null;
        FlowState merged = FlowState.Merge(before, state)!;
        if (before is not null && merged.SameAs(before))
        {
            return false;
        }

        _exceptionStates[@try] = merged;
        return true;
    }

    private ControlFlowRegion? InnermostTry(BasicBlock block)
    {
        if (!_innermostTry.TryGetValue(block.Ordinal, out ControlFlowRegion? @try))
        {
            _innermostTry[block.Ordinal] = @try = InnermostTry(block.EnclosingRegion);
        }

        return @try;
    }

    private ControlFlowRegion? InnermostTry(ControlFlowRegion? region)
    {
        // A lambda's graph hangs below the region of its enclosing function that defines it: stop at this graph's root.
        for (; region is not null && region != _graph.Root; region = region.EnclosingRegion)
        {
            if (region.Kind == ControlFlowRegionKind.Try)
            {
                return region;
            }
        }

        return null;
    }

    private static bool IsInside(ControlFlowRegion region, ControlFlowRegion scope)
    {
        for (ControlFlowRegion? current = region; current is not null; current = current.EnclosingRegion)
        {
            if (current == scope)
            {
                return true;
            }
        }

        return false;
    }

    // ---- Branch conditions -------------------------------------------------------------------

    /// <summary>Narrows a slot on each side of a null test of it; a side left with no possible state cannot happen and is dropped.</summary>
    private void Refine(IOperation condition, ref FlowState? whenTrue, ref FlowState? whenFalse)
    {
        IOperation test = condition.WithoutConversions();
        if (test is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
        {
            Refine(not.Operand, ref whenFalse, ref whenTrue);
            return;
        }

        (IOperation? tested, bool? nullWhenTrue) = test switch
        {
            IIsNullOperation isNull => (isNull.Operand, true),
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary when IsNullConstant(binary.RightOperand)
                => (binary.LeftOperand, binary.OperatorKind == BinaryOperatorKind.Equals),
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary when IsNullConstant(binary.LeftOperand)
                => (binary.RightOperand, binary.OperatorKind == BinaryOperatorKind.Equals),
            IIsPatternOperation { Pattern: IConstantPatternOperation constant } pattern when IsNullConstant(constant.Value) => (pattern.Value, true),
            IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation constant } } pattern when IsNullConstant(constant.Value) => (pattern.Value, false),
            IIsPatternOperation { Pattern: ITypePatternOperation or IDeclarationPatternOperation or IRecursivePatternOperation } pattern => (pattern.Value, (bool?)null),
            _ => (null, null),
        };

        if (tested is null || SlotOf(tested) is not int slot)
        {
            return;
        }

        const byte MaybeNull = SlotState.Unassigned | SlotState.Shared;
        const byte NotNull = unchecked((byte)~SlotState.Unassigned);
        switch (nullWhenTrue)
        {
            case true:
                Narrow(ref whenTrue, slot, MaybeNull);
                Narrow(ref whenFalse, slot, NotNull);
                break;
            case false:
                Narrow(ref whenTrue, slot, NotNull);
                Narrow(ref whenFalse, slot, MaybeNull);
                break;
            default:
                Narrow(ref whenTrue, slot, NotNull);
                break;
        }

        static void Narrow(ref FlowState? state, int slot, byte mask)
        {
            if (state is not null && !state.Restrict(slot, mask))
            {
                state = null;
            }
        }
    }

    private static bool IsNullConstant(IOperation operation) =>
        operation.WithoutConversions() is { ConstantValue: { HasValue: true, Value: null } };
}
