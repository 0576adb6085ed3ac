using System.Numerics;

namespace ProxyStore.Tests.Arrays;

// Element types and objects for the array tests: user structs of unmanaged fields, enums, and
// objects that hold arrays in every kind of position.
public struct Point3
{
    public double X;
    public double Y;
    public double Z;
}

// Mixed field sizes, so the struct has padding between and after its fields.
public struct Mixed
{
    public bool Flag;
    public char Letter;
    public int Count;
    public byte Tail;
}

public enum Color : byte
{
    Red = 1,
    Green = 2,
    Blue = 200,
}

public enum Weekday
{
    Monday = 1,
    Sunday = 7,
}

public sealed record Matrix(int Rows, int Cols, double[] Data);

public sealed class Holder
{
    public string Label { get; set; } = "";

    public float[] Floats { get; set; } = [];

    public double[,] Grid { get; set; } = new double[0, 0];

    public int[][] Jagged { get; set; } = [];

    public List<double[]> Rows { get; set; } = [];

    public Dictionary<string, long[]> ByName { get; set; } = [];

    public object? Anything { get; set; }

    public IReadOnlyList<double>? Readings { get; set; }

    public byte[] Raw { get; set; } = [];

    public Memory<short> Shorts { get; set; }

    public ReadOnlyMemory<Complex> Spectrum { get; set; }

    public ArraySegment<Half> Halves { get; set; }

    public Point3[] Points { get; set; } = [];

    public Color[] Colors { get; set; } = [];
}

public sealed record WithProxy(string Name, double[] Data, IReadOnlyList<int>? Reference);

public sealed record Readings(string Label, ReadOnlyMemory<double> Values);
