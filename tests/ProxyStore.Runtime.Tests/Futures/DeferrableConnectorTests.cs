using ProxyStore.Connectors;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Futures;

/// <summary>The <see cref="IDeferrableConnector"/> contract on every connector kind.</summary>
public sealed class DeferrableConnectorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public async Task A_new_key_reads_as_missing_until_it_is_set_once(string kind)
    {
        using IConnector connector = ConnectorCases.Create(kind, _dir);
        var deferrable = Assert.IsAssignableFrom<IDeferrableConnector>(connector);

        StoreKey key = deferrable.NewKey();
        Assert.Null(connector.Get(key));
        Assert.False(connector.Exists(key));
        Assert.Null(await connector.GetAsync(key));
        Assert.False(await connector.ExistsAsync(key));

        deferrable.Set(key, new byte[] { 1, 2, 3 });
        Assert.Equal(new byte[] { 1, 2, 3 }, connector.Get(key));
        Assert.True(connector.Exists(key));

        var again = Assert.Throws<KeyAlreadySetException>(() => deferrable.Set(key, new byte[] { 9 }));
        Assert.Equal(key, again.Key);
        Assert.Contains(key.ToString(), again.Message, StringComparison.Ordinal);
        Assert.Equal(new byte[] { 1, 2, 3 }, connector.Get(key));
    }

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public async Task The_async_twins_make_and_set_keys_once(string kind)
    {
        using IConnector connector = ConnectorCases.Create(kind, _dir);
        var deferrable = (IDeferrableConnector)connector;

        StoreKey key = await deferrable.NewKeyAsync();
        Assert.False(await connector.ExistsAsync(key));
        await deferrable.SetAsync(key, new byte[] { 4, 5 });
        Assert.Equal(new byte[] { 4, 5 }, await connector.GetAsync(key));
        await Assert.ThrowsAsync<KeyAlreadySetException>(async () => await deferrable.SetAsync(key, new byte[] { 6 }));
    }

    [Theory]
    [MemberData(nameof(ConnectorCases.All), MemberType = typeof(ConnectorCases))]
    public void Setting_a_key_of_another_kind_is_an_argument_exception_naming_it(string kind)
    {
        using IConnector connector = ConnectorCases.Create(kind, _dir);
        var deferrable = (IDeferrableConnector)connector;

        // Single connectors refuse keys that name an inner connector; a multi connector refuses
        // keys that name none, or one it does not have.
        StoreKey foreign = connector is MultiConnector ? new StoreKey("abc", "nowhere") : new StoreKey("abc", "somewhere");
        var refused = Assert.Throws<ArgumentException>(() => deferrable.Set(foreign, new byte[] { 1 }));
        Assert.Contains(foreign.ToString(), refused.Message, StringComparison.Ordinal);

        StoreKey bare = new("abc");
        if (connector is MultiConnector)
        {
            Assert.Contains("abc", Assert.Throws<ArgumentException>(() => deferrable.Set(bare, new byte[] { 1 })).Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(1L, "small")]
    [InlineData(Multi.MultiConnectorCase.SmallLimit + 1L, "large")]
    [InlineData(null, "small")]
    public void A_multi_connector_routes_a_new_key_by_its_size_hint(long? sizeHint, string expected)
    {
        using MultiConnector connector = Multi.MultiConnectorCase.Create();

        StoreKey key = connector.NewKey(sizeHint);

        // The route is fixed when the key is made: the value goes there whatever its size.
        Assert.Equal(expected, key.Connector);
        connector.Set(key, new byte[Multi.MultiConnectorCase.SmallLimit + 10]);
        Assert.True(connector.Connectors[expected].Exists(key.WithoutConnector()));
    }

    [Fact]
    public void A_multi_connector_makes_keys_only_on_connectors_that_can_set_later()
    {
        using var connector = new MultiConnector(
            new RoutedConnector("plain", new PutOnlyConnector(), new Policy { Priority = 10 }),
            new RoutedConnector("local", new LocalConnector(), new Policy()));

        Assert.Equal("local", connector.NewKey().Connector);
    }

    [Fact]
    public async Task A_reader_polling_a_file_key_while_it_is_set_finds_nothing_or_the_whole_value()
    {
        // A set published its file while its writer still held it exclusively: a reader that
        // opened the file in that moment failed with a sharing violation instead of reading it.
        using var connector = new FileConnector(_dir.Sub("polled"));
        byte[] value = [.. Enumerable.Range(0, 4096).Select(i => (byte)i)];
        for (int round = 0; round < 200; round++)
        {
            StoreKey key = connector.NewKey();
            using var setting = new ManualResetEventSlim();
            Task reader = Task.Run(() =>
            {
                setting.Set();
                byte[]? read;
                while ((read = connector.Get(key)) is null)
                {
                }

                Assert.Equal(value, read);
            });
            setting.Wait();
            connector.Set(key, value);
            await reader;
        }
    }

    [Fact]
    public void Racing_setters_of_many_file_keys_each_leave_the_one_winners_value()
    {
        // .NET's move without overwriting checks and then renames on Linux: before the set
        // linked its file into place, a second racer sometimes replaced the winner's object.
        using var connector = new FileConnector(_dir.Sub("races"));
        for (int round = 0; round < 100; round++)
        {
            StoreKey key = connector.NewKey();
            var winners = new System.Collections.Concurrent.ConcurrentBag<int>();
            Parallel.For(0, 6, i =>
            {
                try
                {
                    connector.Set(key, new byte[] { (byte)i, (byte)round });
                    winners.Add(i);
                }
                catch (KeyAlreadySetException)
                {
                }
            });

            int winner = Assert.Single(winners);
            Assert.Equal(new byte[] { (byte)winner, (byte)round }, connector.Get(key));
        }

        Assert.Equal(100, Directory.GetFiles(connector.StoreDirectory).Length);
    }

    [Fact]
    public void Racing_setters_of_one_file_key_leave_exactly_one_value()
    {
        using var connector = new FileConnector(_dir.Sub("race"));
        StoreKey key = connector.NewKey();
        int wins = 0;
        Parallel.For(0, 8, i =>
        {
            try
            {
                connector.Set(key, new byte[] { (byte)i });
                Interlocked.Increment(ref wins);
            }
            catch (KeyAlreadySetException)
            {
                // Every loser learns it lost.
            }
        });

        Assert.Equal(1, wins);
        Assert.Single(connector.Get(key)!);
        Assert.Single(Directory.GetFiles(connector.StoreDirectory));
    }
}
