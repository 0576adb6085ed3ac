using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Logging;

namespace ProxyStore.Orleans;

/// <summary>Reports a value the policy selected whose declared type cannot be proxied, as <see cref="NonProxiableParameters"/> says.</summary>
internal sealed partial class NonProxiableReporter(ILogger<NonProxiableReporter> logger, NonProxiableParameters mode)
{
    // Once per method and position (-1: the result), so a hot method does not flood the log.
    private readonly ConcurrentDictionary<(MethodInfo Method, int Position), byte> _reported = new();

    public void Report(MethodInfo method, int position, Type declared)
    {
        string what = position < 0 ? "the result" : $"parameter '{ParameterName(method, position)}'";
        string where = $"{method.DeclaringType?.FullName}.{method.Name}";
        if (mode == NonProxiableParameters.Throw)
        {
            throw new NonProxiableTypeException(
                declared,
                $"the ProxyStore policy selected {what} of {where}, which is declared as neither an interface nor a [Proxiable] class (or narrow the policy).");
        }

        if (_reported.TryAdd((method, position), 0))
        {
            LogNotProxiable(logger, what, where, declared.FullName);
        }
    }

    private static string? ParameterName(MethodInfo method, int position) => ProxyCandidates.ParametersOf(method)[position].Name;

    [LoggerMessage(EventId = 1701, EventName = "ProxyStore.Orleans.NotProxiable", Level = LogLevel.Warning,
        Message = "The ProxyStore policy selected {What} of {Method}, declared as {Type}, which is neither an interface nor a [Proxiable] class; it goes by value. Reported once per parameter.")]
    private static partial void LogNotProxiable(ILogger logger, string what, string method, string? type);
}
