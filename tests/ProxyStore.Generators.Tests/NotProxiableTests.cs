using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ProxyStore.Generators.Tests.Infrastructure;

namespace ProxyStore.Generators.Tests;

/// <summary>A type that cannot get a proxy gets nothing, and no diagnostic: the analyzers report it.</summary>
public sealed class NotProxiableTests
{
    [Theory]
    [InlineData("SealedClass", "[Proxiable] public sealed class Model { public virtual int X => 1; }")]
    [InlineData("StaticClass", "[Proxiable] public static class Model { }")]
    [InlineData("Record", "[Proxiable] public record Model(int X);")]
    [InlineData("PrivateConstructor", "[Proxiable] public class Model { private Model() { } public virtual int X => 1; }")]
    [InlineData("PrivateNested", "public class Outer { [Proxiable] private interface IModel { } }")]
    [InlineData("ProtectedNested", "public class Outer { [Proxiable] protected interface IModel { } }")]
    [InlineData("PrivateProtectedNested", "public class Outer { [Proxiable] private protected interface IModel { } }")]
    [InlineData("FileLocal", "[Proxiable] file interface IModel { }")]
    [InlineData("StaticAbstract", "[Proxiable] public interface IModel { static abstract int Create(); }")]
    [InlineData("NameTaken", "[Proxiable] public interface IModel { } public class ModelProxy { }")]
    [InlineData("RefOnlyConstructor", "[Proxiable] public class Model { public Model(ref int x) { } }")]
    [InlineData("OwnMemberName", "[Proxiable] public class Model { public virtual int __Target => 1; }")]
    [InlineData("OwnMemberNameNotVirtual", "public class Base { protected int __factory; } [Proxiable] public class Model : Base { public virtual int X => __factory; }")]
    [InlineData("MemberNamedLikeTheProxy", "[Proxiable] public class Model { public virtual int ModelProxy => 1; }")]
    public void EmitsNothing(string caseName, string declaration)
    {
        GeneratorOutput output = GeneratorHarness.Run("using ProxyStore;\nnamespace Demo;\n" + declaration);

        Assert.Null(output.Exception);
        Assert.Empty(output.GeneratorDiagnostics);
        Assert.True(output.Sources.Count == 0, $"{caseName}: generated {string.Join(", ", output.Sources.Keys)}");
        Assert.Empty(GeneratorHarness.Problems(output.Output.GetDiagnostics()).Except(InputProblems(output)));
    }

    [Fact]
    public void StructsAreIgnored()
    {
        // [Proxiable] is not allowed on a struct (CS0592); the generator still emits nothing for it.
        GeneratorOutput output = GeneratorHarness.Run("using ProxyStore;\nnamespace Demo;\n[Proxiable] public struct Model { }");

        Assert.Contains(output.Input.GetDiagnostics(), d => d.Id == "CS0592");
        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Empty(output.Sources);
    }

    [Fact]
    public void CSharpOlderThan9GetsNothing()
    {
        var options = GeneratorHarness.ParseOptions.WithLanguageVersion(LanguageVersion.CSharp8);
        Compilation compilation = GeneratorHarness.Compile("using ProxyStore;\nnamespace Demo { [Proxiable] public interface IModel { int X { get; } } }");
        compilation = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Single(), compilation.SyntaxTrees.Single().WithRootAndOptions(compilation.SyntaxTrees.Single().GetRoot(), options));

        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        Assert.Empty(driver.GetRunResult().GeneratedTrees);
    }

    [Fact]
    public void AnAttributeOfTheSameNameWithoutTheRuntimeGetsNothing()
    {
        // A compilation that declares its own ProxyStore.ProxiableAttribute but lacks the runtime's registry.
        var compilation = CSharpCompilation.Create(
            "NoRuntime",
            [CSharpSyntaxTree.ParseText(
                "namespace ProxyStore { public sealed class ProxiableAttribute : System.Attribute { } }\nnamespace Demo { [ProxyStore.Proxiable] public interface IModel { int X { get; } } }",
                GeneratorHarness.ParseOptions)],
            Basic.Reference.Assemblies.Net100.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Empty(driver.GetRunResult().GeneratedTrees);
    }

    [Fact]
    public void OnlyProxiableTypesOfACompilationAreRegistered()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using ProxyStore;
            namespace Demo;
            [Proxiable] public interface IGood { int X { get; } }
            [Proxiable] public sealed class Bad { }
            public interface INotMarked { int Y { get; } }
            """).AssertClean();

        Assert.Equal(["Demo.IGood.Proxy.g.cs", "ProxyStore.GeneratedProxies.g.cs"], output.Sources.Keys.Order(StringComparer.Ordinal));
        string registration = output.Sources["ProxyStore.GeneratedProxies.g.cs"];
        Assert.Contains("Register<global::Demo.IGood>(", registration, StringComparison.Ordinal);
        Assert.DoesNotContain("Bad", registration, StringComparison.Ordinal);
        Assert.DoesNotContain("NotMarked", registration, StringComparison.Ordinal);
    }

    private static string[] InputProblems(GeneratorOutput output) => GeneratorHarness.Problems(output.Input.GetDiagnostics());
}
