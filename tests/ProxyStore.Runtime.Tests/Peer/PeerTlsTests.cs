using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ProxyStore.Connectors;

namespace ProxyStore.Tests.Peer;

/// <summary>
/// TLS where configured: an owner with a certificate serves only over TLS; a consumer that
/// trusts the certificate pulls bit for bit, one that does not (the system's validation of a
/// self-signed certificate) is refused naming the endpoint, and a plain connection gets nothing.
/// </summary>
public sealed class PeerTlsTests : IDisposable
{
    private readonly X509Certificate2 _certificate = SelfSigned();

    public void Dispose() => _certificate.Dispose();

    [Fact]
    public void A_consumer_that_trusts_the_owners_certificate_pulls_over_tls()
    {
        using var owner = new PeerConnector(new PeerConnectorOptions { Secret = PeerSecrets.Test, Name = "tls-store", Certificate = _certificate });
        using var consumer = new PeerConnector(new PeerConnectorOptions
        {
            Secret = PeerSecrets.Test,
            Name = "tls-store",
            Tls = true,
            ValidateOwnerCertificate = (_, presented, _, _) => presented?.GetCertHashString() == _certificate.GetCertHashString(),
        });
        byte[] value = RandomNumberGenerator.GetBytes(5 * 1024 * 1024 + 3);
        StoreKey key = owner.Put(value);

        Assert.Equal(value, consumer.Get(key));
        Assert.True(owner.GetConfig().Options.GetProperty("tls").GetBoolean());
    }

    [Fact]
    public void A_consumer_that_does_not_trust_the_certificate_is_refused_naming_the_endpoint()
    {
        using var owner = new PeerConnector(new PeerConnectorOptions { Secret = PeerSecrets.Test, Certificate = _certificate });
        StoreKey key = owner.Put(new byte[] { 1, 2, 3 });

        // Recreated from the owner's config: TLS, validated by the system, which does not trust a self-signed certificate.
        using IConnector consumer = owner.GetConfig().CreateConnector();

        var refused = Assert.Throws<PeerAuthenticationException>(() => consumer.Get(key));
        Assert.Equal(owner.Endpoint, refused.Endpoint);
        Assert.Contains("TLS", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_connection_to_a_tls_owner_gets_nothing()
    {
        using var owner = new PeerConnector(new PeerConnectorOptions { Secret = PeerSecrets.Test, Name = "tls-only", Certificate = _certificate });
        StoreKey key = owner.Put(new byte[] { 1, 2, 3 });
        using var plain = new PeerConnector(new PeerConnectorOptions { Secret = PeerSecrets.Test, Name = "tls-only", OwnerWait = TimeSpan.FromMilliseconds(500) });

        var error = Assert.Throws<PeerConnectorException>(() => plain.Get(key));
        Assert.Equal(owner.Endpoint, error.Endpoint);
    }

    private static X509Certificate2 SelfSigned()
    {
        using RSA rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using X509Certificate2 created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));

        // Through PKCS#12 so that the private key is usable by the TLS server on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), password: null);
    }
}
