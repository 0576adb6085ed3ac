namespace ProxyStore.Generators.Model;

/// <summary>The awaitable a forwarded method returns, for which the proxy resolves its target asynchronously.</summary>
internal enum AsyncReturn
{
    /// <summary>Not an awaitable the proxy resolves asynchronously for: the target is resolved synchronously.</summary>
    None,

    /// <summary><c>System.Threading.Tasks.Task</c>.</summary>
    Task,

    /// <summary><c>System.Threading.Tasks.Task&lt;TResult&gt;</c>.</summary>
    TaskOfResult,

    /// <summary><c>System.Threading.Tasks.ValueTask</c>.</summary>
    ValueTask,

    /// <summary><c>System.Threading.Tasks.ValueTask&lt;TResult&gt;</c>.</summary>
    ValueTaskOfResult,

    /// <summary><c>System.Collections.Generic.IAsyncEnumerable&lt;T&gt;</c>: resolved when enumeration starts.</summary>
    AsyncEnumerable,
}
