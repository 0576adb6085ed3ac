/// <summary>How the suite was started; parameter sources read it when BenchmarkDotNet builds the cases.</summary>
internal static class BenchmarkMode
{
    /// <summary>Set by <c>--smoke</c>: every benchmark runs once, in this process, on its smaller parameters.</summary>
    public static bool Smoke { get; set; }
}
