namespace ProxyStore.Tests.Hotpaths;

/// <summary>The shared blocks that hold the time words a key records beyond its entry's inline ones.</summary>
public sealed class MetricWordArenaTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(8, 0)]
    [InlineData(9, 1)]
    [InlineData(18, 2)]
    [InlineData(256, 5)]
    public void A_request_gets_the_smallest_class_that_holds_it(int words, int expected)
    {
        Assert.Equal(expected, MetricWordArena.ClassFor(words));
        Assert.True(MetricWordArena.WordsOf(expected) >= words);
    }

    [Fact]
    public void More_words_than_the_largest_class_are_refused_by_count()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => MetricWordArena.ClassFor(257));
        Assert.Contains("256", e.Message);
    }

    [Fact]
    public void Blocks_rented_together_never_overlap_and_keep_their_words_across_chunks()
    {
        // Enough blocks of every class to fill several chunks, each written with its own pattern.
        var arena = new MetricWordArena();
        var blocks = new List<(int Address, int Class)>();
        for (int i = 0; i < 3_000; i++)
        {
            int sizeClass = i % MetricWordArena.ClassCount;
            int address = arena.Rent(sizeClass);
            arena.Words(address, MetricWordArena.WordsOf(sizeClass)).Fill(i);
            blocks.Add((address, sizeClass));
        }

        for (int i = 0; i < blocks.Count; i++)
        {
            (int address, int sizeClass) = blocks[i];
            Span<long> words = arena.Words(address, MetricWordArena.WordsOf(sizeClass));
            Assert.True(words.IndexOfAnyExcept((long)i) < 0, $"block {i} was overwritten");
            Assert.Equal(i, arena.Word(address + MetricWordArena.WordsOf(sizeClass) - 1));
        }
    }

    [Fact]
    public void A_returned_block_is_rented_again_for_its_class_only()
    {
        var arena = new MetricWordArena();
        int small = arena.Rent(0);
        int large = arena.Rent(3);
        arena.Return(small, 0);
        arena.Return(large, 3);

        Assert.Equal(large, arena.Rent(3));
        Assert.Equal(small, arena.Rent(0));
        Assert.NotEqual(small, arena.Rent(0));
    }
}
