using System.Runtime.CompilerServices;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace ProxyStore.Generators.Tests.Infrastructure;

/// <summary>
/// Runs <see cref="ProxiableGenerator"/> through the Roslyn source-generator testing package:
/// the exact generated sources (hint names and text) are compared, and every diagnostic (the
/// compiler's on the input plus the generated code, and the generator's own) must be expected,
/// so a test that expects none proves the generator reports none and its output compiles clean.
/// Compiled as <see cref="GeneratorHarness"/> compiles, so the output equals the snapshots'.
/// </summary>
internal sealed class ProxiableGeneratorTest : CSharpSourceGeneratorTest<ProxiableGenerator, DefaultVerifier>
{
    public ProxiableGeneratorTest()
    {
        // Offline: no reference-assembly package is resolved or downloaded; the compilation sees
        // the net10.0 reference assemblies shipped inside Basic.Reference.Assemblies.Net100 and
        // the ProxyStore runtime, the same references GeneratorHarness uses.
        ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        TestState.AdditionalReferences.AddRange(Net100.References.All);
        TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(Store).Assembly.Location));

        // Warnings too, not only errors: the snapshot harness holds generated code to "no warning".
        CompilerDiagnostics = CompilerDiagnostics.Warnings;
    }

    /// <summary>The harness's assembly name: the registration class the generator emits is named after it.</summary>
    protected override string DefaultTestProjectName => "ProxyStore.Snapshots";

    /// <summary>
    /// A test whose expected generated sources are the files of <c>Snapshots/&lt;caseName&gt;/</c>,
    /// read now, so a reviewed snapshot update (UPDATE_SNAPSHOTS=1) is what this verifies too.
    /// </summary>
    public static ProxiableGeneratorTest ForSnapshot(string caseName, string source, [CallerFilePath] string callerPath = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(callerPath)!, "Snapshots", caseName);
        Assert.True(Directory.Exists(directory), $"No snapshot at {directory}.");

        var test = new ProxiableGeneratorTest();
        test.TestState.Sources.Add(source);
        foreach (string file in Directory.GetFiles(directory, "*.txt").Order(StringComparer.Ordinal))
        {
            string hintName = Path.GetFileName(file)[..^".txt".Length];
            test.TestState.GeneratedSources.Add((typeof(ProxiableGenerator), hintName, File.ReadAllText(file)));
        }

        Assert.NotEmpty(test.TestState.GeneratedSources);
        return test;
    }

    protected override CompilationOptions CreateCompilationOptions()
    {
        var options = (CSharpCompilationOptions)base.CreateCompilationOptions();
        return options
            .WithNullableContextOptions(NullableContextOptions.Enable)
            .WithAllowUnsafe(true)
            .WithWarningLevel(9999)
            // The package parses with documentation diagnostics on (the harness does not), which
            // would demand an XML comment (CS1591) on every public member of the test inputs.
            .WithSpecificDiagnosticOptions(options.SpecificDiagnosticOptions.SetItem("CS1591", ReportDiagnostic.Suppress));
    }

    protected override ParseOptions CreateParseOptions() =>
        ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Latest);
}
