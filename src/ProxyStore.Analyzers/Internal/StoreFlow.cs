using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ProxyStore.Analyzers.Internal;

/// <summary>
/// Where stores go, for PXS0001: which metrics stores are created unregistered, which symbols
/// each may flow into (its holders), which holders make proxies, are registered, or let the
/// store out of sight. Flow-insensitive; filled concurrently by operation actions, read once.
/// </summary>
/// <remarks>
/// A holder is a creation site (its <see cref="Location"/>) or a local, parameter, field,
/// parameterless property or method (for its result). A future stands for its store, since
/// its <c>Proxy()</c> is the store's.
/// </remarks>
internal sealed class StoreFlow
{
    private readonly ProxyStoreSymbols _symbols;
    private readonly INamedTypeSymbol? _storeFuture;

    private readonly ConcurrentBag<StoreCreation> _creations = new();
    private readonly ConcurrentBag<KeyValuePair<object, ISymbol>> _flows = new();
    private readonly ConcurrentDictionary<object, bool> _proxied = new(HolderComparer.Instance);
    private readonly ConcurrentDictionary<object, bool> _registered = new(HolderComparer.Instance);
    private readonly ConcurrentDictionary<object, bool> _escaped = new(HolderComparer.Instance);

    public StoreFlow(ProxyStoreSymbols symbols, INamedTypeSymbol? storeFuture)
    {
        _symbols = symbols;
        _storeFuture = storeFuture;
    }

    /// <summary>Metrics stores created without being registered by their creation.</summary>
    public IEnumerable<StoreCreation> Creations => _creations;

    /// <summary>Records what <paramref name="operation"/>, in <paramref name="containingSymbol"/>, does with stores.</summary>
    /// <param name="operation">An object creation, invocation, assignment, declarator, member initializer, return or argument.</param>
    /// <param name="containingSymbol">The member whose body holds the operation.</param>
    /// <param name="scope">The type whose own methods' parameters are followed; null to follow all the compilation's.</param>
    public void Observe(IOperation operation, ISymbol containingSymbol, INamedTypeSymbol? scope)
    {
        if (operation.Kind is OperationKind.ObjectCreation or OperationKind.Invocation or OperationKind.LocalReference
            or OperationKind.ParameterReference or OperationKind.FieldReference or OperationKind.PropertyReference)
        {
            ObserveUse(operation);
        }

        switch (operation)
        {
            case IObjectCreationOperation creation:
                // Only a constant metrics: true, and only a register known to be false (omitted or a constant).
                if (_symbols.IsStoreCreation(creation)
                    && StoreCreations.RecordsMetrics(creation) == true
                    && StoreCreations.Registers(creation) == false)
                {
                    _creations.Add(new StoreCreation(creation.Syntax.GetLocation(), DescribeName(creation), containingSymbol.ContainingType));
                }

                break;
            case IInvocationOperation invocation:
                ObserveInvocation(invocation, containingSymbol);
                break;
            case IAssignmentOperation assignment:
                if (Holder(assignment.Target) is ISymbol to)
                {
                    Flow(assignment.Value, to);
                }
                else
                {
                    // Into an element, a discard or another object's indexer: out of sight.
                    Escape(assignment.Value);
                }

                break;
            case IVariableDeclaratorOperation declarator:
                if (declarator.GetVariableInitializer()?.Value is { } value)
                {
                    Flow(value, declarator.Symbol);
                }

                break;
            case IFieldInitializerOperation field:
                foreach (IFieldSymbol initialized in field.InitializedFields)
                {
                    Flow(field.Value, initialized.OriginalDefinition);
                }

                break;
            case IPropertyInitializerOperation property:
                foreach (IPropertySymbol initialized in property.InitializedProperties)
                {
                    Flow(property.Value, initialized.OriginalDefinition);
                }

                break;
            case IReturnOperation { ReturnedValue: { } returned } returnOperation:
                if (NestedFunction(returnOperation) is { } function)
                {
                    // The hosting package registers the store its AddStore factory returns; any other
                    // lambda's result goes wherever the lambda is called from.
                    if (function is IAnonymousFunctionOperation lambda && _symbols.IsHostedStoreFactory(lambda))
                    {
                        Record(returned, _registered);
                    }
                    else
                    {
                        Escape(returned);
                    }
                }
                else
                {
                    // A getter's result is the property's value: callers read the property, not the accessor.
                    ISymbol member = containingSymbol is IMethodSymbol { MethodKind: MethodKind.PropertyGet, AssociatedSymbol: { } owner }
                        ? owner
                        : containingSymbol;
                    Flow(returned, member.OriginalDefinition);
                }

                break;
            case IArgumentOperation argument:
                ObserveArgument(argument, scope);
                break;
        }
    }

    /// <summary>
    /// Where each holder's store flows next. Built once, when every operation has been observed
    /// (at a type's or the compilation's end), and passed to <see cref="HoldersOf"/> for each creation.
    /// </summary>
    public Dictionary<object, List<ISymbol>> Successors()
    {
        var next = new Dictionary<object, List<ISymbol>>(HolderComparer.Instance);
        foreach (KeyValuePair<object, ISymbol> flow in _flows)
        {
            if (!next.TryGetValue(flow.Key, out List<ISymbol>? targets))
            {
                next[flow.Key] = targets = new List<ISymbol>();
            }

            targets.Add(flow.Value);
        }

        return next;
    }

    /// <summary>Every holder the store made at <paramref name="creation"/> may reach, itself included, following <paramref name="next"/>.</summary>
    public static HashSet<object> HoldersOf(Location creation, Dictionary<object, List<ISymbol>> next)
    {
        var holders = new HashSet<object>(HolderComparer.Instance) { creation };
        var pending = new Stack<object>();
        pending.Push(creation);
        while (pending.Count > 0)
        {
            if (next.TryGetValue(pending.Pop(), out List<ISymbol>? targets))
            {
                foreach (ISymbol target in targets)
                {
                    if (holders.Add(target))
                    {
                        pending.Push(target);
                    }
                }
            }
        }

        return holders;
    }

    /// <summary>Whether any of <paramref name="holders"/> makes proxies.</summary>
    public bool AnyProxied(IEnumerable<object> holders) => holders.Any(_proxied.ContainsKey);

    /// <summary>Whether any of <paramref name="holders"/> is registered.</summary>
    public bool AnyRegistered(IEnumerable<object> holders) => holders.Any(_registered.ContainsKey);

    /// <summary>Whether any of <paramref name="holders"/> lets the store go where this flow cannot follow it.</summary>
    public bool AnyEscaped(IEnumerable<object> holders) => holders.Any(_escaped.ContainsKey);

    /// <summary>
    /// Marks the store <paramref name="value"/> evaluates to as out of sight when it is used in a
    /// way that neither reads it in place (a member access, a comparison, a <c>using</c>) nor is
    /// followed (an assignment, initializer, return or argument): a tuple, an array, a conditional.
    /// </summary>
    private void ObserveUse(IOperation value)
    {
        if (!IsStoreLike(value.Type))
        {
            return;
        }

        IOperation current = value;
        IOperation? parent = value.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation or IAwaitOperation
            || (parent is IInvocationOperation future && IsFutureMethod(future.TargetMethod) && ReferenceEquals(future.Instance, current)))
        {
            current = parent;
            parent = parent.Parent;
        }

        bool seen = parent switch
        {
            IInvocationOperation invocation => ReferenceEquals(invocation.Instance, current),
            IMemberReferenceOperation member => ReferenceEquals(member.Instance, current),
            IConditionalAccessOperation access => ReferenceEquals(access.Operation, current),
            IAssignmentOperation or IVariableInitializerOperation or IFieldInitializerOperation or IPropertyInitializerOperation
                or IReturnOperation or IArgumentOperation => true,
            IExpressionStatementOperation or IUsingOperation or ILockOperation or IBinaryOperation
                or IIsPatternOperation or IIsTypeOperation => true,
            null => true,
            _ => false,
        };
        if (!seen)
        {
            Escape(current);
        }
    }

    private void ObserveInvocation(IInvocationOperation invocation, ISymbol containingSymbol)
    {
        IMethodSymbol method = invocation.TargetMethod;
        if (invocation.Instance is not null && MakesProxies(method))
        {
            Record(invocation.Instance, _proxied);
        }
        else if (_symbols.IsRegisterMethod(method) && invocation.Arguments.GetArgument("store") is { } store)
        {
            Record(store.Value, _registered);
        }
        else if (IsFromConfig(method)
            && invocation.Arguments.GetArgument("config") is { } config
            && StoreConfigs.KnownCreation(config.Value) is { } written
            && StoreConfigs.ConstantBoolean(written, "Metrics") == true
            && StoreConfigs.ConstantBoolean(written, "Register") == false)
        {
            string name = StoreConfigs.ConstantName(written) is { } constant
                ? "\"" + constant + "\""
                : "'" + config.Value.Syntax + ".Name'";
            _creations.Add(new StoreCreation(invocation.Syntax.GetLocation(), name, containingSymbol.ContainingType));
        }
    }

    private void ObserveArgument(IArgumentOperation argument, INamedTypeSymbol? scope)
    {
        if (argument.Parameter is not { } parameter
            || (parameter.ContainingSymbol is IMethodSymbol method && _symbols.IsRegisterMethod(method)))
        {
            // Registration is recorded as such, not as a flow.
            return;
        }

        // Into the parameters of the scope's own methods only: elsewhere the store is out of sight.
        bool followed = parameter.Locations.Any(l => l.IsInSource)
            && (scope is null || SymbolEqualityComparer.Default.Equals(parameter.ContainingType, scope));
        if (followed)
        {
            Flow(argument.Value, parameter.OriginalDefinition);
        }
        else
        {
            Escape(argument.Value);
        }
    }

    private void Flow(IOperation value, ISymbol to)
    {
        if (IsStoreLike(value.WithoutConversions().Type) && Holder(value) is { } from)
        {
            _flows.Add(new KeyValuePair<object, ISymbol>(from, to));
        }
    }

    private void Escape(IOperation value)
    {
        if (IsStoreLike(value.WithoutConversions().Type) && Holder(value) is { } holder)
        {
            _escaped.TryAdd(holder, true);
        }
    }

    private void Record(IOperation store, ConcurrentDictionary<object, bool> holders)
    {
        if (Holder(store) is { } holder)
        {
            holders.TryAdd(holder, true);
        }
    }

    /// <summary>
    /// Where the store that <paramref name="value"/> evaluates to comes from: its creation's
    /// location, the local, parameter, field or property read, or the compilation's method called.
    /// </summary>
    private object? Holder(IOperation value)
    {
        while (true)
        {
            value = value.WithoutConversions();
            switch (value)
            {
                case IAwaitOperation awaited:
                    value = awaited.Operation;
                    continue;
                case IAssignmentOperation assignment:
                    // 'x = store' and 'x ??= store' evaluate to what x then holds.
                    value = assignment.Target;
                    continue;
                case IInvocationOperation { Instance: { } store } future when IsFutureMethod(future.TargetMethod):
                    value = store;
                    continue;
                case IObjectCreationOperation creation when _symbols.IsStoreCreation(creation):
                    return creation.Syntax.GetLocation();
                case IInvocationOperation invocation when IsFromConfig(invocation.TargetMethod):
                    return invocation.Syntax.GetLocation();
                case IInvocationOperation invocation when invocation.TargetMethod.Locations.Any(l => l.IsInSource):
                    return invocation.TargetMethod.OriginalDefinition;
                case IParameterReferenceOperation parameter:
                    return parameter.Parameter.OriginalDefinition;
                case IConditionalAccessInstanceOperation instance when ConditionalAccessOf(instance) is { } access:
                    // store?.Proxy(...): the receiver is what the enclosing '?.' tested.
                    value = access.Operation;
                    continue;
                default:
                    return value.ReferencedStorage();
            }
        }
    }

    private bool MakesProxies(IMethodSymbol method) =>
        !method.IsStatic
        && ((SymbolEqualityComparer.Default.Equals(method.ContainingType, _symbols.Store)
                && method.Name is "Proxy" or "ProxyBatch" or "ProxyFromKey" or "ProxyAsync" or "ProxyBatchAsync")
            || (method.Name == "Proxy" && IsStoreFuture(method.ContainingType)));

    private bool IsFutureMethod(IMethodSymbol method) =>
        !method.IsStatic
        && method.Name is "Future" or "FutureAsync"
        && SymbolEqualityComparer.Default.Equals(method.ContainingType, _symbols.Store);

    private bool IsFromConfig(IMethodSymbol method) =>
        method.IsStatic
        && method.Name is "FromConfig" or "FromConfigAsync"
        && SymbolEqualityComparer.Default.Equals(method.ContainingType, _symbols.Store);

    // Values that may carry a store: the store itself, and a future, which proxies through its store.
    private bool IsStoreLike(ITypeSymbol? type) =>
        SymbolEqualityComparer.Default.Equals(type, _symbols.Store) || IsStoreFuture(type);

    private bool IsStoreFuture(ITypeSymbol? type) =>
        _storeFuture is not null && type is INamedTypeSymbol named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, _storeFuture);

    private static IConditionalAccessOperation? ConditionalAccessOf(IConditionalAccessInstanceOperation instance)
    {
        for (IOperation? parent = instance.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IConditionalAccessOperation access)
            {
                return access;
            }
        }

        return null;
    }

    /// <summary>The innermost lambda or local function <paramref name="operation"/> is in, or null.</summary>
    private static IOperation? NestedFunction(IOperation operation)
    {
        for (IOperation? parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return parent;
            }
        }

        return null;
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
