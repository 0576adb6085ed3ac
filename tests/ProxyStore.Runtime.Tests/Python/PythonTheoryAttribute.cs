namespace ProxyStore.Tests.Python;

/// <summary>A theory that needs python3; skipped, saying why, when it is not installed.</summary>
public sealed class PythonTheoryAttribute : TheoryAttribute
{
    public PythonTheoryAttribute()
    {
        if (PythonProxyStore.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
