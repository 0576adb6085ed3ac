using System.Collections.Immutable;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ProxyStore.Generators.Tests.Infrastructure;

/// <summary>Compiles test sources against .NET 10 and the ProxyStore runtime, and runs the generator on them.</summary>
internal static class GeneratorHarness
{
    private static readonly ImmutableArray<MetadataReference> References =
    [
        .. Net100.References.All,
        MetadataReference.CreateFromFile(typeof(Store).Assembly.Location),
    ];

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>A library compilation with nullable enabled and every warning on.</summary>
    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create(
            "ProxyStore.Snapshots",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            References,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                allowUnsafe: true,
                warningLevel: 9999));

    /// <summary>A driver that records the generator's incremental steps.</summary>
    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            [new ProxiableGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator on <paramref name="sources"/> and compiles its output.</summary>
    public static GeneratorOutput Run(params string[] sources)
    {
        CSharpCompilation input = Compile(sources);
        GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        return new GeneratorOutput(
            input,
            output,
            generatorDiagnostics.AddRange(result.Diagnostics),
            result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal),
            result.Exception);
    }

    /// <summary>Warnings and errors, formatted for an assertion message.</summary>
    public static string[] Problems(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToArray();
}

/// <summary>What one generator run produced.</summary>
internal sealed record GeneratorOutput(
    Compilation Input,
    Compilation Output,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    IReadOnlyDictionary<string, string> Sources,
    Exception? Exception)
{
    /// <summary>Asserts the input compiled clean, the generator reported nothing, and its output compiles clean.</summary>
    public GeneratorOutput AssertClean()
    {
        Assert.Null(Exception);
        Assert.Empty(GeneratorDiagnostics);
        AssertNone("input", GeneratorHarness.Problems(Input.GetDiagnostics()));
        AssertNone("output", GeneratorHarness.Problems(Output.GetDiagnostics()));
        return this;
    }

    private static void AssertNone(string what, string[] problems)
    {
        Assert.True(problems.Length == 0, $"The {what} does not compile clean:\n{string.Join("\n", problems)}");
    }
}
