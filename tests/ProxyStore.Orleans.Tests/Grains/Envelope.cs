namespace ProxyStore.Orleans.Tests.Grains;

/// <summary>A record that carries data in a member, as a grain argument.</summary>
[GenerateSerializer]
public sealed class Envelope
{
    /// <summary>The label.</summary>
    [Id(0)]
    public string Label { get; set; } = string.Empty;

    /// <summary>The data; a proxy in it travels as its reference.</summary>
    [Id(1)]
    public IReadOnlyList<byte>? Data { get; set; }
}
