using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using Basic.Reference.Assemblies;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ProxyStore;
using ProxyStore.Generators;

/// <summary>
/// The ProxyStore source generator on a compilation of <see cref="Interfaces"/> <c>[Proxiable]</c>
/// interfaces: a cold run (a new driver on a compilation whose symbols are not bound yet), and a
/// run of a driver that has seen the compilation, after an unrelated edit. The setup checks,
/// outside the timing, that the cold run made every proxy and that the edit regenerated nothing.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private const int PerFile = 100;

    private static readonly IncrementalStepRunReason[] Reused = [IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged];
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private GeneratorDriver _warm = null!;

    /// <summary>How many <c>[Proxiable]</c> interfaces the compilation has.</summary>
    [ParamsSource(nameof(InterfaceCounts))]
    public int Interfaces { get; set; }

    /// <summary>1,000, the size of the target; smoke runs check that the benchmark works on 100.</summary>
    public static IEnumerable<int> InterfaceCounts => BenchmarkMode.Smoke ? [100] : [1000];

    [GlobalSetup]
    public void Setup()
    {
        _compilation = Compile(Interfaces);
        SyntaxTree unrelated = _compilation.SyntaxTrees.Single(t => t.FilePath == "Unrelated.cs");
        _edited = _compilation
            .ReplaceSyntaxTree(unrelated, unrelated.WithChangedText(unrelated.GetText().Replace(0, 0, "// an edit\n")))
            .AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Bench.Other { public sealed class Added { public string? Text { get; init; } } }", ParseOptions, path: "Added.cs"));

        // Validation, not timed: the cold run makes one proxy per interface plus the module
        // initializer, and after the edit every tracked step output is reused.
        long start = Stopwatch.GetTimestamp();
        GeneratorDriver tracked = CreateDriver(track: true).RunGenerators(_compilation.Clone());
        TimeSpan first = Stopwatch.GetElapsedTime(start);
        GeneratorRunResult cold = tracked.GetRunResult().Results.Single();
        Require(cold.Exception is null, $"The generator threw: {cold.Exception}");
        Require(cold.Diagnostics.IsEmpty, $"The generator reported {cold.Diagnostics.Length} diagnostics.");
        Require(cold.GeneratedSources.Length == Interfaces + 1, $"The cold run made {cold.GeneratedSources.Length} sources, not {Interfaces + 1}.");

        GeneratorRunResult edited = tracked.RunGenerators(_edited.Clone()).GetRunResult().Results.Single();
        int checkedOutputs = 0;
        foreach (string name in TrackingNames.All)
        {
            Require(edited.TrackedSteps.TryGetValue(name, out ImmutableArray<IncrementalGeneratorRunStep> steps) && !steps.IsEmpty, $"The step {name} did not run.");
            foreach (IncrementalGeneratorRunStep step in steps)
            {
                foreach ((object _, IncrementalStepRunReason reason) in step.Outputs)
                {
                    Require(Reused.Contains(reason), $"After an unrelated edit, an output of {name} was {reason}.");
                    checkedOutputs++;
                }
            }
        }

        foreach ((object _, IncrementalStepRunReason reason) in edited.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs))
        {
            Require(Reused.Contains(reason), $"After an unrelated edit, a source output was {reason}.");
            checkedOutputs++;
        }

        Console.WriteLine($"// generator: {Interfaces} interfaces, {cold.GeneratedSources.Length} sources; first run in this process (with JIT) {first.TotalMilliseconds:F0} ms; "
            + $"after an unrelated edit all {checkedOutputs} tracked outputs were Cached or Unchanged");

        // The driver the incremental benchmark starts from, without step tracking, as a compiler runs it.
        _warm = CreateDriver(track: false).RunGenerators(_compilation.Clone());
    }

    /// <summary>A new driver on a clone of the compilation (new symbols, nothing bound yet).</summary>
    [Benchmark]
    public GeneratorDriver Cold() => CreateDriver(track: false).RunGenerators(_compilation.Clone());

    /// <summary>The driver that ran on the compilation, on the compilation after an unrelated edit.</summary>
    [Benchmark]
    public GeneratorDriver AfterUnrelatedEdit() => _warm.RunGenerators(_edited.Clone());

    private static GeneratorDriver CreateDriver(bool track) =>
        CSharpGeneratorDriver.Create(
            [new ProxiableGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

    private static CSharpCompilation Compile(int interfaces)
    {
        var trees = new List<SyntaxTree>();
        for (int file = 0; file * PerFile < interfaces; file++)
        {
            var source = new StringBuilder();
            source.AppendLine("using System;").AppendLine("using System.Collections.Generic;").AppendLine("using System.Threading;")
                .AppendLine("using System.Threading.Tasks;").AppendLine("using ProxyStore;").AppendLine()
                .Append("namespace Bench.Models").Append(file).AppendLine().AppendLine("{");
            for (int i = file * PerFile; i < Math.Min(interfaces, (file + 1) * PerFile); i++)
            {
                source.Append($$"""
                        [Proxiable]
                        public interface IService{{i}}
                        {
                            int Id { get; }
                            string Name { get; set; }
                            int Add(int a, int b);
                            IReadOnlyList<string> Find(string prefix, int limit = 10);
                            Task<string?> FetchAsync(string key, CancellationToken cancellationToken = default);
                            event EventHandler? Changed;
                        }

                    """);
            }

            source.AppendLine("}");
            trees.Add(CSharpSyntaxTree.ParseText(source.ToString(), ParseOptions, path: $"Models{file}.cs"));
        }

        trees.Add(CSharpSyntaxTree.ParseText("namespace Bench.Other { public class Unrelated { public int Value { get; set; } } }", ParseOptions, path: "Unrelated.cs"));
        return CSharpCompilation.Create(
            "ProxyStore.GeneratorBenchmark",
            trees,
            [.. Net100.References.All, MetadataReference.CreateFromFile(typeof(Store).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}
