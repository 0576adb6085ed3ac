using System.Globalization;
using ProxyStore;

/// <summary>Prints metrics as readable tables.</summary>
internal static class MetricsPrinter
{
    public static void Print(string title, Metrics metrics)
    {
        PrintTimes(title, metrics.Times);
        foreach (var (name, value) in metrics.Counters)
        {
            Console.WriteLine($"  counter    {name,-32} {value}");
        }

        foreach (var (name, value) in metrics.Attributes)
        {
            Console.WriteLine($"  attribute  {name,-32} {value}");
        }

        Console.WriteLine();
    }

    public static void PrintTimes(string title, IReadOnlyDictionary<string, TimeStats> times)
    {
        Console.WriteLine(title);
        Console.WriteLine($"  {"operation",-43} {"count",5} {"avg ms",9} {"min ms",9} {"max ms",9}");
        foreach (var (name, stats) in times)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {name,-43} {stats.Count,5} {stats.AvgTimeMs,9:F3} {stats.MinTimeMs,9:F3} {stats.MaxTimeMs,9:F3}"));
        }
    }
}
