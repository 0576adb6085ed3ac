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
/// PXS0005: two stores registered under the same constant name at once, through
/// <c>new Store("name", ..., register: true)</c> or <c>StoreRegistry.Register(store)</c> of a
/// store created with a constant name.
/// </summary>
/// <remarks>
/// A store disposed (and so unregistered) before the next registration does not count: the end
/// of a <c>using</c> declaration's block or <c>using</c> statement, or a <c>Dispose()</c> that
/// always runs (see <see cref="StoreLifetimes"/>). Two registrations in one member are decided
/// when that member is analyzed, so they show while typing; registrations in different members
/// are decided at the end of the compilation, and do not count when each store is disposed
/// within its own member.
/// </remarks>
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
            start.RegisterOperationBlockAction(state.OnOperationBlock);
            start.RegisterCompilationEndAction(state.OnCompilationEnd);
        });
    }

    private static Diagnostic Report(StoreRegistration later, StoreRegistration first)
    {
        FileLinePositionSpan firstSpan = first.Location.GetLineSpan();
        string firstText = $"{firstSpan.Path}({firstSpan.StartLinePosition.Line + 1},{firstSpan.StartLinePosition.Character + 1})";
        return Diagnostic.Create(
            DiagnosticDescriptors.DuplicateStoreName,
            later.Location,
            additionalLocations: new[] { first.Location },
            later.Name,
            firstText);
    }

    private static IOrderedEnumerable<StoreRegistration> InSourceOrder(IEnumerable<StoreRegistration> registrations) =>
        registrations
            .OrderBy(r => r.Location.SourceTree?.FilePath, StringComparer.Ordinal)
            .ThenBy(r => r.Location.SourceSpan.Start);

    private sealed class CompilationState
    {
        private readonly ProxyStoreSymbols _symbols;

        // Registrations whose name is known in their member.
        private readonly ConcurrentBag<StoreRegistration> _registrations = new();

        // StoreRegistry.Register(x) of a field or property x, in a member; x's name is resolved at the end.
        private readonly ConcurrentBag<KeyValuePair<ISymbol, StoreRegistration>> _registeredStorage = new();

        // The constant name of the unregistered store put in each field or property; null when it varies.
        private readonly ConcurrentDictionary<ISymbol, string?> _storageNames = new(SymbolEqualityComparer.Default);

        public CompilationState(ProxyStoreSymbols symbols)
        {
            _symbols = symbols;
        }

        /// <summary>Collects one member's registrations and reports the pairs it alone decides.</summary>
        public void OnOperationBlock(OperationBlockAnalysisContext context)
        {
            var registrations = new List<StoreRegistration>();
            var localNames = new Dictionary<ILocalSymbol, string?>(SymbolEqualityComparer.Default);
            var localDeclarators = new Dictionary<ILocalSymbol, IVariableDeclaratorOperation>(SymbolEqualityComparer.Default);
            var localRegistrations = new List<KeyValuePair<ILocalSymbol, Location>>();
            ISymbol member = context.OwningSymbol;

            foreach (IOperation operation in context.OperationBlocks.SelectMany(b => b.DescendantsAndSelf()))
            {
                switch (operation)
                {
                    case IObjectCreationOperation creation:
                        OnCreation(creation, member, registrations, localNames, localDeclarators);
                        break;
                    case IInvocationOperation invocation:
                        OnInvocation(invocation, member, registrations, localRegistrations);
                        break;
                }
            }

            // Registering the instance held in one local again is harmless: its first registration counts.
            foreach (IGrouping<ISymbol, KeyValuePair<ILocalSymbol, Location>> registered in localRegistrations.GroupBy(r => (ISymbol)r.Key, SymbolEqualityComparer.Default))
            {
                var local = (ILocalSymbol)registered.Key;
                if (localNames.TryGetValue(local, out string? name) && name is not null)
                {
                    Location first = registered.Select(r => r.Value).OrderBy(l => l.SourceSpan.Start).First();
                    int? end = localDeclarators.TryGetValue(local, out IVariableDeclaratorOperation? declarator) ? StoreLifetimes.EndOf(declarator) : null;
                    registrations.Add(new StoreRegistration(name, first, member, end));
                }
            }

            // Each registration is reported against the first earlier one in this member that is still registered.
            List<StoreRegistration> ordered = InSourceOrder(registrations).ToList();
            for (int i = 1; i < ordered.Count; i++)
            {
                if (ordered.Take(i).FirstOrDefault(earlier => earlier.Name == ordered[i].Name && earlier.OverlapsLater(ordered[i])) is { } first)
                {
                    ordered[i].ReportedInMember = true;
                    context.ReportDiagnostic(Report(ordered[i], first));
                }
            }

            foreach (StoreRegistration registration in ordered)
            {
                _registrations.Add(registration);
            }
        }

        /// <summary>Reports registrations that overlap one in another member, and those that involve a field's or property's store.</summary>
        public void OnCompilationEnd(CompilationAnalysisContext context)
        {
            var all = new List<StoreRegistration>(_registrations);

            // Registering the instance held in one field or property again is harmless: count its first registration only.
            foreach (IGrouping<ISymbol, KeyValuePair<ISymbol, StoreRegistration>> registered in _registeredStorage.GroupBy(r => r.Key, SymbolEqualityComparer.Default))
            {
                if (_storageNames.TryGetValue(registered.Key, out string? name) && name is not null)
                {
                    StoreRegistration first = InSourceOrder(registered.Select(r => r.Value)).First();
                    all.Add(new StoreRegistration(name, first.Location, first.Member, end: null));
                }
            }

            foreach (IGrouping<string, StoreRegistration> sameName in all.GroupBy(r => r.Name, StringComparer.Ordinal))
            {
                List<StoreRegistration> ordered = InSourceOrder(sameName).ToList();
                for (int i = 1; i < ordered.Count; i++)
                {
                    context.CancellationToken.ThrowIfCancellationRequested();
                    if (!ordered[i].ReportedInMember
                        && ordered.Take(i).FirstOrDefault(earlier => earlier.OverlapsLater(ordered[i])) is { } first)
                    {
                        context.ReportDiagnostic(Report(ordered[i], first));
                    }
                }
            }
        }

        private void OnCreation(
            IObjectCreationOperation creation,
            ISymbol member,
            List<StoreRegistration> registrations,
            Dictionary<ILocalSymbol, string?> localNames,
            Dictionary<ILocalSymbol, IVariableDeclaratorOperation> localDeclarators)
        {
            if (!_symbols.IsStoreCreation(creation) || StoreCreations.ConstantName(creation) is not { } name)
            {
                return;
            }

            switch (StoreCreations.Registers(creation))
            {
                case true:
                    registrations.Add(new StoreRegistration(name, creation.Syntax.GetLocation(), member, StoreLifetimes.EndOf(creation)));
                    break;
                case false when StoreCreations.StorageOf(creation) is ILocalSymbol local:
                    localNames[local] = localNames.TryGetValue(local, out string? existing) && existing != name ? null : name;
                    if (DeclaratorOf(creation) is { } declarator)
                    {
                        localDeclarators[local] = declarator;
                    }

                    break;
                case false when StoreCreations.StorageOf(creation) is { } storage:
                    _storageNames.AddOrUpdate(storage, name, (_, existing) => existing == name ? existing : null);
                    break;
            }
        }

        // The local declaration whose initializer the creation is: where the local's lifetime is read from.
        private static IVariableDeclaratorOperation? DeclaratorOf(IObjectCreationOperation creation)
        {
            IOperation? parent = creation.Parent;
            while (parent is IConversionOperation or IParenthesizedOperation)
            {
                parent = parent.Parent;
            }

            return parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } ? declarator : null;
        }

        private void OnInvocation(
            IInvocationOperation invocation,
            ISymbol member,
            List<StoreRegistration> registrations,
            List<KeyValuePair<ILocalSymbol, Location>> localRegistrations)
        {
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
                    registrations.Add(new StoreRegistration(name, invocation.Syntax.GetLocation(), member, end: null));
                }
            }
            else if (value is ILocalReferenceOperation local)
            {
                localRegistrations.Add(new KeyValuePair<ILocalSymbol, Location>(local.Local, invocation.Syntax.GetLocation()));
            }
            else if (value.ReferencedStorage() is { } storage)
            {
                _registeredStorage.Add(new KeyValuePair<ISymbol, StoreRegistration>(
                    storage,
                    new StoreRegistration(string.Empty, invocation.Syntax.GetLocation(), member, end: null)));
            }
        }
    }
}
