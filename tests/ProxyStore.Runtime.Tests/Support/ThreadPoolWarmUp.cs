using System.Runtime.CompilerServices;

namespace ProxyStore.Tests.Support;

/// <summary>
/// Gives the thread pool enough threads from the start for tests that run in parallel and
/// block pool threads in synchronous Redis calls. StackExchange.Redis reads replies on the
/// thread pool; with two cores the pool starts with two threads and adds one about every half
/// second, so a burst of blocked callers can starve the very reads they wait for and time out
/// against a healthy server. StackExchange.Redis's own advice for such programs is this setting.
/// </summary>
internal static class ThreadPoolWarmUp
{
    [ModuleInitializer]
    internal static void Initialize()
    {
        ThreadPool.GetMinThreads(out int workers, out int completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(completionPorts, 64));
    }
}
