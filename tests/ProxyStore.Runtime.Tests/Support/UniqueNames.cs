namespace ProxyStore.Tests.Support;

/// <summary>Store names no other test uses, so tests never meet in the process-wide registry.</summary>
public static class UniqueNames
{
    public static string Store(string purpose) => $"{purpose}-{Guid.NewGuid():N}";
}
