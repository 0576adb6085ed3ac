using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ProxyStore.Analyzers.Internal.Ownership;

/// <summary>
/// The borrow checker of one function (a method body, a local function or a lambda): a forward
/// dataflow over the basic blocks of its control flow graph, with a <see cref="FlowState"/> per
/// block. Joins take the union of what each path may hold, and every rule but PXS0101 reports
/// only what all paths agree on, so a "maybe" never becomes a diagnostic.
/// </summary>
/// <remarks>
/// <para>
/// <c>finally</c> blocks are run once per way in (each branch that leaves the <c>try</c>, and the
/// exceptions of the <c>try</c>), with that way's state, so a path that disposed before leaving
/// is not mixed with one that did not. A <c>catch</c> starts from the union of the states before
/// each operation of its <c>try</c>. A path that ends in <c>throw</c> never reaches the exit.
/// </para>
/// <para>
/// Tracked are this function's own locals: those of an ownership type, and any passed to a
/// <c>[TakesOwnership]</c> parameter. A local a lambda or local function captures is not
/// tracked (it may be used or disposed at any time), and neither is one that a flow capture
/// mixes with another local.
/// </para>
/// </remarks>
internal sealed class OwnershipFlow
{
    private readonly ControlFlowGraph _graph;
    private readonly OwnershipSymbols _symbols;
    private readonly BorrowReporter _reporter;

    // Slots: tracked locals first, then flow captures holding ownership types.
    private readonly Dictionary<ILocalSymbol, int> _localSlots = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<CaptureId, int> _captureSlots = new();
    private readonly Dictionary<CaptureId, ISymbol> _captureAliases = new();
    private readonly List<ILocalSymbol?> _slotLocals = new();
    private readonly List<bool> _slotIsReference = new();

    private readonly Dictionary<int, FlowState> _reportStates = new();
    private readonly Dictionary<ControlFlowRegion, FlowState> _exceptionStates = new();
    private readonly Dictionary<ControlFlowRegion, FlowState> _exceptionStatesRun = new();
    private readonly Dictionary<int, ControlFlowRegion?> _innermostTry = new();
    private readonly HashSet<int> _leaked = new();
    private readonly HashSet<int> _notFixable = new();
    private readonly Dictionary<int, int> _valueOf = new();

    private bool _replaying;
    private int _exceptionalRuns;

    private OwnershipFlow(ControlFlowGraph graph, OwnershipSymbols symbols, BorrowReporter reporter)
    {
        _graph = graph;
        _symbols = symbols;
        _reporter = reporter;
    }

    private int SlotCount => _slotLocals.Count;

    /// <summary>Checks <paramref name="graph"/>, then its local functions and lambdas, each with a graph of its own.</summary>
    public static void Analyze(ControlFlowGraph graph, OwnershipSymbols symbols, ISet<ILocalSymbol> captured, BorrowReporter reporter)
    {
        var flow = new OwnershipFlow(graph, symbols, reporter);
        if (flow.FindSlots(captured))
        {
            flow.Run();
        }

        foreach (IMethodSymbol localFunction in graph.LocalFunctions)
        {
            reporter.CancellationToken.ThrowIfCancellationRequested();
            Analyze(graph.GetLocalFunctionControlFlowGraph(localFunction, reporter.CancellationToken), symbols, captured, reporter);
        }

        foreach (BasicBlock block in graph.Blocks)
        {
            foreach (IOperation operation in OperationsOf(block))
            {
                foreach (IFlowAnonymousFunctionOperation lambda in operation.DescendantsAndSelf().OfType<IFlowAnonymousFunctionOperation>())
                {
                    reporter.CancellationToken.ThrowIfCancellationRequested();
                    Analyze(graph.GetAnonymousFunctionControlFlowGraph(lambda, reporter.CancellationToken), symbols, captured, reporter);
                }
            }
        }
    }

    private static IEnumerable<IOperation> OperationsOf(BasicBlock block)
    {
        foreach (IOperation operation in block.Operations)
        {
            yield return operation;
        }

        if (block.BranchValue is { } branchValue)
        {
            yield return branchValue;
        }
    }

    // ---- Slots -------------------------------------------------------------------------------

    private bool FindSlots(ISet<ILocalSymbol> captured)
    {
        var locals = new List<ILocalSymbol>();
        CollectLocals(_graph.Root, locals);

        // Locals passed to a [TakesOwnership] parameter are tracked whatever their type; what flow captures hold, by id.
        var moved = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        var captureValues = new Dictionary<CaptureId, List<IOperation>>();
        foreach (BasicBlock block in _graph.Blocks)
        {
            foreach (IOperation operation in OperationsOf(block).SelectMany(o => o.DescendantsAndSelf()))
            {
                switch (operation)
                {
                    case ILocalReferenceOperation local when ArgumentOf(local) is { } argument && _symbols.TakesOwnershipOf(argument.Parameter):
                        moved.Add(local.Local);
                        break;
                    case IFlowCaptureOperation capture:
                        if (!captureValues.TryGetValue(capture.Id, out List<IOperation>? values))
                        {
                            captureValues[capture.Id] = values = new List<IOperation>();
                        }

                        values.Add(capture.Value.WithoutConversions());
                        break;
                }
            }
        }

        // A capture of one local or parameter stands for it; one that mixes a local with anything
        // else (c ? a : b) makes that local untrackable.
        var untrackable = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        foreach (KeyValuePair<CaptureId, List<IOperation>> capture in captureValues)
        {
            ISymbol?[] referenced = capture.Value.Select(ReferencedSymbol).ToArray();
            if (referenced.All(s => s is not null) && referenced.Distinct(SymbolEqualityComparer.Default).Count() == 1)
            {
                _captureAliases[capture.Key] = referenced[0]!;
            }
            else
            {
                foreach (ILocalSymbol local in referenced.OfType<ILocalSymbol>())
                {
                    untrackable.Add(local);
                }
            }
        }

        foreach (ILocalSymbol local in locals)
        {
            bool reference = _symbols.IsReference(local.Type);
            if ((reference || moved.Contains(local)) && !captured.Contains(local) && !untrackable.Contains(local) && local.RefKind == RefKind.None)
            {
                _localSlots[local] = SlotCount;
                _slotLocals.Add(local);
                _slotIsReference.Add(reference);
            }
        }

        if (SlotCount == 0)
        {
            return false;
        }

        // A moved plain local that holds a borrow's value, assigned once (IModel v = borrow.Value;):
        // moving it moves the borrow.
        var assignments = new Dictionary<ILocalSymbol, List<IOperation>>(SymbolEqualityComparer.Default);
        foreach (BasicBlock block in _graph.Blocks)
        {
            foreach (ISimpleAssignmentOperation assignment in OperationsOf(block).SelectMany(o => o.DescendantsAndSelf()).OfType<ISimpleAssignmentOperation>())
            {
                if (assignment.Target is ILocalReferenceOperation target)
                {
                    if (!assignments.TryGetValue(target.Local, out List<IOperation>? values))
                    {
                        assignments[target.Local] = values = new List<IOperation>();
                    }

                    values.Add(assignment.Value.WithoutConversions());
                }
            }
        }

        foreach (KeyValuePair<ILocalSymbol, List<IOperation>> assigned in assignments)
        {
            if (assigned.Value.Count == 1
                && _localSlots.TryGetValue(assigned.Key, out int valueSlot)
                && !_slotIsReference[valueSlot]
                && assigned.Value[0] is IPropertyReferenceOperation { Property.Name: "Value", Instance: ILocalReferenceOperation holder }
                && _symbols.IsReference(holder.Type) && !_symbols.IsOwned(holder.Type)
                && _localSlots.TryGetValue(holder.Local, out int borrowSlot))
            {
                _valueOf[valueSlot] = borrowSlot;
            }
        }

        foreach (KeyValuePair<CaptureId, List<IOperation>> capture in captureValues)
        {
            if (!_captureAliases.ContainsKey(capture.Key) && capture.Value.Any(v => _symbols.IsReference(v.Type)))
            {
                _captureSlots[capture.Key] = SlotCount;
                _slotLocals.Add(null);
                _slotIsReference.Add(true);
            }
        }

        return true;
    }

    private static void CollectLocals(ControlFlowRegion region, List<ILocalSymbol> locals)
    {
        locals.AddRange(region.Locals);
        foreach (ControlFlowRegion nested in region.NestedRegions)
        {
            CollectLocals(nested, locals);
        }
    }

    private static ISymbol? ReferencedSymbol(IOperation operation) => operation.WithoutConversions() switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        _ => null,
    };

    /// <summary>The local or parameter <paramref name="operation"/> reads, through the flow captures that stand for one.</summary>
    private ISymbol? SymbolOf(IOperation operation) => operation.WithoutConversions() switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFlowCaptureReferenceOperation capture when _captureAliases.TryGetValue(capture.Id, out ISymbol? aliased) => aliased,
        _ => null,
    };

    private int? SlotOf(IOperation operation)
    {
        IOperation value = operation.WithoutConversions();
        if (value is IFlowCaptureReferenceOperation capture && _captureSlots.TryGetValue(capture.Id, out int captureSlot))
        {
            return captureSlot;
        }

        return SymbolOf(value) is ILocalSymbol local && _localSlots.TryGetValue(local, out int slot) ? slot : null;
    }

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

        return invocation.Arguments.Length == 1
            && invocation.Arguments[0].Value.WithoutConversions() is IPropertyReferenceOperation { Property.Name: "Value", Instance: { } owner }
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
