using System.Text;
using System.Text.Json;
using ProxyStore.Connectors;
using ProxyStore.Serialization;
using ProxyStore.TestConsumer;
using ProxyStore.TestTypes;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Serialization;

/// <summary>
/// Stored type names resolve among the application's own dependencies, loading one that is
/// not loaded yet; a name outside them is a clear error and loads nothing.
/// </summary>
public sealed class TypeResolutionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_consumer_that_never_ran_code_of_the_types_assembly_loads_it_to_read_the_object()
    {
        using var store = new Store(UniqueNames.Store("types"), new FileConnector(_dir.Sub("objects")));
        var shipment = new Shipment("Oslo", 3, ["fragile", "dry"]) { Bays = new() { [1] = new Bay("A", 2) } };
        StoreKey key = store.Put(shipment);
        string configFile = _dir.Sub("config.json");
        File.WriteAllText(configFile, JsonSerializer.Serialize(store.ToConfig()));

        (int exitCode, string output, string error) = ChildProcess.RunDll(
            "ProxyStore.TestConsumer.dll", "get-object", configFile, JsonSerializer.Serialize(key), typeof(Shipment).Assembly.GetName().Name!);

        Assert.True(exitCode == 0, $"consumer exited with {exitCode}: {error}");
        GetObjectReport report = JsonSerializer.Deserialize<GetObjectReport>(output)!;
        Assert.Equal("", report.Error);
        Assert.False(report.LoadedBefore, "the consumer had loaded the types' assembly before the get");
        Assert.True(report.LoadedAfter);
        Assert.StartsWith(typeof(Shipment).FullName + ", " + typeof(Shipment).Assembly.GetName().Name, report.TypeName);
        Shipment back = JsonSerializer.Deserialize<Shipment>(report.Json!)!;
        Assert.Equal(("Oslo", 3), (back.Destination, back.Crates));
        Assert.Equal(["fragile", "dry"], back.Labels);
        Assert.Equal(new Bay("A", 2), back.Bays[1]);
    }

    [Fact]
    public void A_type_outside_the_applications_dependencies_is_a_clear_error_and_loads_nothing()
    {
        using var store = new Store(UniqueNames.Store("foreign"), new LocalConnector());
        byte[] payload = WithAssembly(DefaultSerializer.Instance.Serialize(new Bay("B", 1)), first: true);
        payload[1] = (byte)(payload[1] + Foreign.Length - Assembly.Length); // the name's length, one byte
        StoreKey key = store.Connector.Put(StoredFrame.Wrap(payload));

        var e = Assert.Throws<StoreSerializationException>(() => store.Get<object>(key));

        Assert.Contains("ProxyStore.TestTypes.Bay, Not.A.Dependency", e.Message);
        Assert.Contains("dependencies", e.Message);
        Assert.Contains(key.ToString(), e.Message);
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "Not.A.Dependency");
    }

    [Fact]
    public void A_nested_type_outside_the_dependencies_is_refused_too()
    {
        using var store = new Store(UniqueNames.Store("foreign-nested"), new LocalConnector());
        byte[] payload = WithAssembly(DefaultSerializer.Instance.Serialize(new Dictionary<string, object> { ["bay"] = new Bay("C", 3) }), first: false);
        StoreKey key = store.Connector.Put(StoredFrame.Wrap(payload));

        var e = Assert.Throws<StoreSerializationException>(() => store.Get<Dictionary<string, object>>(key));

        Assert.Contains("Not.A.Dependency", e.Message);
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "Not.A.Dependency");
    }

    private static readonly string Assembly = typeof(Bay).Assembly.GetName().Name!;

    private const string Foreign = "Not.A.Dependency";

    /// <summary>Serialized bytes with the first or last mention of the test types' assembly naming one that is not a dependency.</summary>
    private static byte[] WithAssembly(byte[] serialized, bool first)
    {
        byte[] from = Encoding.UTF8.GetBytes(", " + Assembly);
        byte[] to = Encoding.UTF8.GetBytes(", " + Foreign);
        int at = first ? serialized.AsSpan().IndexOf(from) : serialized.AsSpan().LastIndexOf(from);
        return [.. serialized[..at], .. to, .. serialized[(at + from.Length)..]];
    }
}
