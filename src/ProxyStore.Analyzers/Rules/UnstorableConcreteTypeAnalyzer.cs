using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ProxyStore.Analyzers.Internal;

namespace ProxyStore.Analyzers.Rules;

/// <summary>
/// PXS0006: a <c>Store</c> put (<c>Put</c>, <c>PutBatch</c>, <c>Proxy</c>, <c>ProxyBatch</c>,
/// <c>OwnedProxy</c> and their async twins) of an object whose concrete type is known at compile
/// time, stored where an interface, a base class or <c>object</c> is declared (the put's value or
/// <c>T</c>, a member, a collection element), when the runtime would refuse to create that type
/// from the stored bytes: it is not plain data and not declared storable.
/// </summary>
/// <remarks>
/// <para>
/// What counts as storable is <see cref="Storability"/>, the runtime's rule; which objects a put
/// stores is <see cref="StoredObjects"/>. <c>StorableTypes.Allow</c> calls anywhere in the
/// compilation declare types storable, so a put is decided in two tiers: a type whose name no
/// <c>Allow</c> call writes (<see cref="AllowCallNames"/>, read from syntax) is reported when the
/// put is analyzed, a local diagnostic that the IDE shows and fixes as you type; one whose name
/// an <c>Allow</c> call writes waits for the end of the compilation, where the calls' types are known.
/// </para>
/// <para>
/// Not tagged <see cref="WellKnownDiagnosticTags.CompilationEnd"/> for the same reason as PXS0001:
/// almost every report is local, and the tag would keep the IDE from running the rule while typing.
/// </para>
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnstorableConcreteTypeAnalyzer : DiagnosticAnalyzer
{
    /// <summary>
    /// The diagnostic property set when the concrete type is a class or struct declared in source,
    /// which the code fix marks <c>[Storable]</c>; the diagnostic's first additional location is its declaration.
    /// </summary>
    public const string FixableProperty = "Fixable";

    /// <summary>The diagnostic property holding the concrete type's name as the message writes it.</summary>
    public const string TypeNameProperty = "TypeName";

    private static readonly SymbolDisplayFormat Display = SymbolDisplayFormat.CSharpShortErrorMessageFormat;

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.UnstorableConcreteType);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();

        // Generated code is analyzed for its StorableTypes.Allow calls; diagnostics in it are not reported.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
        context.RegisterCompilationStartAction(start =>
        {
            if (ProxyStoreSymbols.Create(start.Compilation) is not { } symbols
                || Storability.Create(start.Compilation, symbols) is not { } storability)
            {
                // No runtime, or one from before the trust boundary, which creates any type.
                return;
            }

            var state = new CompilationState(start.Compilation, symbols, storability);
            start.RegisterOperationAction(state.OnInvocation, OperationKind.Invocation);
            start.RegisterCompilationEndAction(state.OnCompilationEnd);
        });
    }

    private sealed class CompilationState
    {
        private static readonly Func<ITypeSymbol, bool> NothingAllowed = _ => false;

        private readonly Compilation _compilation;
        private readonly ProxyStoreSymbols _symbols;
        private readonly Storability _storability;

        // The types StorableTypes.Allow is called with, as the calls are analyzed.
        private readonly ConcurrentDictionary<ITypeSymbol, bool> _allowed = new(SymbolEqualityComparer.Default);

        // Objects that only the compilation's Allow calls can decide.
        private readonly ConcurrentQueue<StoredObject> _pending = new();

        // A local stored by two puts is one report: by location, concrete and declared type.
        private readonly ConcurrentDictionary<(Location, string, string), bool> _reported = new();

        private ImmutableHashSet<string>? _allowCallNames;

        public CompilationState(Compilation compilation, ProxyStoreSymbols symbols, Storability storability)
        {
            _compilation = compilation;
            _symbols = symbols;
            _storability = storability;
        }

        public void OnInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (AllowedType(invocation) is { } allowed)
            {
                _allowed.TryAdd(allowed, true);
                return;
            }

            foreach (StoredObject stored in StoredObjects.Of(invocation, _symbols))
            {
                StoredVerdict verdict = _storability.Judge(stored, NothingAllowed);
                if (verdict == StoredVerdict.NotStorable)
                {
                    ImmutableHashSet<string> written = AllowCallNamesOnce(context.CancellationToken);
                    Func<ITypeSymbol, bool> mayBeAllowed = t => written.Contains(t.Name);
                    if (_storability.Judge(stored, mayBeAllowed) == StoredVerdict.Creatable)
                    {
                        _pending.Enqueue(stored);
                        continue;
                    }

                    Report(context.ReportDiagnostic, stored, verdict, mayBeAllowed);
                }
                else if (verdict == StoredVerdict.NotListed)
                {
                    // No Allow call helps: the declared type's own list is the only one asked.
                    Report(context.ReportDiagnostic, stored, verdict, NothingAllowed);
                }
            }
        }

        public void OnCompilationEnd(CompilationAnalysisContext context)
        {
            Func<ITypeSymbol, bool> allowed = _allowed.ContainsKey;
            foreach (StoredObject stored in _pending)
            {
                StoredVerdict verdict = _storability.Judge(stored, allowed);
                if (verdict != StoredVerdict.Creatable)
                {
                    Report(context.ReportDiagnostic, stored, verdict, allowed);
                }
            }
        }

        /// <summary>The type a <c>StorableTypes.Allow</c> call declares storable, when the call is one and writes its type.</summary>
        private ITypeSymbol? AllowedType(IInvocationOperation invocation)
        {
            IMethodSymbol method = invocation.TargetMethod;
            if (method.Name != "Allow" || !method.IsStatic || !SymbolEqualityComparer.Default.Equals(method.ContainingType, _storability.StorableTypes))
            {
                return null;
            }

            ITypeSymbol? type = method.IsGenericMethod
                ? method.TypeArguments[0]
                : invocation.Arguments.Length == 1 && invocation.Arguments[0].Value.WithoutConversions() is ITypeOfOperation typeOf ? typeOf.TypeOperand : null;

            // Allow<T>() in a generic helper, or Allow(someType): what it allows is only known at run time.
            // An interface or abstract class: Allow throws, as objects are only ever created as concrete types.
            return type is null or ITypeParameterSymbol || type.IsAbstract ? null : type;
        }

        // Two threads may both read the trees' names: they find the same ones, and each tree is read once.
        private ImmutableHashSet<string> AllowCallNamesOnce(CancellationToken cancellationToken) =>
            _allowCallNames ??= AllowCallNames.In(_compilation, cancellationToken);

        private void Report(Action<Diagnostic> report, StoredObject stored, StoredVerdict verdict, Func<ITypeSymbol, bool> allowed)
        {
            string concrete = stored.Concrete.ToDisplayString(Display);
            string declared = stored.Declared.ToDisplayString(Display);
            if (!_reported.TryAdd((stored.Location, concrete, declared), true))
            {
                return;
            }

            ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty;
            Location[] declaration = [];
            string why;
            if (verdict == StoredVerdict.NotListed)
            {
                // [Storable] does not help here: System.Text.Json writes only what the declared type lists.
                string addIt = Storability.CanListDerivedTypes(stored.Declared, _compilation) ? $"; add [JsonDerivedType(typeof({concrete}))] to '{declared}'" : string.Empty;
                why = $"'{declared}' lists the types it holds with [JsonDerivedType], and '{concrete}' is not one of them{addIt}";
            }
            else
            {
                // A List<Square> or a Square[] is plain data once Square is storable: Square is what to declare.
                ITypeSymbol toDeclare = _storability.TypeToDeclare(stored.Concrete, allowed);
                bool itself = SymbolEqualityComparer.Default.Equals(toDeclare, stored.Concrete);
                string name = toDeclare.ToDisplayString(Display);
                bool fixable = Storability.IsInSource(toDeclare, _compilation);
                string orListIt = itself && Storability.CanListDerivedTypes(stored.Declared, _compilation) ? $"list it with [JsonDerivedType] on '{declared}', or " : string.Empty;
                why = (fixable, itself) switch
                {
                    (true, true) => $"it is not declared storable; mark it [Storable] (or {orListIt}call StorableTypes.Allow)",
                    (true, false) => $"it holds '{name}', which is not declared storable; mark '{name}' [Storable] (or call StorableTypes.Allow)",
                    (false, true) => $"it is not declared storable; if stored bytes may create it, {orListIt}call StorableTypes.Allow<{name}>()",
                    (false, false) => $"it holds '{name}', which is not declared storable; if stored bytes may create it, call StorableTypes.Allow<{name}>()",
                };
                if (fixable)
                {
                    properties = properties.Add(FixableProperty, "true").Add(TypeNameProperty, name);
                    declaration = [toDeclare.OriginalDefinition.Locations[0]];
                }
            }

            report(Diagnostic.Create(
                DiagnosticDescriptors.UnstorableConcreteType,
                stored.Location,
                declaration,
                properties,
                concrete,
                declared,
                stored.Where,
                why));
        }
    }
}
