// Two processes exchange large float64 arrays with no server started: each keeps its objects
// in its own PeerConnector and the other pulls them straight from it. The producer puts a
// 64 MiB array and starts a second process of this program as the consumer, handing it the
// store config and the key on its standard input and the secret through the environment
// (PROXYSTORE_PEER_SECRET, random for this run when not set). The consumer pulls the array,
// checks it bit for bit, and answers with an array of its own, which the producer pulls back.
//
//   dotnet run --project samples/PeerExchange -- [mebibytes]
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using PeerExchange;
using ProxyStore;
using ProxyStore.Connectors;

const string StoreName = "peer-exchange";

return args is ["consume"] ? await ConsumeAsync() : await ProduceAsync(args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 64);

async Task<int> ProduceAsync(int mebibytes)
{
    string secret = Environment.GetEnvironmentVariable(PeerConnectorOptions.DefaultSecretVariable) is { Length: > 0 } set
        ? set
        : Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    using var store = new Store(StoreName, new PeerConnector(new PeerConnectorOptions { Name = StoreName, Secret = secret }), cacheSize: 0);
    var connector = (PeerConnector)store.Connector;
    double[] signal = Signal.Make(mebibytes * 1024 * 1024 / sizeof(double));
    StoreKey key = await store.PutAsync(signal);
    Console.WriteLine($"producer: put {mebibytes} MiB ({signal.Length} float64 values) at {key}; it stays here, served at {connector.Endpoint}");

    using Process consumer = StartConsumer(secret);
    await consumer.StandardInput.WriteLineAsync(JsonSerializer.Serialize(new Handoff(store.ToConfig(), key)));
    await consumer.StandardInput.FlushAsync();

    StoreKey? answerKey = null;
    while (await consumer.StandardOutput.ReadLineAsync() is { } line)
    {
        if (line.StartsWith("answer ", StringComparison.Ordinal))
        {
            answerKey = JsonSerializer.Deserialize<StoreKey>(line["answer ".Length..]);
            break;
        }

        Console.WriteLine(line);
    }

    if (answerKey is null)
    {
        await consumer.WaitForExitAsync();
        Console.Error.WriteLine($"producer: the consumer exited ({consumer.ExitCode}) without an answer: {await consumer.StandardError.ReadToEndAsync()}");
        return 1;
    }

    var watch = Stopwatch.StartNew();
    double[] answer = (await store.GetAsync<double[]>(answerKey))!;
    watch.Stop();
    bool right = Signal.SameBits(Signal.Answer(signal), answer);
    Console.WriteLine($"producer: pulled the consumer's answer ({answer.Length * sizeof(double) / (1024 * 1024)} MiB) from {answerKey.Id[..answerKey.Id.IndexOf('/', StringComparison.Ordinal)]} in {watch.ElapsedMilliseconds} ms; {(right ? "verified bit for bit" : "WRONG")}");

    // The consumer keeps serving its answer until told it has been read.
    await consumer.StandardInput.WriteLineAsync("done");
    await consumer.StandardInput.FlushAsync();
    Console.Write(await consumer.StandardOutput.ReadToEndAsync());
    await consumer.WaitForExitAsync();
    if (consumer.ExitCode != 0)
    {
        Console.Error.WriteLine($"producer: the consumer failed ({consumer.ExitCode}): {await consumer.StandardError.ReadToEndAsync()}");
        return 1;
    }

    Console.WriteLine(right ? "exchange complete: both arrays crossed once, process to process, with no server in between" : "exchange FAILED");
    return right ? 0 : 1;
}

async Task<int> ConsumeAsync()
{
    Handoff handoff = JsonSerializer.Deserialize<Handoff>(Console.ReadLine() ?? throw new InvalidOperationException("No handoff on standard input."))!;

    // A connector of its own, from the producer's config; the secret comes from the environment.
    using Store store = Store.FromConfig(handoff.Store);
    var watch = Stopwatch.StartNew();
    double[] signal = (await store.GetAsync<double[]>(handoff.Key))!;
    watch.Stop();
    bool right = Signal.SameBits(Signal.Make(signal.Length), signal);
    Console.WriteLine($"consumer: pulled {signal.Length * sizeof(double) / (1024 * 1024)} MiB from the producer in {watch.ElapsedMilliseconds} ms; {(right ? "checked bit for bit" : "WRONG")}");
    if (!right)
    {
        return 1;
    }

    double[] answer = Signal.Answer(signal);
    StoreKey answerKey = await store.PutAsync(answer);
    Console.WriteLine($"consumer: computed signal * 0.5 + index and put it at {answerKey}, served from this process at {((PeerConnector)store.Connector).Endpoint}");
    Console.WriteLine("answer " + JsonSerializer.Serialize(answerKey));
    Console.Out.Flush();

    // Its answer lives as long as this process: wait until the producer has pulled it.
    _ = Console.ReadLine();
    Console.WriteLine("consumer: the producer has its answer; closing");
    return 0;
}

// Runs this program again as the consumer: through dotnet when this process is dotnet itself.
static Process StartConsumer(string secret)
{
    string self = Environment.ProcessPath ?? throw new InvalidOperationException("This process has no path to start again.");
    var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
    {
        start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
    }

    start.ArgumentList.Add("consume");
    start.Environment[PeerConnectorOptions.DefaultSecretVariable] = secret;
    return Process.Start(start) ?? throw new InvalidOperationException("Could not start the consumer.");
}
