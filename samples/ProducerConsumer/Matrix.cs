namespace ProducerConsumer;

/// <summary>What the consumer uses; proxies of it resolve on first use.</summary>
public interface IMatrix
{
    int Index { get; }

    int Rows { get; }

    int Columns { get; }

    double[] Values { get; }

    double Sum();
}

/// <summary>The stored object: a dense matrix whose values follow from its index, so either side can recompute it.</summary>
[ProxyStore.Storable]
public sealed record Matrix(int Index, int Rows, int Columns, double[] Values) : IMatrix
{
    public static Matrix Create(int index, int rows, int columns)
    {
        var random = new Random(index);
        double[] values = new double[rows * columns];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Math.Round(random.NextDouble() * 1000, 3);
        }

        return new Matrix(index, rows, columns, values);
    }

    public double Sum() => Values.Sum();
}
