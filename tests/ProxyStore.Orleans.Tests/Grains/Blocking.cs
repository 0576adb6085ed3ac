namespace ProxyStore.Orleans.Tests.Grains;

/// <summary>Lets a test wait until <see cref="IDataGrain.Hang"/> runs (the silos share this process).</summary>
public static class Blocking
{
    private static TaskCompletionSource<string> s_entered = New();

    /// <summary>Completes with the argument's key when a grain enters <see cref="IDataGrain.Hang"/>.</summary>
    public static Task<string> Entered => Volatile.Read(ref s_entered).Task;

    /// <summary>Forgets an earlier entry.</summary>
    public static void Reset() => Volatile.Write(ref s_entered, New());

    internal static void Enter(string key) => Volatile.Read(ref s_entered).TrySetResult(key);

    private static TaskCompletionSource<string> New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
