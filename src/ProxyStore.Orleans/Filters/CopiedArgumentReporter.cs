using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Logging;

namespace ProxyStore.Orleans;

/// <summary>
/// Says, once per parameter, that an argument the filter stored was most likely deep-copied by
/// Orleans first (Orleans copies a call's arguments before outgoing filters run, unless the
/// parameter or the value's type is <c>[Immutable]</c>), and how to skip that copy.
/// </summary>
internal sealed partial class CopiedArgumentReporter(ILogger<CopiedArgumentReporter> logger)
{
    private readonly ConcurrentDictionary<(MethodInfo Method, int Position), byte> _reported = new();

    public void Stored(MethodInfo method, int position, object argument)
    {
        ParameterInfo parameter = ProxyCandidates.ParametersOf(method)[position];
        if (parameter.IsDefined(typeof(ImmutableAttribute), inherit: false) || argument.GetType().IsDefined(typeof(ImmutableAttribute), inherit: false)
            || !_reported.TryAdd((method, position), 0))
        {
            return;
        }

        LogCopied(logger, parameter.Name, $"{method.DeclaringType?.FullName}.{method.Name}");
    }

    [LoggerMessage(EventId = 1703, EventName = "ProxyStore.Orleans.ArgumentCopied", Level = LogLevel.Information,
        Message = "Orleans deep-copies call arguments before outgoing filters run, so argument '{Parameter}' of {Method} was most likely copied whole " +
            "before ProxyStore stored it. Mark the parameter [Immutable] to skip that copy (the caller then leaves the value unchanged until the call returns). Reported once per parameter.")]
    private static partial void LogCopied(ILogger logger, string? parameter, string method);
}
