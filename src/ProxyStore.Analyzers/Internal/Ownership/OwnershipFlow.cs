using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
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
internal sealed partial class OwnershipFlow
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
}
