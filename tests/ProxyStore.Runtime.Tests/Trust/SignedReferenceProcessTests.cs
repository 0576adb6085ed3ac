using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProxyStore.TestConsumer;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Trust;

/// <summary>
/// Signed references between real processes: one process with the application's key writes a
/// reference; another with the key resolves it; one without the key (this test process among
/// them) refuses it, and a process with the key refuses the same reference unsigned or altered.
/// </summary>
public sealed class SignedReferenceProcessTests : IDisposable
{
    private const string Consumer = "ProxyStore.TestConsumer.dll";

    private readonly TempDirectory _dir = new();
    private readonly string _key = ReferenceKey.Generate().ToBase64();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_signed_reference_resolves_where_the_key_is_held_and_is_refused_where_it_is_not()
    {
        byte[] signed = SignedReference(out string referenceFile);
        Assert.Contains("\"sig\"", Encoding.UTF8.GetString(signed), StringComparison.Ordinal);

        (int exit, string output, string error) = Run(withKey: true, referenceFile);
        Assert.True(exit == 0, error);
        ConsumerReport report = JsonSerializer.Deserialize<ConsumerReport>(output.Trim())!;
        Assert.Equal("signed", report.Label);
        Assert.Equal(new Payload("signed", [7, 8, 9]).Checksum(), report.Checksum);

        (int keyless, _, string refusal) = Run(withKey: false, referenceFile);
        Assert.NotEqual(0, keyless);
        Assert.Contains(nameof(ReferenceSignatureException), refusal, StringComparison.Ordinal);
        Assert.Contains("holds no reference key", refusal, StringComparison.Ordinal);

        Assert.False(ReferenceKeys.Enabled);
        Assert.Throws<ReferenceSignatureException>(() => ProxyReference.Deserialize<ProxyStore.TestConsumer.IPayload>(signed));
    }

    [Fact]
    public void A_process_holding_the_key_refuses_the_reference_unsigned_or_altered()
    {
        byte[] signed = SignedReference(out _);
        JsonObject envelope = JsonNode.Parse(signed)!.AsObject();
        string unsigned = _dir.Sub("unsigned.json");
        File.WriteAllText(unsigned, envelope["ref"]!.ToJsonString());
        envelope["ref"]!["co"]!["storeDirectory"] = _dir.Sub("elsewhere");
        string altered = _dir.Sub("altered.json");
        File.WriteAllText(altered, envelope.ToJsonString());

        (int unsignedExit, _, string unsignedError) = Run(withKey: true, unsigned);
        (int alteredExit, _, string alteredError) = Run(withKey: true, altered);

        Assert.NotEqual(0, unsignedExit);
        Assert.Contains("is not signed", unsignedError, StringComparison.Ordinal);
        Assert.NotEqual(0, alteredExit);
        Assert.Contains("altered", alteredError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.Sub("elsewhere")));
    }

    [Fact]
    public void References_inside_stored_objects_are_signed_and_checked_too()
    {
        (int exit, string output, string error) = ChildProcess.RunDllWith(Environment(withKey: true), Consumer, "signed-job", _dir.Sub("jobs"));

        Assert.True(exit == 0, error);
        SignedJobReport report = JsonSerializer.Deserialize<SignedJobReport>(output.Trim())!;
        Assert.True(report.KeyHeld);
        Assert.True(report.StoredReferenceSigned);
        Assert.Equal("nested", report.NestedLabel);
    }

    private byte[] SignedReference(out string referenceFile)
    {
        referenceFile = _dir.Sub("signed.json");
        (int exit, _, string error) = ChildProcess.RunDllWith(Environment(withKey: true), Consumer, "sign-reference", _dir.Sub("store"), referenceFile);
        Assert.True(exit == 0, error);
        return File.ReadAllBytes(referenceFile);
    }

    private (int Exit, string Output, string Error) Run(bool withKey, string referenceFile) =>
        ChildProcess.RunDllWith(Environment(withKey), Consumer, referenceFile);

    private Dictionary<string, string?> Environment(bool withKey) => new() { [ReferenceKey.EnvironmentVariable] = withKey ? _key : null };
}
