using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace ProxyStore.Analyzers.Tests;

/// <summary>Runs an analyzer, or an analyzer and its code fix, over test sources compiled against net10.0 and the real runtime.</summary>
internal static class Verify
{
    /// <summary>net10.0 reference assemblies and ProxyStore.Runtime.</summary>
    public static readonly ImmutableArray<MetadataReference> References =
        [.. Basic.Reference.Assemblies.Net100.References.All, MetadataReference.CreateFromFile(typeof(Store).Assembly.Location)];

    // No reference-assembly package: References above are all the compilation sees, and nothing is downloaded.
    private static readonly ReferenceAssemblies NoPackage = new("net10.0");

    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new(descriptor);

    public static Task AnalyzerAsync<TAnalyzer>(string source, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new() =>
        AnalyzerAsync<TAnalyzer>([source], OutputKind.DynamicallyLinkedLibrary, expected);

    public static Task ProgramAsync<TAnalyzer>(string source, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new() =>
        AnalyzerAsync<TAnalyzer>([source], OutputKind.ConsoleApplication, expected);

    public static async Task AnalyzerAsync<TAnalyzer>(string[] sources, OutputKind outputKind, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = NoPackage,
        };
        for (int i = 0; i < sources.Length; i++)
        {
            test.TestState.Sources.Add(($"/0/Test{i}.cs", sources[i]));
        }

        test.TestState.OutputKind = outputKind;
        test.TestState.AdditionalReferences.AddRange(References);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }

    public static Task CodeFixAsync<TAnalyzer, TCodeFix>(string source, string fixedSource, int? fixAllIterations = null, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new() =>
        CodeFixAsync<TAnalyzer, TCodeFix>(source, fixedSource, OutputKind.DynamicallyLinkedLibrary, fixAllIterations, expected);

    public static async Task CodeFixAsync<TAnalyzer, TCodeFix>(string source, string fixedSource, OutputKind outputKind, int? fixAllIterations = null, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            ReferenceAssemblies = NoPackage,
            TestCode = source,
            FixedCode = fixedSource,
        };
        test.TestState.OutputKind = outputKind;
        test.FixedState.OutputKind = outputKind;
        test.TestState.AdditionalReferences.AddRange(References);
        test.FixedState.AdditionalReferences.AddRange(References);
        test.ExpectedDiagnostics.AddRange(expected);
        if (fixAllIterations is { } iterations)
        {
            test.NumberOfFixAllIterations = iterations;
        }

        await test.RunAsync(CancellationToken.None);
    }
}
