using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Castle.DynamicProxy;

namespace ProxyStore;

/// <summary>
/// Forwards every call of a Castle proxy to its lazily resolved target and answers the
/// <see cref="IProxy"/> members itself. A member returning <see cref="Task"/>,
/// <see cref="Task{TResult}"/>, <see cref="ValueTask"/>, <see cref="ValueTask{TResult}"/> or
/// <see cref="IAsyncEnumerable{T}"/> called while the proxy is unresolved resolves it
/// asynchronously (a sequence when its enumeration starts), so the caller's await holds no
/// thread while the store answers.
/// </summary>
[RequiresUnreferencedCode(CastleProxies.CastleMessage)]
[RequiresDynamicCode(CastleProxies.CastleMessage)]
internal sealed class ProxyInterceptor<T> : IInterceptor
    where T : class
{
    private static readonly MethodInfo ForwardTaskOfMethod =
        typeof(ProxyInterceptor<T>).GetMethod(nameof(ForwardTaskOf), BindingFlags.Instance | BindingFlags.NonPublic)!;

    private static readonly MethodInfo ForwardValueTaskOfMethod =
        typeof(ProxyInterceptor<T>).GetMethod(nameof(ForwardValueTaskOf), BindingFlags.Instance | BindingFlags.NonPublic)!;

    private static readonly MethodInfo ForwardSequenceMethod =
        typeof(ProxyInterceptor<T>).GetMethod(nameof(ForwardSequence), BindingFlags.Instance | BindingFlags.NonPublic)!;

    public ProxyInterceptor(ProxyTarget<T> target)
    {
        Target = target;
    }

    public ProxyTarget<T> Target { get; }

    public void Intercept(IInvocation invocation)
    {
        MethodInfo method = invocation.Method;
        if (method.DeclaringType == typeof(IProxy) || method.DeclaringType == typeof(IProxy<T>))
        {
            invocation.ReturnValue = method.Name switch
            {
                "get_IsResolved" => Target.IsResolved,
                "get_Factory" => Target.Factory,
                nameof(IProxy.ResolveAsync) => Target.ResolveAsync((CancellationToken)invocation.Arguments[0]!),
                _ => Target.Value,
            };
            return;
        }

        if (!Target.IsResolved && TryForwardAsync(invocation))
        {
            return;
        }

        T target = Target.Value;
        if (invocation is IChangeProxyTarget change)
        {
            // Interface proxies: point the proxy at the target once, then let Castle call it directly.
            if (!ReferenceEquals(invocation.InvocationTarget, target))
            {
                ((IProxyTargetAccessor)invocation.Proxy).DynProxySetTarget(target);
                change.ChangeInvocationTarget(target);
            }

            invocation.Proceed();
            return;
        }

        // Class proxies have no target slot: call the target's implementation of the member.
        if (method.Name == nameof(Equals) && method.GetParameters() is [{ ParameterType: var parameter }] && parameter == typeof(object))
        {
            invocation.ReturnValue = Proxies.TargetEquals(target, invocation.Arguments[0]);
            return;
        }

        invocation.ReturnValue = Invoke(target, method, invocation.Arguments);
    }

    private static object? Invoke(T target, MethodInfo method, object?[] arguments)
    {
        try
        {
            return method.Invoke(target, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }

    private static TTask NotNull<TTask>(object? task, MethodInfo method)
        where TTask : class =>
        task as TTask ?? throw new InvalidOperationException($"{method.DeclaringType?.Name}.{method.Name} of the proxy's target returned null instead of a task or sequence.");

    /// <summary>
    /// For a member returning a task, sets a task that resolves the target asynchronously and
    /// then calls the member on it. Members with by-ref parameters take the synchronous path:
    /// their arguments must be written back before the call returns.
    /// </summary>
    private bool TryForwardAsync(IInvocation invocation)
    {
        MethodInfo method = invocation.GetConcreteMethod();
        Type returns = method.ReturnType;
        bool isTask = returns == typeof(Task);
        bool isValueTask = returns == typeof(ValueTask);
        Type? generic = returns.IsConstructedGenericType ? returns.GetGenericTypeDefinition() : null;
        bool isTaskOf = generic == typeof(Task<>);
        bool isValueTaskOf = generic == typeof(ValueTask<>);
        bool isSequence = generic == typeof(IAsyncEnumerable<>);
        if (!(isTask || isValueTask || isTaskOf || isValueTaskOf || isSequence) || method.GetParameters().Any(p => p.ParameterType.IsByRef))
        {
            return false;
        }

        object?[] arguments = invocation.Arguments;
        if (isSequence)
        {
            // Resolved when enumeration starts, with the enumerator's token.
            invocation.ReturnValue = ForwardSequenceMethod.MakeGenericMethod(returns.GetGenericArguments()[0]).Invoke(this, [method, arguments, CancellationToken.None]);
            return true;
        }

        CancellationToken cancellationToken = arguments.OfType<CancellationToken>().FirstOrDefault();
        if (isTask || isValueTask)
        {
            Task forwarded = ForwardTask(method, arguments, isValueTask, cancellationToken);
            invocation.ReturnValue = isTask ? forwarded : new ValueTask(forwarded);
            return true;
        }

        Type result = returns.GetGenericArguments()[0];
        MethodInfo forward = (isTaskOf ? ForwardTaskOfMethod : ForwardValueTaskOfMethod).MakeGenericMethod(result);
        invocation.ReturnValue = forward.Invoke(this, [method, arguments, isValueTaskOf, cancellationToken]);
        return true;
    }

    private async Task ForwardTask(MethodInfo method, object?[] arguments, bool valueTask, CancellationToken cancellationToken)
    {
        T target = await Target.GetAsync(cancellationToken).ConfigureAwait(false);
        object? returned = Invoke(target, method, arguments);
        if (valueTask)
        {
            await ((ValueTask)returned!).ConfigureAwait(false);
        }
        else
        {
            await NotNull<Task>(returned, method).ConfigureAwait(false);
        }
    }

    private async IAsyncEnumerable<TItem> ForwardSequence<TItem>(MethodInfo method, object?[] arguments, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        T target = await Target.GetAsync(cancellationToken).ConfigureAwait(false);
        IAsyncEnumerable<TItem> sequence = NotNull<IAsyncEnumerable<TItem>>(Invoke(target, method, arguments), method);
        await foreach (TItem item in sequence.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return item;
        }
    }

    private ValueTask<TResult> ForwardValueTaskOf<TResult>(MethodInfo method, object?[] arguments, bool valueTask, CancellationToken cancellationToken) =>
        new(ForwardTaskOf<TResult>(method, arguments, valueTask, cancellationToken));

    private async Task<TResult> ForwardTaskOf<TResult>(MethodInfo method, object?[] arguments, bool valueTask, CancellationToken cancellationToken)
    {
        T target = await Target.GetAsync(cancellationToken).ConfigureAwait(false);
        object? returned = Invoke(target, method, arguments);
        return valueTask
            ? await ((ValueTask<TResult>)returned!).ConfigureAwait(false)
            : await NotNull<Task<TResult>>(returned, method).ConfigureAwait(false);
    }
}
