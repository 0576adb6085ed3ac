// Two processes, one Redis server. The producer puts matrices into a store on Redis, puts a
// Job message that holds proxies of two of them (stored as their references, never the
// matrices), and pushes a proxy reference of each job onto a Redis list; the consumer pops
// them, uses the job and its matrices, which resolve from Redis in the consumer, checks every
// value, and prints its own metrics: the resolutions (factory.call, factory.resolve, store.get)
// show up there, not in the producer's. The producer's last message carries its metrics
// as JSON, and the consumer merges them with its own into the whole picture: each key's
// put and proxy from one process, its resolution from the other.
//
//   dotnet run --project samples/ProducerConsumer -- consumer 127.0.0.1:6379 demo-queue
//   dotnet run --project samples/ProducerConsumer -- producer 127.0.0.1:6379 demo-queue 5
using System.Globalization;
using System.Text.Json;
using ProducerConsumer;
using ProxyStore;
using ProxyStore.Connectors;
using StackExchange.Redis;

if (args.Length < 3 || args[0] is not ("producer" or "consumer"))
{
    Console.Error.WriteLine("usage: ProducerConsumer producer <host:port> <queue> [count] [rows]");
    Console.Error.WriteLine("       ProducerConsumer consumer <host:port> <queue> [timeout-seconds]");
    return 2;
}

string role = args[0];
(string host, int port) = ParseEndpoint(args[1]);
string queue = args[2];
string storeName = "producer-consumer-" + queue;
string keyPrefix = $"proxystore-sample:{queue}:";

// The list travels on a connection of its own: a blocking pop must not hold up the store's.
using ConnectionMultiplexer redis = ConnectionMultiplexer.Connect(new ConfigurationOptions
{
    EndPoints = { { host, port } },
    ClientName = "proxystore-sample-" + role,
    SyncTimeout = 15_000,
    AsyncTimeout = 15_000,
});
IDatabase database = redis.GetDatabase();

return role == "producer"
    ? Produce(args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5, args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 256)
    : await ConsumeAsync(TimeSpan.FromSeconds(args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 60));

int Produce(int count, int rows)
{
    // Registered, with metrics: the proxies' configs carry both, so the consumer's store is too.
    using var store = new Store(storeName, RedisConnector.Connect(host, port, new RedisConnectorOptions { KeyPrefix = keyPrefix }), metrics: true, register: true);
    var proxies = new List<object>();
    for (int i = 0; i < count; i++)
    {
        Matrix left = Matrix.Create(2 * i, rows, 64);
        Matrix right = Matrix.Create((2 * i) + 1, rows, 64);

        // evict: the consumer's resolutions remove the objects from Redis, leaving nothing behind.
        IMatrix leftProxy = store.Proxy<IMatrix>(left, evict: true);
        IMatrix rightProxy = store.Proxy<IMatrix>(right, evict: true);

        // The job holds the two proxies; storing it stores their references, not the matrices.
        IJob job = store.Proxy<IJob>(new Job(i, leftProxy, rightProxy, left.Sum() + right.Sum()), evict: true);
        proxies.AddRange([leftProxy, rightProxy, job]);
        byte[] reference = ProxyReference.Serialize(job);
        var message = new QueueMessage(i, left.Sum() + right.Sum(), JsonSerializer.Deserialize<JsonElement>(reference));
        database.ListLeftPush(queue, JsonSerializer.SerializeToUtf8Bytes(message));
        Console.WriteLine($"producer: sent job {i}: two {rows}x64 matrices by reference ({reference.Length}-byte job reference)");
    }

    MetricsReport report = store.Metrics!.Export();
    database.ListLeftPush(queue, JsonSerializer.SerializeToUtf8Bytes(new QueueMessage(count, 0, null, Done: true, ProducerMetrics: report.ToJson())));

    IReadOnlyDictionary<string, TimeStats> times = report.AggregateTimes();
    Console.WriteLine();
    Console.WriteLine("== Producer metrics (puts and proxies; nothing resolved here)");
    Console.WriteLine(MetricsTable.Format(times));
    PrintSummary(new Summary("producer", count, 0, proxies.Any(Proxies.IsResolved), KeysLeft(), Counts(times)));
    return 0;
}

async Task<int> ConsumeAsync(TimeSpan timeout)
{
    DateTime deadline = DateTime.UtcNow + timeout;
    int received = 0;
    int verified = 0;
    bool resolvedBeforeUse = false;
    while (DateTime.UtcNow < deadline)
    {
        // BRPOP with a short server-side timeout, well within the client's, until the end message.
        RedisResult popped = await database.ExecuteAsync("BRPOP", queue, 5);
        if (popped.IsNull)
        {
            continue;
        }

        var message = JsonSerializer.Deserialize<QueueMessage>((byte[])((RedisResult[])popped!)[1]!)!;
        if (message.Done)
        {
            Store? store = StoreRegistry.Get(storeName);
            MetricsReport mine = store?.Metrics?.Export() ?? new MetricsReport([]);
            IReadOnlyDictionary<string, TimeStats> times = mine.AggregateTimes();
            Console.WriteLine();
            Console.WriteLine("== Consumer metrics (the resolutions happened here)");
            Console.WriteLine(MetricsTable.Format(times));

            // Metrics are local to each process; merged, each key has its whole life in one entry.
            MetricsReport whole = message.ProducerMetrics is { } producer ? MetricsReport.Merge(MetricsReport.FromJson(producer), mine) : mine;
            Console.WriteLine();
            Console.WriteLine("== The whole picture (producer and consumer metrics merged)");
            Console.WriteLine(whole.ToTable());
            int complete = whole.Entries.Count(e => e.Metrics.Times.ContainsKey("store.put") && e.Metrics.Times.ContainsKey("factory.resolve"));

            bool allThere = received == message.Index && verified == received && !resolvedBeforeUse;
            PrintSummary(new Summary("consumer", received, verified, received > 0, KeysLeft(), Counts(times), Counts(whole.AggregateTimes()), complete));
            store?.Dispose();
            return allThere ? 0 : 1;
        }

        received++;
        IJob job = ProxyReference.Deserialize<IJob>(JsonSerializer.SerializeToUtf8Bytes(message.Proxy));
        resolvedBeforeUse |= Proxies.IsResolved(job);

        // First use: the job resolves from Redis through this process's own store; its
        // matrices are proxies still, each resolving on its own first use.
        IMatrix left = job.Left;
        IMatrix right = job.Right;
        resolvedBeforeUse |= Proxies.IsResolved(left) || Proxies.IsResolved(right);
        double sum = left.Sum() + right.Sum();
        bool ok = job.Index == message.Index && sum == message.Sum && sum == job.ExpectedSum
            && Matches(left, 2 * message.Index) && Matches(right, (2 * message.Index) + 1);
        verified += ok ? 1 : 0;
        Console.WriteLine($"consumer: job {message.Index} {(ok ? "verified" : "MISMATCH")}: two {left.Rows}x{left.Columns} matrices, sum {sum.ToString("F3", CultureInfo.InvariantCulture)}");
    }

    Console.Error.WriteLine($"consumer: no end message on '{queue}' within {timeout.TotalSeconds} s ({received} received)");
    return 1;
}

static bool Matches(IMatrix matrix, int index) =>
    matrix.Index == index && matrix.Values.AsSpan().SequenceEqual(Matrix.Create(index, matrix.Rows, matrix.Columns).Values);

long KeysLeft() => redis.GetServer(host, port).Keys(0, keyPrefix + "*").LongCount();

static Dictionary<string, long> Counts(IReadOnlyDictionary<string, TimeStats> times) =>
    times.ToDictionary(t => t.Key, t => t.Value.Count, StringComparer.Ordinal);

static void PrintSummary(Summary summary) => Console.WriteLine(Summary.Prefix + JsonSerializer.Serialize(summary));

static (string Host, int Port) ParseEndpoint(string endpoint)
{
    int colon = endpoint.LastIndexOf(':');
    return colon > 0 && int.TryParse(endpoint.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port)
        ? (endpoint[..colon], port)
        : (endpoint, RedisConnector.DefaultPort);
}
