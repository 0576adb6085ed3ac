using ProxyStore.Serialization;

namespace ProxyStore.Connectors;

// Python ProxyStore's layout: the object in a file named by its id, then an empty '<id>.ready'
// beside it; readers look for the marker before anything else.
public sealed partial class FileConnector
{
    /// <summary>
    /// The format of the values and the layout of the directory. With <see cref="ValueFormat.Python"/>
    /// the connector keeps Python ProxyStore's layout: each object is a file named by its id,
    /// holding a Python value (a tag, a newline, the payload) and nothing else, and once it is
    /// complete an empty <c>&lt;id&gt;.ready</c> marker is written beside it; gets and
    /// <see cref="Exists"/> find nothing until the marker exists, as Python's FileConnector does,
    /// and an evict deletes the marker, then the object. Puts of bytes that are not a Python value
    /// are refused. A store over such a connector writes Python's values (see
    /// <see cref="PythonSerializer"/>); Python ProxyStore's <c>FileConnector</c> on the same
    /// directory reads them, and the other way round. Default: <see cref="ValueFormat.ProxyStore"/>.
    /// Travels in the connector's configuration.
    /// </summary>
    public ValueFormat ValueFormat { get; init; }

    private bool IsPython => ValueFormat == ValueFormat.Python;

    /// <summary>Whether a reader may read the object at <paramref name="path"/>: always, except in Python's layout before its marker exists.</summary>
    private bool IsReady(string path) => !IsPython || File.Exists(path + StoreObjectFiles.ReadySuffix);

    /// <summary>Refuses, in Python's layout, bytes that do not start with a Python tag.</summary>
    private void CheckPythonValue(IReadOnlyList<ReadOnlyMemory<byte>> parts)
    {
        if (!IsPython)
        {
            return;
        }

        Span<byte> first = stackalloc byte[PythonValues.TagBytes];
        int have = 0;
        foreach (ReadOnlyMemory<byte> part in parts)
        {
            int take = Math.Min(part.Length, first.Length - have);
            part.Span[..take].CopyTo(first[have..]);
            have += take;
        }

        PythonValues.CheckTagged(first[..have], this);
    }

    /// <summary>
    /// Writes, in Python's layout, the marker that makes the object at <paramref name="path"/>
    /// readable; an object whose marker cannot be written is deleted again.
    /// </summary>
    private void MarkReady(string path)
    {
        if (!IsPython)
        {
            return;
        }

        try
        {
            File.Create(path + StoreObjectFiles.ReadySuffix).Dispose();
        }
        catch
        {
            StoreObjectFiles.TryDelete(path);
            throw;
        }
    }
}
