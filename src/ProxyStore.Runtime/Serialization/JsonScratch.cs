using System.Buffers;
using System.Text.Json;

namespace ProxyStore.Serialization;

/// <summary>
/// A thread's buffer and JSON writer, reused by the next serialization on that thread so that
/// a put of a JSON object allocates its frame and not the buffer's growth on the way to it.
/// </summary>
/// <remarks>
/// A serialization can start another on the same thread (an object that holds an owned
/// reference puts it while being written): the inner one finds no scratch to take and makes
/// its own. A buffer that grew beyond <see cref="MaxKeptBytes"/> is dropped rather than kept,
/// so one large object does not stay with its thread for good, and what a kept one held is
/// zeroed on return, so no object's bytes outlive its serialization there.
/// </remarks>
internal sealed class JsonScratch
{
    private const int MaxKeptBytes = 256 * 1024;

    [ThreadStatic]
    private static JsonScratch? s_free;

    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private Utf8JsonWriter? _writer;

    /// <summary>The buffer, empty when rented.</summary>
    public ArrayBufferWriter<byte> Buffer => _buffer;

    /// <summary>This thread's scratch, or a new one while it is in use.</summary>
    public static JsonScratch Rent()
    {
        JsonScratch? scratch = s_free;
        if (scratch is null)
        {
            return new JsonScratch();
        }

        s_free = null;
        return scratch;
    }

    /// <summary>A writer into <see cref="Buffer"/> with default options, reset for a new document.</summary>
    public Utf8JsonWriter Writer()
    {
        if (_writer is null)
        {
            _writer = new Utf8JsonWriter(_buffer);
        }
        else
        {
            _writer.Reset(_buffer);
        }

        return _writer;
    }

    /// <summary>Leaves `reserve` bytes, zeroed, at the start of the buffer for the caller's header.</summary>
    public void Reserve(int reserve)
    {
        _buffer.GetSpan(reserve)[..reserve].Clear();
        _buffer.Advance(reserve);
    }

    /// <summary>Gives the scratch back to this thread; what it held is discarded.</summary>
    public void Return()
    {
        if (_buffer.Capacity > MaxKeptBytes)
        {
            return;
        }

        _buffer.Clear();
        s_free = this;
    }
}
