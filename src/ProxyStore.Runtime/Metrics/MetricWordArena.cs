namespace ProxyStore;

/// <summary>
/// The <c>long</c> words of the times that keys record beyond their entry's inline words, for
/// all keys of one <see cref="StoreMetrics"/>: blocks of 8 to 256 words cut from shared chunks,
/// and blocks that a grown or forgotten entry gave back, reused by size. Thread-safe.
/// </summary>
/// <remarks>
/// <para>A key records more than its inline words hold when it is read a second time, checked
/// for existence or evicted, usually long after its put. An array per key, grown then, was a
/// new object stored into an entry that had reached the oldest generation: the retained-keys
/// profile put each such growth at about a microsecond of collector work (the card it marks,
/// two promotions), more than the rest of the operation. Chunks hold no references and are
/// allocated rarely, so the collector has almost nothing to do for them.</para>
/// <para>An address is a chunk's index (high 16 bits) and a word's offset in it (low 16 bits);
/// a block never spans two chunks. Chunks start small, so a store whose keys rarely overflow
/// holds little, and double up to <see cref="MaxChunkWords"/>.</para>
/// </remarks>
internal sealed class MetricWordArena
{
    /// <summary>Size classes: 8, 16, 32, 64, 128 and 256 words.</summary>
    public const int ClassCount = 6;

    private const int SmallestClassShift = 3;
    private const int OffsetBits = 16;
    private const int MaxChunkWords = 1 << OffsetBits;
    private const int FirstChunkWords = 256;

    private readonly object _gate = new();
    private readonly Stack<int>?[] _free = new Stack<int>?[ClassCount];
    private long[][] _chunks = [];
    private int _chunkCount;
    private int _next;

    /// <summary>The words a block of <paramref name="sizeClass"/> holds.</summary>
    public static int WordsOf(int sizeClass) => 1 << (SmallestClassShift + sizeClass);

    /// <summary>The smallest class whose blocks hold <paramref name="words"/> words.</summary>
    /// <exception cref="ArgumentOutOfRangeException">More words than the largest class holds.</exception>
    public static int ClassFor(int words)
    {
        for (int sizeClass = 0; sizeClass < ClassCount; sizeClass++)
        {
            if (WordsOf(sizeClass) >= words)
            {
                return sizeClass;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(words), words, $"A key's metrics need at most {WordsOf(ClassCount - 1)} words beyond their inline ones.");
    }

    /// <summary>The address of a block of <paramref name="sizeClass"/>; its words are not cleared.</summary>
    public int Rent(int sizeClass)
    {
        int words = WordsOf(sizeClass);
        lock (_gate)
        {
            if (_free[sizeClass] is { Count: > 0 } free)
            {
                return free.Pop();
            }

            if (_chunkCount == 0 || _next + words > _chunks[_chunkCount - 1].Length)
            {
                AddChunk();
            }

            int address = ((_chunkCount - 1) << OffsetBits) | _next;
            _next += words;
            return address;
        }
    }

    /// <summary>Gives back a block rented with <paramref name="sizeClass"/>, for reuse.</summary>
    public void Return(int address, int sizeClass)
    {
        lock (_gate)
        {
            (_free[sizeClass] ??= new Stack<int>()).Push(address);
        }
    }

    /// <summary>The word at <paramref name="address"/> (a block's address plus an offset within the block).</summary>
    /// <remarks>
    /// Callers reach an address only after renting it (or through the entry's lock, taken after
    /// the entry rented it), so the chunk it names is in whichever array they read.
    /// </remarks>
    public ref long Word(int address) => ref Volatile.Read(ref _chunks)[address >> OffsetBits][address & (MaxChunkWords - 1)];

    /// <summary>The words of a block, or part of one.</summary>
    public Span<long> Words(int address, int count) =>
        Volatile.Read(ref _chunks)[address >> OffsetBits].AsSpan(address & (MaxChunkWords - 1), count);

    private void AddChunk()
    {
        if (_chunkCount >= 1 << (31 - OffsetBits))
        {
            throw new InvalidOperationException("The store's metrics hold more time records than their address space allows; bound them with StoreMetricsOptions.");
        }

        int words = _chunkCount == 0 ? FirstChunkWords : Math.Min(MaxChunkWords, _chunks[_chunkCount - 1].Length * 2);
        if (_chunkCount == _chunks.Length)
        {
            // Readers may hold the old array; it names the same chunks, which never move.
            long[][] grown = new long[Math.Max(4, _chunks.Length * 2)][];
            Array.Copy(_chunks, grown, _chunkCount);
            Volatile.Write(ref _chunks, grown);
        }

        _chunks[_chunkCount] = GC.AllocateUninitializedArray<long>(words);
        _chunkCount++;
        _next = 0;
    }
}
