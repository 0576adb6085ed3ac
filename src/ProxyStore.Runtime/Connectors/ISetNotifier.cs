namespace ProxyStore.Connectors;

/// <summary>
/// A connector that can announce that a key was set, so a waiting future wakes at once instead
/// of at its next poll. Announcements are a shortcut only: a waiter still polls, so one that
/// misses an announcement (subscribed too late, connection hiccup) is merely slower.
/// </summary>
internal interface ISetNotifier
{
    /// <summary>
    /// Calls <paramref name="onSet"/> (maybe more than once, on any thread) when
    /// <paramref name="key"/> is set, until the result is disposed; <see langword="null"/> when
    /// this key's storage announces nothing.
    /// </summary>
    IDisposable? WatchSet(StoreKey key, Action onSet);

    /// <summary>Asynchronous <see cref="WatchSet"/>.</summary>
    ValueTask<IDisposable?> WatchSetAsync(StoreKey key, Action onSet, CancellationToken cancellationToken);
}
