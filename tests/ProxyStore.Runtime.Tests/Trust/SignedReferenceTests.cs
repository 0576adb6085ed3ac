using System.Text;
using System.Text.Json.Nodes;

namespace ProxyStore.Tests.Trust;

/// <summary>
/// The signed form of a reference, checked against a keyring of its own (the process's keyring
/// stays empty in this test process): what is refused and what each refusal says, and that a key
/// never shows.
/// </summary>
public sealed class SignedReferenceTests
{
    private static readonly byte[] Reference = Encoding.UTF8.GetBytes("""{"k":"abc","s":"store","ck":"file","co":{"storeDirectory":"/data"}}""");

    private readonly ReferenceKey _key = ReferenceKey.Generate();

    [Fact]
    public void A_signed_reference_opens_to_exactly_the_bytes_that_were_signed()
    {
        var keys = new ReferenceKeyring(_key);

        byte[] signed = SignedReference.Sign(Reference, keys);

        Assert.True(SignedReference.IsSigned(signed));
        Assert.Equal(Reference, SignedReference.Open(signed, keys, "proxy reference").ToArray());
        Assert.DoesNotContain(_key.ToBase64(), Encoding.UTF8.GetString(signed), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_keys_references_stay_unsigned_and_a_signed_one_is_refused()
    {
        var none = new ReferenceKeyring();
        byte[] signed = SignedReference.Sign(Reference, new ReferenceKeyring(_key));

        Assert.Same(Reference, SignedReference.Sign(Reference, none));
        Assert.Equal(Reference, SignedReference.Open(Reference, none, "proxy reference").ToArray());
        var refused = Assert.Throws<ReferenceSignatureException>(() => SignedReference.Open(signed, none, "proxy reference").ToArray());
        Assert.Contains("holds no reference key", refused.Message, StringComparison.Ordinal);
        Assert.Contains(ReferenceKey.EnvironmentVariable, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_a_key_an_unsigned_reference_is_refused()
    {
        var refused = Assert.Throws<ReferenceSignatureException>(() => SignedReference.Open(Reference, new ReferenceKeyring(_key), "proxy reference").ToArray());

        Assert.Contains("not signed", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("store")]
    [InlineData("directory")]
    [InlineData("signature")]
    public void An_altered_reference_is_refused(string what)
    {
        var keys = new ReferenceKeyring(_key);
        JsonObject envelope = JsonNode.Parse(SignedReference.Sign(Reference, keys))!.AsObject();
        switch (what)
        {
            case "store":
                envelope["ref"]!["s"] = "other";
                break;
            case "directory":
                envelope["ref"]!["co"]!["storeDirectory"] = "/elsewhere";
                break;
            default:
                envelope["sig"] = Convert.ToBase64String(new byte[32]).Replace('+', '-').Replace('/', '_').TrimEnd('=');
                break;
        }

        byte[] altered = Encoding.UTF8.GetBytes(envelope.ToJsonString());

        var refused = Assert.Throws<ReferenceSignatureException>(() => SignedReference.Open(altered, keys, "proxy reference").ToArray());
        Assert.Contains("altered", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reference_signed_with_another_key_is_refused_naming_only_the_key_id()
    {
        var other = ReferenceKey.Generate();
        byte[] signed = SignedReference.Sign(Reference, new ReferenceKeyring(other));

        var refused = Assert.Throws<ReferenceSignatureException>(() => SignedReference.Open(signed, new ReferenceKeyring(_key), "proxy reference").ToArray());

        Assert.Contains(other.Id, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(other.ToBase64(), refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"kid":"x","sig":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","ref":{},"extra":1}""", "other than kid")]
    [InlineData("""{"sig":"AA","ref":{}}""", "wrong length")]
    [InlineData("""{"ref":{"k":"a"}}""", "lacks")]
    [InlineData("""{"kid":1,"sig":"AA","ref":{}}""", "not text")]
    [InlineData("""{"kid":"a","kid":"b","ref":{}}""", "twice")]
    [InlineData("""{"ref":{"k":""", "well-formed")]
    public void A_malformed_envelope_is_refused_saying_why(string envelope, string reason)
    {
        var refused = Assert.Throws<ReferenceSignatureException>(() => SignedReference.Open(Encoding.UTF8.GetBytes(envelope), new ReferenceKeyring(_key), "proxy reference").ToArray());

        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rotated_keyring_signs_with_the_newest_key_and_accepts_both()
    {
        var old = ReferenceKey.Generate();
        byte[] before = SignedReference.Sign(Reference, new ReferenceKeyring(old));
        var keys = new ReferenceKeyring(old);
        keys.Add(_key);

        byte[] after = SignedReference.Sign(Reference, keys);

        Assert.Contains(_key.Id, Encoding.UTF8.GetString(after), StringComparison.Ordinal);
        Assert.Equal(Reference, SignedReference.Open(before, keys, "proxy reference").ToArray());
        Assert.Equal(Reference, SignedReference.Open(after, keys, "proxy reference").ToArray());
    }

    [Fact]
    public void A_key_shows_only_its_id_and_refuses_short_or_malformed_secrets_without_repeating_them()
    {
        ReferenceKey key = ReferenceKey.FromBase64(_key.ToBase64());

        Assert.Equal(_key.Id, key.Id);
        Assert.Equal($"ReferenceKey({key.Id})", key.ToString());
        Assert.Equal(16, key.Id.Length);
        var tooShort = Assert.Throws<ArgumentException>(() => ReferenceKey.FromBase64(Convert.ToBase64String(new byte[16])));
        Assert.Contains("16", tooShort.Message, StringComparison.Ordinal);
        var notBase64 = Assert.Throws<ArgumentException>(() => ReferenceKey.FromBase64("not a key!"));
        Assert.DoesNotContain("not a key!", notBase64.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_from_the_environment_is_read_and_a_bad_one_is_named_by_its_variable_only()
    {
        string variable = "PXS_TEST_KEY_" + Guid.NewGuid().ToString("N");
        Assert.Null(ReferenceKey.FromEnvironment(variable));
        try
        {
            Environment.SetEnvironmentVariable(variable, _key.ToBase64());
            Assert.Equal(_key.Id, ReferenceKey.FromEnvironment(variable)!.Id);

            Environment.SetEnvironmentVariable(variable, "c2hvcnQ=");
            var bad = Assert.Throws<ArgumentException>(() => ReferenceKey.FromEnvironment(variable));
            Assert.Contains(variable, bad.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("c2hvcnQ=", bad.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }
}
