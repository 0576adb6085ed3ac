using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ProxyStore.Analyzers.Internal.Ownership;

namespace ProxyStore.Analyzers.Rules;

/// <summary>
/// The borrow checker: PXS0101 (an owner or borrow not disposed on every path), PXS0102 (a
/// mutable borrow beside another borrow of the same owner), PXS0103 (use after dispose, move or
/// send) and PXS0104 (an owner disposed while borrowed), from one dataflow over each function's
/// control flow graph (see <see cref="OwnershipFlow"/>).
/// </summary>
/// <remarks>
/// One analyzer for the four rules, as they are read off the same states; a member that never
/// mentions an ownership type or a <c>[TakesOwnership]</c> method costs one walk of its operations.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BorrowCheckerAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.OwnedNotDisposed,
        DiagnosticDescriptors.ConflictingBorrow,
        DiagnosticDescriptors.UseAfterRelease,
        DiagnosticDescriptors.OwnerDisposedWhileBorrowed);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (OwnershipSymbols.Create(start.Compilation) is { } symbols)
            {
                start.RegisterOperationBlockAction(block => Analyze(block, symbols));
            }
        });
    }

    private static void Analyze(OperationBlockAnalysisContext context, OwnershipSymbols symbols)
    {
        // A method's body block comes with its parent, the method body; each root gets one graph.
        var roots = new HashSet<IOperation>();
        foreach (IOperation block in context.OperationBlocks)
        {
            IOperation root = block;
            while (root.Parent is not null)
            {
                root = root.Parent;
            }

            if (root is not (IMethodBodyOperation or IConstructorBodyOperation or IBlockOperation) || !roots.Add(root) || !Mentions(root, symbols))
            {
                continue;
            }

            ControlFlowGraph graph = context.GetControlFlowGraph(block);
            var reporter = new BorrowReporter(context.ReportDiagnostic, context.CancellationToken);
            OwnershipFlow.Analyze(graph, symbols, CapturedLocals(root), reporter);
        }
    }

    /// <summary>Whether the block uses an ownership type or calls a method that takes ownership: only then is a graph built.</summary>
    private static bool Mentions(IOperation block, OwnershipSymbols symbols)
    {
        foreach (IOperation operation in block.DescendantsAndSelf())
        {
            if (symbols.IsReference(operation.Type)
                || (operation is IInvocationOperation invocation && symbols.HasOwnershipTakingParameter(invocation.TargetMethod)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The locals a lambda or local function uses that it did not declare: they may be used or disposed whenever it runs.</summary>
    private static HashSet<ILocalSymbol> CapturedLocals(IOperation block)
    {
        var captured = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        foreach (IOperation function in block.Descendants())
        {
            if (function is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
            {
                continue;
            }

            foreach (IOperation operation in function.Descendants())
            {
                if (operation is ILocalReferenceOperation reference
                    && !(reference.Local.DeclaringSyntaxReferences.Length > 0
                        && function.Syntax.Span.Contains(reference.Local.DeclaringSyntaxReferences[0].Span)
                        && reference.Local.DeclaringSyntaxReferences[0].SyntaxTree == function.Syntax.SyntaxTree))
                {
                    captured.Add(reference.Local);
                }
            }
        }

        return captured;
    }
}
