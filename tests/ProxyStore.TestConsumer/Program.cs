// Usage: ProxyStore.TestConsumer <reference-file>
//    or: ProxyStore.TestConsumer get-object <config-file> <key-json> <assembly-name> (see GetObjectMode)
// Reads a proxy reference written by another process, resolves it through this
// process's own store registry, and prints a ConsumerReport as JSON: what it read,
// its own metrics, and the trace links of its resolution span.
// Usage: ProxyStore.TestConsumer await-future <reference-file> (see AwaitFutureMode)
//    or: ProxyStore.TestConsumer set-future <reference-file> <label> (see SetFutureMode)
// Usage: ProxyStore.TestConsumer take-owner <reference-file>
//    or: ProxyStore.TestConsumer use-borrow <config-file> <key-json> <new-first-byte> (see OwnershipMode)
// Usage: ProxyStore.TestConsumer stream-consume|stream-produce ... (see StreamMode)
//    or: ProxyStore.TestConsumer stream-consume-into <host:port> <topic> <buffer-length> (see StreamIntoMode)
// Usage: ProxyStore.TestConsumer sign-reference|signed-job ... (see SignedMode)
// Usage: ProxyStore.TestConsumer slow-put <dir> <sizeBytes>
// Puts objects into a FileConnector on <dir> until killed (see SlowPut).
// Usage: ProxyStore.TestConsumer put-array|array-digest|slow-put-shm ... (see ArrayMode)
// Usage: ProxyStore.TestConsumer peer-serve|peer-digest-starved ... (see PeerMode)
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ProxyStore;
using ProxyStore.TestConsumer;

if (args.Length == 4 && args[0] == "get-object")
{
    return GetObjectMode.Run(args[1], args[2], args[3]);
}

if (args is ["await-future", string referenceFile])
{
    return AwaitFutureMode.Run(referenceFile);
}

if (args is ["set-future", string futureFile, string label])
{
    return SetFutureMode.Run(futureFile, label);
}

if (args is ["take-owner", string ownerFile])
{
    return OwnershipMode.TakeOwner(ownerFile);
}

if (args is ["use-borrow", string borrowConfig, string borrowKey, string firstByte])
{
    return OwnershipMode.UseBorrow(borrowConfig, borrowKey, int.Parse(firstByte, CultureInfo.InvariantCulture));
}

if (args is ["put-array", string arrayConfig, string arrayLength, string arraySeed])
{
    return ArrayMode.Put(arrayConfig, int.Parse(arrayLength, CultureInfo.InvariantCulture), int.Parse(arraySeed, CultureInfo.InvariantCulture));
}

if (args is ["peer-serve", string peerConfig, string peerLength, string peerSeed])
{
    return PeerMode.Serve(peerConfig, int.Parse(peerLength, CultureInfo.InvariantCulture), int.Parse(peerSeed, CultureInfo.InvariantCulture));
}

if (args is ["peer-digest-starved", string starvedConfig, string starvedKey])
{
    return PeerMode.DigestWithPoolBlocked(starvedConfig, starvedKey);
}

if (args is ["array-digest", string digestConfig, string digestKey])
{
    return ArrayMode.Digest(digestConfig, digestKey);
}

if (args is ["slow-put-shm", string shmRoot, string shmName, string shmSize])
{
    return ArrayMode.SlowPut(shmRoot, shmName, long.Parse(shmSize, CultureInfo.InvariantCulture));
}

if (args is ["sign-reference", string signDirectory, string signedFile])
{
    return SignedMode.SignReference(signDirectory, signedFile);
}

if (args is ["signed-job", string jobDirectory])
{
    return SignedMode.SignedJob(jobDirectory);
}

if (args is ["slow-put", string directory, string size])
{
    return SlowPut.Run(directory, long.Parse(size, CultureInfo.InvariantCulture));
}

if (args is ["stream-consume", string consumeFrom, string consumeTopic, string consumeBroker])
{
    return await StreamMode.ConsumeAsync(consumeFrom, consumeTopic, consumeBroker);
}

if (args is ["stream-consume-into", string intoFrom, string intoTopic, string intoLength])
{
    return await StreamIntoMode.ConsumeAsync(intoFrom, intoTopic, int.Parse(intoLength, CultureInfo.InvariantCulture));
}

if (args is ["stream-produce", string produceTo, string produceTopic, string produceBroker, string prefix, string count, string bytes])
{
    return await StreamMode.ProduceAsync(produceTo, produceTopic, produceBroker, prefix, int.Parse(count, CultureInfo.InvariantCulture), int.Parse(bytes, CultureInfo.InvariantCulture));
}

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: ProxyStore.TestConsumer <reference-file> | slow-put <dir> <sizeBytes>");
    return 2;
}

var links = new List<string>();
using var listener = new ActivityListener
{
    ShouldListenTo = source => source.Name == StoreTelemetry.Name,
    Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    ActivityStopped = activity =>
    {
        if (activity.OperationName == MetricNames.FactoryResolve)
        {
            links.AddRange(activity.Links.Select(l => $"{l.Context.TraceId}-{l.Context.SpanId}"));
        }
    },
};
ActivitySource.AddActivityListener(listener);

IPayload proxy = ProxyReference.Deserialize<IPayload>(File.ReadAllBytes(args[0]));
bool resolvedBeforeUse = Proxies.IsResolved(proxy);
long checksum = proxy.Checksum();

var factory = (IStoreFactory)Proxies.GetFactory(proxy);
Store? store = StoreRegistry.Get(factory.StoreConfig.Name);
Metrics? metrics = store?.Metrics?.GetMetrics(proxy);
var report = new ConsumerReport(
    proxy.Label,
    checksum,
    resolvedBeforeUse,
    store is not null,
    metrics?.Times.ToDictionary(t => t.Key, t => t.Value.Count) ?? [],
    links,
    store?.Metrics?.Export().ToJson() ?? "");
Console.WriteLine(JsonSerializer.Serialize(report));
return 0;
