namespace ProxyStore.Tests.Proxying;

/// <summary>What <see cref="SeamFactory{T}"/> throws when told to fail recording <c>factory.call</c>.</summary>
internal sealed class RecordingFailedException() : Exception("Recording factory.call failed (test).");
