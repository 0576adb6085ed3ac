namespace ProxyStore.Connectors;

/// <summary>
/// A connector whose medium holds stored frames in memory that it can lend for as long as a
/// reader keeps a view: its own array (LocalConnector), a mapped segment (SharedMemoryConnector)
/// or a mapped file in the system's cache (FileConnector). What a view reads is never copied.
/// </summary>
internal interface IViewConnector
{
    /// <summary>The frame of <paramref name="key"/> in memory until disposed, or <see langword="null"/> when the key is missing.</summary>
    FrameSource? OpenView(StoreKey key);
}
