using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using ProxyStore.Connectors;
using ProxyStore.Tests.Redis;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Python;

/// <summary>
/// Neutral references between this library and the real Python ProxyStore: a proxy made in
/// Python resolves here as a typed lazy proxy and goes back to Python; a proxy made here resolves
/// in Python; what does not cross is refused, naming it.
/// </summary>
public class PythonReferenceTests
{
    private static readonly double[] Values = [1.5, -0.0, 2.25e300, -7.0, double.Epsilon];

    [PythonFact]
    public void A_python_proxy_on_redis_resolves_here_as_a_typed_lazy_proxy_and_goes_back_to_python()
    {
        string name = UniqueNames.Store("py-ref-redis");
        string reference = Make(name, "redis", RedisTestServer.Host, RedisTestServer.Port.ToString(CultureInfo.InvariantCulture));

        RoundTrip(name, reference);
    }

    [PythonFact]
    public void A_python_proxy_on_files_resolves_here_as_a_typed_lazy_proxy_and_goes_back_to_python()
    {
        using var dir = new TempDirectory();
        string name = UniqueNames.Store("py-ref-file");
        string reference = Make(name, "file", dir.Path);

        RoundTrip(name, reference);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [PythonFact]
    public void A_proxy_made_here_resolves_in_python_as_a_numpy_array()
    {
        using var dir = new TempDirectory();
        using var store = new Store(UniqueNames.Store("dotnet-ref-file"), new FileConnector(dir.Path, clear: false) { ValueFormat = ValueFormat.Python }, register: true);
        IReadOnlyList<double> proxy = store.Proxy<IReadOnlyList<double>>(Values);

        JsonElement seen = PythonProxyStore.RunScript("references.py", NoKey, "resolve", Encoding.UTF8.GetString(PythonReference.Serialize(proxy)));

        AssertSeenByPython(seen);
        Assert.False(seen.GetProperty("resolved_before").GetBoolean());
        Assert.False(Proxies.IsResolved(proxy));
    }

    [Fact]
    public void What_does_not_cross_is_refused_naming_it()
    {
        using var dir = new TempDirectory();
        using var ours = new Store(UniqueNames.Store("ours"), new FileConnector(dir.Sub("ours")), register: true);
        var format = Assert.Throws<ArgumentException>(() => PythonReference.Serialize(ours.Proxy<IReadOnlyList<double>>(Values)));
        Assert.Contains($"Store '{ours.Name}' keeps values in this library's format", format.Message, StringComparison.Ordinal);

        using var local = new Store(UniqueNames.Store("local"), new LocalConnector(), register: true);
        var kind = Assert.Throws<ArgumentException>(() => PythonReference.Serialize(local.Proxy<IReadOnlyList<double>>(Values)));
        Assert.Contains("'local' connector", kind.Message, StringComparison.Ordinal);

        string Reference(string kindName, string keyField, string key) => new System.Text.Json.Nodes.JsonObject
        {
            ["format"] = "proxystore-reference/1",
            ["store"] = new System.Text.Json.Nodes.JsonObject
            {
                ["name"] = "s",
                ["connector"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["kind"] = kindName,
                    ["options"] = new System.Text.Json.Nodes.JsonObject { ["store_dir"] = dir.Path, ["hostname"] = "h", ["port"] = 1 },
                },
            },
            ["key"] = new System.Text.Json.Nodes.JsonObject { [keyField] = key },
            ["evict"] = false,
        }.ToJsonString();
        var path = Assert.Throws<JsonException>(() => PythonReference.Deserialize<IReadOnlyList<double>>(Encoding.UTF8.GetBytes(Reference("proxystore.connectors.file.FileConnector", "filename", "../outside"))));
        Assert.Contains("not a plain id", path.Message, StringComparison.Ordinal);
        var globus = Assert.Throws<JsonException>(() => PythonReference.Deserialize<IReadOnlyList<double>>(Encoding.UTF8.GetBytes(Reference("proxystore.connectors.globus.GlobusConnector", "filename", "abc"))));
        Assert.Contains("'proxystore.connectors.globus.GlobusConnector'", globus.Message, StringComparison.Ordinal);
        var version = Assert.Throws<JsonException>(() => PythonReference.Deserialize<IReadOnlyList<double>>("""{"format":"proxystore-reference/2"}"""u8));
        Assert.Contains("proxystore-reference/1", version.Message, StringComparison.Ordinal);
    }

    [PythonFact]
    public void Signed_references_follow_the_trust_rules_on_both_sides()
    {
        using var dir = new TempDirectory();
        var key = new Dictionary<string, string?> { ["PROXYSTORE_REFERENCE_KEY"] = ReferenceKey.Generate().ToBase64() };
        string signed = PythonProxyStore.RunScript("references.py", key, "make", UniqueNames.Store("py-signed"), "file", dir.Path).GetProperty("reference").GetString()!;

        // This process holds no key: a signed reference is refused before any field is read.
        Assert.StartsWith("{\"kid\":", signed, StringComparison.Ordinal);
        Assert.Throws<ReferenceSignatureException>(() => PythonReference.Deserialize<IReadOnlyList<double>>(Encoding.UTF8.GetBytes(signed)));

        // A keyed Python process accepts its own signed reference and refuses it altered or unsigned.
        Assert.Equal(JsonValueKind.Null, PythonProxyStore.RunScript("references.py", key, "refuse", signed).GetProperty("error").ValueKind);
        string altered = signed.Replace("\"evict\":false", "\"evict\":true", StringComparison.Ordinal);
        Assert.Contains("it was altered", PythonProxyStore.RunScript("references.py", key, "refuse", altered).GetProperty("error").GetString());
        string unsigned = signed[(signed.IndexOf("\"ref\":", StringComparison.Ordinal) + 6)..^1];
        Assert.Contains("not signed", PythonProxyStore.RunScript("references.py", key, "refuse", unsigned).GetProperty("error").GetString());
    }

    private static readonly Dictionary<string, string?> NoKey = new() { ["PROXYSTORE_REFERENCE_KEY"] = null };

    private static string Make(string name, params string[] medium) =>
        PythonProxyStore.RunScript("references.py", NoKey, ["make", name, .. medium]).GetProperty("reference").GetString()!;

    private static void RoundTrip(string name, string reference)
    {
        IReadOnlyList<double> proxy = PythonReference.Deserialize<IReadOnlyList<double>>(Encoding.UTF8.GetBytes(reference));
        try
        {
            Assert.False(Proxies.IsResolved(proxy));
            Assert.Equal(MemoryMarshal.AsBytes(Values.AsSpan()).ToArray(), MemoryMarshal.AsBytes(proxy.ToArray().AsSpan()).ToArray());

            // Back to Python: the reference made here names the same store and key.
            JsonElement seen = PythonProxyStore.RunScript("references.py", NoKey, "resolve", Encoding.UTF8.GetString(PythonReference.Serialize(proxy)));
            AssertSeenByPython(seen);
        }
        finally
        {
            // The store this process made for the reference; Python's value goes with it.
            if (StoreRegistry.Get(name) is { } store)
            {
                store.Evict(((IStoreFactory)Proxies.GetFactory(proxy)).Key);
                Assert.False(store.Exists(((IStoreFactory)Proxies.GetFactory(proxy)).Key));
                store.Dispose();
            }
        }
    }

    private static void AssertSeenByPython(JsonElement seen)
    {
        Assert.Equal("ndarray", seen.GetProperty("type").GetString());
        Assert.Equal("float64", seen.GetProperty("dtype").GetString());
        Assert.Equal(Values.Length, Assert.Single(seen.GetProperty("shape").EnumerateArray()).GetInt32());
        Assert.Equal(MemoryMarshal.AsBytes(Values.AsSpan()).ToArray(), Convert.FromBase64String(seen.GetProperty("bytes").GetString()!));
    }
}
