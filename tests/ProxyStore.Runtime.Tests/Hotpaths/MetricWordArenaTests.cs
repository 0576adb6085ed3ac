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

    [Fact]
    public void A_forgotten_entry_neither_reads_nor_writes_the_block_it_gave_back()
    {
        // The forgotten key's block is the one the next key gets; an entry still held by a
        // racing operation must neither add to that key's times nor count them as its own.
        var metrics = new StoreMetrics(new StoreMetricsOptions { EvictedKeys = EvictedKeyMetrics.Drop });
        var forgotten = new StoreKey("forgotten");
        var next = new StoreKey("next");
        KeyMetrics held = metrics.Entry(MetricsKey.For(forgotten));
        RecordBeyondInline(metrics, forgotten, TimeSpan.FromMilliseconds(1));
        metrics.Evicted(forgotten);
        RecordBeyondInline(metrics, next, TimeSpan.FromMilliseconds(5));

        held.AddTime(TimeMetric.Exists, Duration.FromTimeSpan(TimeSpan.FromMilliseconds(100)), 1);
        var totals = new Dictionary<string, TimeAccumulator>();
        held.AccumulateTimes(totals);

        Assert.True(held.Retired);
        Assert.Empty(totals);
        Assert.Null(held.Snapshot());
        Assert.Null(metrics.GetMetrics(forgotten));
        TimeStats exists = metrics.GetMetrics(next)!.Times[MetricNames.Exists];
        Assert.Equal(2, exists.Count);
        Assert.Equal(5, exists.MaxTimeMs, 6);
    }

    [Fact]
    public void A_time_recorded_on_an_entry_forgotten_meanwhile_is_folded_where_the_policy_folds_and_dropped_where_it_drops()
    {
        foreach (EvictedKeyMetrics policy in (EvictedKeyMetrics[])[EvictedKeyMetrics.Aggregate, EvictedKeyMetrics.Drop])
        {
            var metrics = new StoreMetrics(new StoreMetricsOptions { EvictedKeys = policy });
            var key = new StoreKey("late");
            KeyMetrics held = metrics.Entry(MetricsKey.For(key));
            held.AddTime(TimeMetric.Exists, Duration.FromTimeSpan(TimeSpan.FromMilliseconds(2)), 1);
            metrics.Evicted(key);

            // An operation that took the entry before the eviction records after it.
            held.AddTime(TimeMetric.Exists, Duration.FromTimeSpan(TimeSpan.FromMilliseconds(4)), 2);
            held.AddTime("custom.late", Duration.FromTimeSpan(TimeSpan.FromMilliseconds(1)), 3);

            IReadOnlyDictionary<string, TimeStats> totals = metrics.AggregateTimes();
            if (policy == EvictedKeyMetrics.Aggregate)
            {
                Assert.Equal(2, totals[MetricNames.Exists].Count);
                Assert.Equal(4, totals[MetricNames.Exists].MaxTimeMs, 6);
                Assert.Equal(1, totals["custom.late"].Count);
            }
            else
            {
                Assert.Empty(totals);
            }
        }
    }

    /// <summary>Seven guide times, twice each: more words than an entry holds inline.</summary>
    private static void RecordBeyondInline(StoreMetrics metrics, StoreKey key, TimeSpan duration)
    {
        string[] names = [MetricNames.Put, MetricNames.PutSerialize, MetricNames.PutConnector, MetricNames.Get, MetricNames.GetConnector, MetricNames.GetDeserialize, MetricNames.Exists];
        for (int round = 0; round < 2; round++)
        {
            foreach (string name in names)
            {
                metrics.AddTime(name, key, duration);
            }
        }
    }
}
