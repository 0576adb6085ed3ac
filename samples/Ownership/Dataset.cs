namespace OwnershipSample;

/// <summary>What the producer owns and the consumers borrow.</summary>
public interface IDataset
{
    string Name { get; }

    double[] Values { get; }

    double Mean();

    double Max();
}

/// <summary>A named series of measurements; consumers see it through a proxy.</summary>
[ProxyStore.Storable]
public sealed record Dataset(string Name, double[] Values) : IDataset
{
    public double Mean() => Values.Average();

    public double Max() => Values.Max();
}
