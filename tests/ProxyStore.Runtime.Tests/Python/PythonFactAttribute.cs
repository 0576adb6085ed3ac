namespace ProxyStore.Tests.Python;

/// <summary>A test against the real Python ProxyStore: skipped, saying why, only when python3 is not installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PythonFactAttribute : FactAttribute
{
    public PythonFactAttribute()
    {
        if (PythonProxyStore.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
