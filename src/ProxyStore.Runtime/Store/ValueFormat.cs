namespace ProxyStore;

/// <summary>What a connector's stored values and keys look like.</summary>
public enum ValueFormat
{
    /// <summary>
    /// This library's own: every value in a frame with its length and checksum (so damage is
    /// detected), Redis keys under a prefix, one file per value.
    /// </summary>
    ProxyStore = 0,

    /// <summary>
    /// Python ProxyStore's: values as Python writes them (a two-letter tag, a newline, the payload;
    /// see <see cref="Serialization.PythonSerializer"/>), with no frame, so no checksum; Redis keys
    /// bare; files with Python's empty <c>&lt;id&gt;.ready</c> marker beside each. Python
    /// ProxyStore's stores on the same Redis server or directory read what this side writes and
    /// the other way round.
    /// </summary>
    Python = 1,
}
