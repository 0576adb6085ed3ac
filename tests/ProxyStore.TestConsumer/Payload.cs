namespace ProxyStore.TestConsumer;

/// <summary>The proxied type both processes know.</summary>
public interface IPayload
{
    string Label { get; }

    byte[] Data { get; }

    long Checksum();
}

/// <summary>The stored object.</summary>
[ProxyStore.Storable]
public sealed record Payload(string Label, byte[] Data) : IPayload
{
    public long Checksum()
    {
        long sum = 0;
        foreach (byte b in Data)
        {
            sum = (sum * 31) + b;
        }

        return sum;
    }
}
