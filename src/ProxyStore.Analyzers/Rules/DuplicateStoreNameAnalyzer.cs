using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ProxyStore.Analyzers.Internal;

namespace ProxyStore.Analyzers.Rules;

/// <summary>
/// PXS0005: two stores registered under the same constant name in one compilation, through
/// <c>new Store("name", ..., register: true)</c> or <c>StoreRegistry.Register(store)</c> of a
/// store created with a constant name. Reported on every registration after the first, in
/// source order, at the end of the compilation.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DuplicateStoreNameAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.DuplicateStoreName);

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

            var state = new CompilationState(symbols);
            start.RegisterOperationAction(state.OnObjectCreation, OperationKind.ObjectCreation);
            start.RegisterOperationAction(state.OnInvocation, OperationKind.Invocation);
            start.RegisterCompilationEndAction(state.OnCompilationEnd);
        });
    }

    private sealed class CompilationState
    {
        private readonly ProxyStoreSymbols _symbols;

        // Registrations whose name is known where they are seen.
        private readonly ConcurrentBag<Registration> _registrations = new();

        // StoreRegistry.Register(x) of a local, field or property x, resolved at the end.
        private readonly ConcurrentBag<KeyValuePair<ISymbol, Location>> _registeredStorage = new();

        // The constant name of the unregistered store put in each local, field or property; null when it varies.
        private readonly ConcurrentDictionary<ISymbol, string?> _storageNames = new(SymbolEqualityComparer.Default);

        public CompilationState(ProxyStoreSymbols symbols)
        {
            _symbols = symbols;
        }

        public void OnObjectCreation(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (!_symbols.IsStoreCreation(creation) || StoreCreations.ConstantName(creation) is not { } name)
            {
                return;
            }

            switch (StoreCreations.Registers(creation))
            {
                case true:
                    _registrations.Add(new Registration(name, creation.Syntax.GetLocation()));
                    break;
                case false when StoreCreations.StorageOf(creation) is { } storage:
                    _storageNames.AddOrUpdate(storage, name, (_, existing) => existing == name ? existing : null);
                    break;
            }
        }

        public void OnInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (!_symbols.IsRegisterMethod(invocation.TargetMethod)
                || invocation.Arguments.GetArgument("store") is not { } store
                || invocation.Arguments.GetArgument("existOk").ConstantBoolean(whenOmitted: false) != false)
            {
                // existOk: true replaces the store on purpose; a run-time existOk may do so.
                return;
            }

            IOperation value = store.Value.WithoutConversions();
            if (value is IObjectCreationOperation creation)
            {
                // A store that registers itself is already counted; registering the same instance again is harmless.
                if (_symbols.IsStoreCreation(creation) && StoreCreations.Registers(creation) == false
                    && StoreCreations.ConstantName(creation) is { } name)
                {
                    _registrations.Add(new Registration(name, invocation.Syntax.GetLocation()));
                }
            }
            else if (value.ReferencedStorage() is { } storage)
            {
                _registeredStorage.Add(new KeyValuePair<ISymbol, Location>(storage, invocation.Syntax.GetLocation()));
            }
        }

        public void OnCompilationEnd(CompilationAnalysisContext context)
        {
            var all = new List<Registration>(_registrations);

            // Registering the instance held in one local, field or property again is harmless: count its first registration only.
            foreach (IGrouping<ISymbol, KeyValuePair<ISymbol, Location>> registered in _registeredStorage.GroupBy(r => r.Key, SymbolEqualityComparer.Default))
            {
                if (_storageNames.TryGetValue(registered.Key, out string? name) && name is not null)
                {
                    Location first = registered
                        .Select(r => r.Value)
                        .OrderBy(l => l.SourceTree?.FilePath, StringComparer.Ordinal)
                        .ThenBy(l => l.SourceSpan.Start)
                        .First();
                    all.Add(new Registration(name, first));
                }
            }

            foreach (IGrouping<string, Registration> sameName in all.GroupBy(r => r.Name, StringComparer.Ordinal))
            {
                List<Registration> ordered = sameName
                    .OrderBy(r => r.Location.SourceTree?.FilePath, StringComparer.Ordinal)
                    .ThenBy(r => r.Location.SourceSpan.Start)
                    .ToList();
                Location first = ordered[0].Location;
                FileLinePositionSpan firstSpan = first.GetLineSpan();
                string firstText = $"{firstSpan.Path}({firstSpan.StartLinePosition.Line + 1},{firstSpan.StartLinePosition.Character + 1})";
                for (int i = 1; i < ordered.Count; i++)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.DuplicateStoreName,
                        ordered[i].Location,
                        additionalLocations: new[] { first },
                        sameName.Key,
                        firstText));
                }
            }
        }
    }

    private sealed class Registration
    {
        public Registration(string name, Location location)
        {
            Name = name;
            Location = location;
        }

        public string Name { get; }

        public Location Location { get; }
    }
}
