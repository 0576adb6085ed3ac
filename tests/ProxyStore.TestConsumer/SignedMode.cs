using System.Text.Json;
using ProxyStore.Connectors;

namespace ProxyStore.TestConsumer;

/// <summary>
/// The producing side of signed references, run with the application's key in
/// <c>PROXYSTORE_REFERENCE_KEY</c> (or without it, to show what an unkeyed process writes):
/// <list type="bullet">
/// <item><c>sign-reference &lt;directory&gt; &lt;reference-file&gt;</c>: puts a payload in a file store
/// and writes its proxy's reference;</item>
/// <item><c>signed-job &lt;directory&gt;</c>: puts a <see cref="PayloadJob"/> whose input is a proxy
/// (so the stored JSON holds a reference), gets it back and resolves the input, and prints a
/// <see cref="SignedJobReport"/>.</item>
/// </list>
/// </summary>
public static class SignedMode
{
    /// <summary>Runs <c>sign-reference</c>; the exit code.</summary>
    public static int SignReference(string directory, string referenceFile)
    {
        var store = new Store("signed-" + Guid.NewGuid().ToString("N"), new FileConnector(directory, clear: false));
        IPayload proxy = store.Proxy<IPayload>(new Payload("signed", [7, 8, 9]));
        File.WriteAllBytes(referenceFile, ProxyReference.Serialize(proxy));
        return 0;
    }

    /// <summary>Runs <c>signed-job</c>; the exit code.</summary>
    public static int SignedJob(string directory)
    {
        using var store = new Store("signed-job-" + Guid.NewGuid().ToString("N"), new FileConnector(directory), register: true);
        IPayload input = store.Proxy<IPayload>(new Payload("nested", [1, 2]));
        StoreKey job = store.Put(new PayloadJob("job", input));
        string storedJson = System.Text.Encoding.UTF8.GetString(store.Connector.Get(job)!);
        PayloadJob back = store.Get<PayloadJob>(job)!;
        Console.WriteLine(JsonSerializer.Serialize(new SignedJobReport(ReferenceKeys.Enabled, back.Input.Label, storedJson.Contains("\"sig\"", StringComparison.Ordinal))));
        return 0;
    }
}

/// <summary>What <see cref="SignedMode.SignedJob"/> saw.</summary>
public sealed record SignedJobReport(bool KeyHeld, string NestedLabel, bool StoredReferenceSigned);
