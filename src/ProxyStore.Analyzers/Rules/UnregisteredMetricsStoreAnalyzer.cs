using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ProxyStore.Analyzers.Internal;

namespace ProxyStore.Analyzers.Rules;

/// <summary>
/// PXS0001: a <c>Store</c> created with <c>metrics: true</c> and without <c>register: true</c>
/// that creates proxies in the same type, where no <c>StoreRegistry.Register</c> call registers it.
/// </summary>
/// <remarks>
/// The store is followed from its creation through the locals, fields and parameterless
/// properties it is stored in (<c>using</c> declarations included) and through assignments
/// between them, within the members of one type. What it cannot see: a store passed to or
/// returned from another method, kept in a collection, or registered in another type.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnregisteredMetricsStoreAnalyzer : DiagnosticAnalyzer
{
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

            start.RegisterSymbolStartAction(
                typeStart =>
                {
                    var state = new TypeState((INamedTypeSymbol)typeStart.Symbol, symbols);
                    typeStart.RegisterOperationAction(state.OnObjectCreation, OperationKind.ObjectCreation);
                    typeStart.RegisterOperationAction(state.OnInvocation, OperationKind.Invocation);
                    typeStart.RegisterOperationAction(state.OnAssignment, OperationKind.SimpleAssignment, OperationKind.CoalesceAssignment);
                    typeStart.RegisterOperationAction(state.OnVariableDeclarator, OperationKind.VariableDeclarator);
                    typeStart.RegisterSymbolEndAction(state.OnTypeEnd);
                },
                SymbolKind.NamedType);
        });
    }

    /// <summary>What one type's members do with stores; filled concurrently, read once at the type's end.</summary>
    private sealed class TypeState
    {
        private readonly INamedTypeSymbol _type;
        private readonly ProxyStoreSymbols _symbols;

        // Stores created with metrics on and not registered by their constructor.
        private readonly ConcurrentBag<Creation> _creations = new();

        // "to" holds what "from" held: var b = a; _field = a; _field ??= a.
        private readonly ConcurrentBag<KeyValuePair<ISymbol, ISymbol>> _aliases = new();

        // What proxies are created from and what is registered: a storage symbol or a creation's syntax.
        private readonly ConcurrentDictionary<ISymbol, bool> _proxiedSymbols = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<ISymbol, bool> _registeredSymbols = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<SyntaxNode, bool> _proxiedCreations = new();
        private readonly ConcurrentDictionary<SyntaxNode, bool> _registeredCreations = new();

        public TypeState(INamedTypeSymbol type, ProxyStoreSymbols symbols)
        {
            _type = type;
            _symbols = symbols;
        }

        public void OnObjectCreation(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (!IsInThisType(context) || !_symbols.IsStoreCreation(creation))
            {
                return;
            }

            // Only a constant metrics: true, and only a register known to be false (omitted or a constant).
            if (StoreCreations.RecordsMetrics(creation) != true || StoreCreations.Registers(creation) != false)
            {
                return;
            }

            _creations.Add(new Creation(creation.Syntax, StoreCreations.StorageOf(creation), DescribeName(creation)));
        }

        public void OnInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (!IsInThisType(context))
            {
                return;
            }

            IMethodSymbol method = invocation.TargetMethod;
            if (invocation.Instance is not null && _symbols.IsProxyMethod(method))
            {
                Record(invocation.Instance, _proxiedSymbols, _proxiedCreations);
            }
            else if (_symbols.IsRegisterMethod(method) && invocation.Arguments.GetArgument("store") is { } store)
            {
                Record(store.Value, _registeredSymbols, _registeredCreations);
            }
        }

        public void OnAssignment(OperationAnalysisContext context)
        {
            var assignment = (IAssignmentOperation)context.Operation;
            if (IsInThisType(context) && IsStore(assignment.Value)
                && assignment.Value.ReferencedStorage() is { } from && assignment.Target.ReferencedStorage() is { } to)
            {
                _aliases.Add(new KeyValuePair<ISymbol, ISymbol>(from, to));
            }
        }

        public void OnVariableDeclarator(OperationAnalysisContext context)
        {
            var declarator = (IVariableDeclaratorOperation)context.Operation;
            IOperation? value = declarator.GetVariableInitializer()?.Value;
            if (IsInThisType(context) && value is not null && IsStore(value) && value.ReferencedStorage() is { } from)
            {
                _aliases.Add(new KeyValuePair<ISymbol, ISymbol>(from, declarator.Symbol));
            }
        }

        public void OnTypeEnd(SymbolAnalysisContext context)
        {
            if (_creations.IsEmpty)
            {
                return;
            }

            foreach (Creation creation in _creations)
            {
                bool proxied = _proxiedCreations.ContainsKey(creation.Syntax);
                bool registered = _registeredCreations.ContainsKey(creation.Syntax);
                foreach (ISymbol holder in HoldersOf(creation.Storage))
                {
                    proxied |= _proxiedSymbols.ContainsKey(holder);
                    registered |= _registeredSymbols.ContainsKey(holder);
                }

                if (proxied && !registered)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.UnregisteredMetricsStore,
                        creation.Syntax.GetLocation(),
                        creation.Name));
                }
            }
        }

        /// <summary>Every local, field or property that holds the store first stored in <paramref name="storage"/>.</summary>
        private HashSet<ISymbol> HoldersOf(ISymbol? storage)
        {
            var holders = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            if (storage is null)
            {
                return holders;
            }

            holders.Add(storage);
            KeyValuePair<ISymbol, ISymbol>[] aliases = _aliases.ToArray();
            bool grew = true;
            while (grew)
            {
                grew = false;
                foreach (KeyValuePair<ISymbol, ISymbol> alias in aliases)
                {
                    if (holders.Contains(alias.Key) && holders.Add(alias.Value))
                    {
                        grew = true;
                    }
                }
            }

            return holders;
        }

        // Operations of nested types belong to the nested type's own state.
        private bool IsInThisType(OperationAnalysisContext context) =>
            SymbolEqualityComparer.Default.Equals(context.ContainingSymbol.ContainingType, _type);

        private bool IsStore(IOperation value) =>
            SymbolEqualityComparer.Default.Equals(value.WithoutConversions().Type, _symbols.Store);

        private static void Record(IOperation store, ConcurrentDictionary<ISymbol, bool> symbols, ConcurrentDictionary<SyntaxNode, bool> creations)
        {
            IOperation value = store.WithoutConversions();
            if (value is IObjectCreationOperation)
            {
                creations.TryAdd(value.Syntax, true);
            }
            else if (value.ReferencedStorage() is { } symbol)
            {
                symbols.TryAdd(symbol, true);
            }
        }

        private static string DescribeName(IObjectCreationOperation creation)
        {
            if (StoreCreations.ConstantName(creation) is { } constant)
            {
                return "\"" + constant + "\"";
            }

            IArgumentOperation? name = creation.Arguments.GetArgument("name");
            return name is null ? "''" : "'" + name.Value.Syntax.ToString() + "'";
        }
    }

    private sealed class Creation
    {
        public Creation(SyntaxNode syntax, ISymbol? storage, string name)
        {
            Syntax = syntax;
            Storage = storage;
            Name = name;
        }

        public SyntaxNode Syntax { get; }

        public ISymbol? Storage { get; }

        public string Name { get; }
    }
}
