using ProxyStore.Tests.Proxying;

namespace ProxyStore.Tests.Serialization;

/// <summary>A message that carries datasets by reference in every kind of position.</summary>
public sealed class Envelope
{
    public IDataset? Main { get; set; }

    public IDataset? Field;

    public List<IDataset> Items { get; set; } = [];

    public IDataset[] Array { get; set; } = [];

    public Dictionary<string, IDataset> ByName { get; set; } = [];

    public object? Anything { get; set; }

    public Account? Account { get; set; }

    public Shape? Shape { get; set; }
}

public abstract class Shape
{
    public abstract double Area { get; }
}

[ProxyStore.Storable]
public sealed class Square : Shape
{
    public double Side { get; set; }

    public override double Area => Side * Side;
}
