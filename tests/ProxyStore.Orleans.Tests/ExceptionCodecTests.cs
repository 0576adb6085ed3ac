using System.Collections;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using ProxyStore.Connectors;
using ProxyStore.Extensions.Hosting;
using ProxyStore.Orleans.Serialization;
using ProxyStore.Serialization;
using ProxyStore.Streams;
using StackExchange.Redis;

namespace ProxyStore.Orleans.Tests;

/// <summary>
/// Every public exception of ProxyStore's packages, written and read by the Orleans serializer
/// as AddProxyStore configures it: same type, message, properties and inner exception. (Calls
/// within one silo do not copy exceptions: Orleans' copier hands over the same instance.)
/// </summary>
public sealed class ExceptionCodecTests : IDisposable
{
    private static readonly StoreKey Key = new("k3y-1d", "fast");

    private readonly ServiceProvider _services;

    public ExceptionCodecTests()
    {
        var services = new ServiceCollection();
        services.AddSerializer();
        ProxyStoreServices.Add(services, configure: null);
        _services = services.BuildServiceProvider();
    }

    public static TheoryData<string> Names() => [.. Samples().Select(s => s.GetType().Name + (s.InnerException is null ? "" : " with inner"))];

    [Fact]
    public void Every_public_exception_type_has_a_sample_here()
    {
        Type[] types = [.. new[] { typeof(Store).Assembly, typeof(ProxyCodec).Assembly, typeof(ProxyStoreConfigurationException).Assembly }
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => typeof(Exception).IsAssignableFrom(t) && !t.IsAbstract)];

        Assert.NotEmpty(types);
        Assert.Empty(types.Except(Samples().Select(s => s.GetType())));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_ProxyStore_exception_crosses_the_wire_with_its_type_message_properties_and_inner_exception(string name)
    {
        Exception original = Sample(name);
        Serializer serializer = _services.GetRequiredService<Serializer>();

        Exception? back = serializer.Deserialize<Exception>(serializer.SerializeToArray<Exception>(original));

        AssertSame(original, Assert.IsAssignableFrom<Exception>(back));
    }

    public void Dispose() => _services.Dispose();

    private static Exception Sample(string name) =>
        Samples().Single(s => s.GetType().Name + (s.InnerException is null ? "" : " with inner") == name);

    private static IEnumerable<Exception> Samples()
    {
        var redis = new RedisConnectorException("Redis at h:1 could not get 'k'.", "h", 1, "k", new RedisTimeoutException(CommandFlags.None, "timed out", CommandStatus.Sent));
        typeof(RedisConnectorException).GetProperty(nameof(RedisConnectorException.IsTimeout))!.SetValue(redis, true);
        typeof(RedisConnectorException).GetProperty(nameof(RedisConnectorException.IsFailFast))!.SetValue(redis, true);
        return
        [
            new ProxyResolveException(Key, "store-a", $"Cannot resolve the proxy of '{Key}'.", redis),
            new StoreSerializationException("Store 'a' cannot deserialize.", new System.Text.Json.JsonException("bad json")),
            new NonProxiableTypeException(typeof(Dictionary<string, string>), "it is a generic class."),
            new StoreExistsException("store-b"),
            new StoreDisposedException("store-c"),
            new StoreFutureException(Key, "store-d", "System.InvalidOperationException", "the producer failed"),
            new MutableBorrowException(Key, "store-e", "mutably borrowed"),
            new ReferenceInvalidException(Key, "store-f", "invalid"),
            new ReferenceNotOwnedException(Key, "store-g", "not owned"),
            new ForeignObjectException(Key, "FileConnector(/a/b)"),
            new ReferenceSignatureException("The proxy reference is not signed."),
            new StoreMismatchException("store-h", "connector.options.storeDirectory", "'/a'", "'/b'"),
            new KeyAlreadySetException(Key, "set once"),
            new MultiConnectorException("no policy", "slow"),
            new FileConnectorException("FileConnector cannot use the store directory '/a/b': '/a' is a file, not a directory.", "/a/b", new DirectoryNotFoundException("Could not find a part of the path.")),
            redis,
            new PeerConnectorException("The owner of key 'k' at 10.0.0.2:4100 did not answer within 10 s.", "10.0.0.2:4100", "10.0.0.2:4100/run/k", new System.Net.Sockets.SocketException(111)),
            new PeerAuthenticationException("The owner at 10.0.0.2:4100 refused this process's proof of the peer secret.", "10.0.0.2:4100"),
            new StreamEndedException("topic-a"),
            new StreamEventFormatException("not an event"),
            new StreamEventVersionException(9, "topic-b"),
            new TopicClosedException("topic-c"),
            new ProxyStoreConfigurationException(["ProxyStore:Stores:a:Connector:Port is out of range", "ProxyStore:Stores:b:Connector is missing"]),
        ];
    }

    private static void AssertSame(Exception expected, Exception actual)
    {
        Assert.IsType(expected.GetType(), actual);
        Assert.Equal(expected.Message, actual.Message);
        foreach (PropertyInfo property in expected.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.DeclaringType!.Namespace!.StartsWith("ProxyStore", StringComparison.Ordinal)))
        {
            object? want = property.GetValue(expected);
            object? got = property.GetValue(actual);
            if (want is IEnumerable items and not string)
            {
                Assert.Equal(items.Cast<object>(), Assert.IsAssignableFrom<IEnumerable>(got).Cast<object>());
            }
            else
            {
                Assert.True(Equals(want, got), $"{expected.GetType().Name}.{property.Name}: {want} became {got ?? "null"}");
            }
        }

        if (expected.InnerException is { } inner)
        {
            Assert.NotNull(actual.InnerException);
            AssertSame(inner, actual.InnerException);
        }
        else
        {
            Assert.Null(actual.InnerException);
        }
    }
}
