using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ProxyStore.Generators.Tests.Infrastructure;

namespace ProxyStore.Generators.Tests;

/// <summary>
/// The generator is incremental: every step is named, a second run over an equal compilation
/// reuses every output, an unrelated edit regenerates nothing, and no step output keeps a
/// symbol, syntax node or compilation alive.
/// </summary>
public sealed class IncrementalTests
{
    private const string Proxiable = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using ProxyStore;

        namespace Demo
        {
            [Proxiable]
            public interface IModel
            {
                string Name { get; set; }
                int Add(int a, int b);
                Task<int> CountAsync();
                event EventHandler? Changed;
                string this[int index] { get; }
            }

            [Proxiable]
            public interface IRepository<T> where T : class
            {
                T? Find(int id);
                IReadOnlyList<T> All { get; }
            }

            [Proxiable]
            public class Counter
            {
                public virtual int Value { get; set; }
                public virtual int Increment() => ++Value;
            }
        }
        """;

    private const string Unrelated = """
        namespace Demo
        {
            public class Unrelated
            {
                public int Value { get; set; }
            }
        }
        """;

    private static readonly IncrementalStepRunReason[] Reused = [IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged];

    [Fact]
    public void EveryStepHasATrackingName()
    {
        GeneratorRunResult result = RunOnce(GeneratorHarness.Compile(Proxiable, Unrelated));

        Assert.All(TrackingNames.All, name => Assert.True(result.TrackedSteps.ContainsKey(name), $"No step is tracked as {name}."));
        Assert.Equal(3, result.TrackedSteps[TrackingNames.ProxyModels].SelectMany(s => s.Outputs).Count());
        Assert.Equal(4, result.GeneratedSources.Length);
    }

    [Fact]
    public void SecondRunOnAClonedCompilationReusesEverything()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Proxiable, Unrelated);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        GeneratorRunResult second = driver.RunGenerators(compilation.Clone()).GetRunResult().Results.Single();

        AssertAllReused(second);
    }

    [Fact]
    public void AnUnrelatedEditRegeneratesNothing()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Proxiable, Unrelated);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        SyntaxTree unrelated = compilation.SyntaxTrees.Single(t => t.FilePath == "Source1.cs");
        SyntaxTree edited = unrelated.WithChangedText(unrelated.GetText().Replace(0, 0, "// an edit\n"));
        CSharpCompilation next = compilation
            .ReplaceSyntaxTree(unrelated, edited)
            .AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Demo { public sealed class Another { public string? Text { get; init; } } }", GeneratorHarness.ParseOptions, path: "Source2.cs"));

        GeneratorRunResult second = driver.RunGenerators(next).GetRunResult().Results.Single();

        AssertAllReused(second);
    }

    [Fact]
    public void EditingAProxiableTypeRegeneratesOnlyItsProxy()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Proxiable, Unrelated);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        SyntaxTree tree = compilation.SyntaxTrees.Single(t => t.FilePath == "Source0.cs");
        string text = tree.GetText().ToString().Replace("int Add(int a, int b);", "int Add(int a, int b);\n        int Subtract(int a, int b);", StringComparison.Ordinal);
        CSharpCompilation next = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text)));

        GeneratorRunResult second = driver.RunGenerators(next).GetRunResult().Results.Single();

        IncrementalStepRunReason[] models = second.TrackedSteps[TrackingNames.ProxyModels].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
        Assert.Equal(1, models.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(2, models.Count(r => Reused.Contains(r)));
        Assert.Contains("public int Subtract(int a, int b) => __Target.Subtract(a, b);", second.GeneratedSources.Single(s => s.HintName == "Demo.IModel.Proxy.g.cs").SourceText.ToString(), StringComparison.Ordinal);

        // The registrations did not change, so the module initializer is not rewritten.
        Assert.All(second.TrackedSteps[TrackingNames.RegistrationSet].SelectMany(s => s.Outputs), o => Assert.Contains(o.Reason, Reused));
    }

    [Fact]
    public void NoStepOutputHoldsASymbolSyntaxNodeOrCompilation()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Proxiable, Unrelated);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        GeneratorRunResult result = driver.RunGenerators(compilation.Clone()).GetRunResult().Results.Single();

        var problems = new List<string>();
        int walked = 0;
        foreach (string name in TrackingNames.All)
        {
            foreach ((object value, int index) in result.TrackedSteps[name].SelectMany(s => s.Outputs).Select((o, i) => (o.Value, i)))
            {
                walked++;
                problems.AddRange(ObjectGraph.FindForbidden(value, $"{name}[{index}]"));
            }
        }

        Assert.True(walked >= 3 * 3, $"Only {walked} outputs were walked.");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void TheObjectGraphWalkFindsASymbol()
    {
        // The walk above only means something if it can find what it looks for.
        CSharpCompilation compilation = GeneratorHarness.Compile(Proxiable);
        INamedTypeSymbol symbol = compilation.GetTypeByMetadataName("Demo.IModel")!;

        List<string> found = ObjectGraph.FindForbidden(ImmutableArray.Create((object)("model", new[] { symbol })), "root");

        Assert.Single(found);
        Assert.Contains("root", found[0], StringComparison.Ordinal);
    }

    private static GeneratorRunResult RunOnce(Compilation compilation) =>
        GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult().Results.Single();

    private static void AssertAllReused(GeneratorRunResult result)
    {
        foreach (string name in TrackingNames.All)
        {
            ImmutableArray<IncrementalGeneratorRunStep> steps = result.TrackedSteps[name];
            Assert.NotEmpty(steps);
            Assert.All(steps.SelectMany(s => s.Outputs), o => Assert.True(Reused.Contains(o.Reason), $"{name}: an output was {o.Reason}."));
        }

        Assert.NotEmpty(result.TrackedOutputSteps);
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.True(Reused.Contains(o.Reason), $"A source output was {o.Reason}."));
    }
}
