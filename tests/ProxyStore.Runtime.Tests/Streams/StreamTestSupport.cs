using System.Threading.Channels;
using ProxyStore.Connectors;
using ProxyStore.Streams;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Streams;

/// <summary>An object of a stream that has proxies: consumers hand out lazy proxies of it.</summary>
public interface IReading
{
    int Index { get; }

    string Label { get; }
}

/// <summary>The stored form of <see cref="IReading"/>.</summary>
[ProxyStore.Storable]
public sealed record Reading(int Index, string Label) : IReading;

/// <summary>
/// A channel publisher that keeps a copy of every message it sends, so a test can read the
/// events a producer published (their keys, say) the way the broker carried them.
/// </summary>
internal sealed class RecordingPublisher(IStreamPublisher inner) : IStreamPublisher
{
    public List<byte[]> Messages { get; } = [];

    public IEnumerable<EventBatch> Batches => Messages.Select(m => StreamEventJson.FromBytes(m));

    public IEnumerable<NewObjectKeyEvent> KeyEvents => Batches.SelectMany(b => b.Events).OfType<NewObjectKeyEvent>();

    public void SendMessage(string topic, byte[] message)
    {
        inner.SendMessage(topic, message);
        Messages.Add(message);
    }

    public async ValueTask SendMessageAsync(string topic, byte[] message, CancellationToken cancellationToken = default)
    {
        await inner.SendMessageAsync(topic, message, cancellationToken);
        Messages.Add(message);
    }

    public void Dispose() => inner.Dispose();

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}

/// <summary>A registered file store in a directory of its own, as the Python tests' fixture.</summary>
internal sealed class StreamStore : IDisposable
{
    private readonly TempDirectory _directory = new();

    public StreamStore(bool register = true)
    {
        Store = new Store(UniqueNames.Store("stream"), new FileConnector(_directory.Sub("objects")), register: register);
    }

    public Store Store { get; }

    public string Directory => _directory.Sub("objects");

    /// <summary>How many objects are stored (one file each).</summary>
    public int StoredCount => System.IO.Directory.Exists(Directory) ? System.IO.Directory.GetFiles(Directory, "*", SearchOption.AllDirectories).Length : 0;

    public void Dispose()
    {
        Store.Dispose();
        _directory.Dispose();
    }
}

internal static class StreamPairs
{
    public const string Topic = "default";

    /// <summary>A recording channel publisher and its subscriber for <see cref="Topic"/>.</summary>
    public static (RecordingPublisher Publisher, ChannelSubscriber Subscriber) Recording(string topic = Topic)
    {
        (ChannelPublisher publisher, ChannelSubscriber subscriber) = ChannelPublisher.CreatePair(topic);
        return (new RecordingPublisher(publisher), subscriber);
    }

    /// <summary>A channel whose writer is already completed: every publication to it fails.</summary>
    public static ChannelPublisher Broken(string topic = Topic)
    {
        Channel<byte[]> channel = Channel.CreateUnbounded<byte[]>();
        channel.Writer.Complete();
        return new ChannelPublisher(new Dictionary<string, ChannelWriter<byte[]>> { [topic] = channel.Writer });
    }
}
