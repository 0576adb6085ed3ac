using System.Reflection;
using System.Runtime.ExceptionServices;
using Castle.DynamicProxy;

namespace ProxyStore;

/// <summary>
/// Forwards every call of a Castle proxy to its lazily resolved target and answers the
/// <see cref="IProxy"/> members itself.
/// </summary>
internal sealed class ProxyInterceptor<T> : IInterceptor
    where T : class
{
    public ProxyInterceptor(LazyTarget<T> target)
    {
        Target = target;
    }

    public LazyTarget<T> Target { get; }

    public void Intercept(IInvocation invocation)
    {
        MethodInfo method = invocation.Method;
        if (method.DeclaringType == typeof(IProxy) || method.DeclaringType == typeof(IProxy<T>))
        {
            invocation.ReturnValue = method.Name switch
            {
                "get_IsResolved" => Target.IsResolved,
                "get_Factory" => Target.Factory,
                _ => Target.Value,
            };
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

        try
        {
            invocation.ReturnValue = method.Invoke(target, invocation.Arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
        }
    }
}
