using Microsoft.Win32.SafeHandles;

namespace ProxyStore.Connectors;

/// <summary>A stored frame in a file, read by positioned reads: the kernel copies each piece straight into where the store wants it.</summary>
internal sealed class FileFrameSource(SafeFileHandle handle, int length, string path) : FrameSource
{
    /// <inheritdoc />
    public override int Length => length;

    /// <inheritdoc />
    public override void Read(int offset, Span<byte> destination) => FileConnector.ReadFully(handle, destination, offset, length, path);

    /// <inheritdoc />
    public override void Dispose() => handle.Dispose();
}
