using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ProxyStore.Analyzers.Internal;

namespace ProxyStore.Analyzers.Rules;

/// <summary>
/// PXS0001: a <c>Store</c> created with <c>metrics: true</c> and without <c>register: true</c>
/// (by <c>new Store(...)</c>, or by <c>Store.FromConfig</c> of a config written with
/// <c>Metrics = true</c>) that creates proxies anywhere in the compilation, where no code in
/// the compilation registers it.
/// </summary>
/// <remarks>
/// <para>
/// The store is followed, flow-insensitively, from its creation through the locals, parameters,
/// fields and parameterless properties it is stored in, the methods and getters that return it
/// and the arguments it is passed as (see <see cref="StoreFlow"/>). It creates proxies when one
/// of those holders does (<c>Proxy</c>, <c>ProxyBatch</c>, <c>ProxyFromKey</c>, their async twins,
/// a future's <c>Proxy()</c>), and it is registered when one is passed to <c>StoreRegistry.Register</c>.
/// A store that also goes where the flow cannot follow (a collection, a tuple, a library method)
/// is not reported: the rule prefers silence to a false report.
/// </para>
/// <para>
/// Two tiers, so that what can be decided while typing is: a store whose holders are all private
/// to the type that creates it is decided when that type is analyzed, a local diagnostic that the
/// IDE shows and fixes in the editor; any other store is decided at the end of the compilation,
/// because a use in any file can change the answer.
/// </para>
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnregisteredMetricsStoreAnalyzer : DiagnosticAnalyzer
{
    private static readonly OperationKind[] ObservedKinds =
    [
        OperationKind.ObjectCreation, OperationKind.Invocation, OperationKind.SimpleAssignment, OperationKind.CoalesceAssignment,
        OperationKind.VariableDeclarator, OperationKind.FieldInitializer, OperationKind.PropertyInitializer, OperationKind.Return,
        OperationKind.Argument, OperationKind.LocalReference, OperationKind.ParameterReference, OperationKind.FieldReference,
        OperationKind.PropertyReference,
    ];

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.UnregisteredMetricsStore);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            ProxyStoreSymbols? symbols = ProxyStoreSymbols.Create(start.Compilation);
            if (symbols is null)
            {
                return;
            }

            INamedTypeSymbol? storeFuture = start.Compilation.GetTypeByMetadataName("ProxyStore.StoreFuture`1");
            var compilation = new CompilationState(new StoreFlow(symbols, storeFuture));
            start.RegisterSymbolStartAction(
                typeStart =>
                {
                    var type = new TypeState((INamedTypeSymbol)typeStart.Symbol, new StoreFlow(symbols, storeFuture), compilation);
                    typeStart.RegisterOperationAction(type.OnOperation, ObservedKinds);
                    typeStart.RegisterSymbolEndAction(type.OnTypeEnd);
                },
                SymbolKind.NamedType);
            start.RegisterCompilationEndAction(compilation.OnCompilationEnd);
        });
    }

    private static void Decide(StoreFlow flow, StoreCreation creation, HashSet<object> holders, System.Action<Diagnostic> report)
    {
        if (flow.AnyProxied(holders) && !flow.AnyRegistered(holders) && !flow.AnyEscaped(holders))
        {
            report(Diagnostic.Create(DiagnosticDescriptors.UnregisteredMetricsStore, creation.Location, creation.Name));
        }
    }

    /// <summary>The whole compilation's flow, for the stores no single type can decide.</summary>
    private sealed class CompilationState
    {
        // Creations a type decided at its end, by location.
        private readonly ConcurrentDictionary<Location, bool> _decided = new();

        public CompilationState(StoreFlow flow)
        {
            Flow = flow;
        }

        public StoreFlow Flow { get; }

        public void MarkDecided(Location creation) => _decided.TryAdd(creation, true);

        public void OnCompilationEnd(CompilationAnalysisContext context)
        {
            Dictionary<object, List<ISymbol>>? next = null;
            foreach (StoreCreation creation in Flow.Creations)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (!_decided.ContainsKey(creation.Location))
                {
                    next ??= Flow.Successors();
                    Decide(Flow, creation, StoreFlow.HoldersOf(creation.Location, next), context.ReportDiagnostic);
                }
            }
        }
    }

    /// <summary>One type's flow (its nested types' code included, as they see its private members).</summary>
    private sealed class TypeState
    {
        private readonly INamedTypeSymbol _type;
        private readonly StoreFlow _flow;
        private readonly CompilationState _compilation;

        public TypeState(INamedTypeSymbol type, StoreFlow flow, CompilationState compilation)
        {
            _type = type;
            _flow = flow;
            _compilation = compilation;
        }

        public void OnOperation(OperationAnalysisContext context)
        {
            INamedTypeSymbol? owner = context.ContainingSymbol.ContainingType;
            if (SymbolEqualityComparer.Default.Equals(owner, _type))
            {
                // Each operation reaches the compilation's flow once: from its innermost type.
                _compilation.Flow.Observe(context.Operation, context.ContainingSymbol, scope: null);
                _flow.Observe(context.Operation, context.ContainingSymbol, _type);
            }
            else if (IsNestedInType(owner))
            {
                _flow.Observe(context.Operation, context.ContainingSymbol, _type);
            }
        }

        public void OnTypeEnd(SymbolAnalysisContext context)
        {
            Dictionary<object, List<ISymbol>>? next = null;
            foreach (StoreCreation creation in _flow.Creations)
            {
                if (!SymbolEqualityComparer.Default.Equals(creation.Type, _type))
                {
                    continue;
                }

                next ??= _flow.Successors();
                HashSet<object> holders = StoreFlow.HoldersOf(creation.Location, next);
                if (holders.All(IsPrivateToType) && !_flow.AnyEscaped(holders))
                {
                    // Nothing outside this type can reach the store: this type's code is all there is to know.
                    _compilation.MarkDecided(creation.Location);
                    Decide(_flow, creation, holders, context.ReportDiagnostic);
                }
            }
        }

        private bool IsPrivateToType(object holder) => holder switch
        {
            Location => true,
            ILocalSymbol => true,
            IParameterSymbol parameter => SymbolEqualityComparer.Default.Equals(parameter.ContainingType, _type),
            ISymbol member => member.DeclaredAccessibility == Accessibility.Private && SymbolEqualityComparer.Default.Equals(member.ContainingType, _type),
            _ => false,
        };

        private bool IsNestedInType(INamedTypeSymbol? type)
        {
            for (INamedTypeSymbol? outer = type?.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                if (SymbolEqualityComparer.Default.Equals(outer, _type))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
