using System.Net.Security;

namespace ProxyStore.Connectors;

/// <summary>What a connection to an owner needs: the store's name, the secret, the wait, and TLS.</summary>
internal sealed record PeerClientSettings(string Store, byte[] Secret, TimeSpan OwnerWait, bool Tls, RemoteCertificateValidationCallback? ValidateOwnerCertificate);
