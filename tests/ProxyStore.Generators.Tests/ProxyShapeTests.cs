using ProxyStore.Generators.Tests.Infrastructure;
using ProxyStore.Generators.Tests.Runtime;
using ProxyStore.Generators.Tests.Runtime.Types;

namespace ProxyStore.Generators.Tests;

/// <summary>
/// Issue 14 item 6: generated proxies are internal unless asked otherwise, and a class proxy
/// calls only a parameterless base constructor.
/// </summary>
public sealed class ProxyShapeTests
{
    [Fact]
    public void ProxiesAreInternalByDefault()
    {
        GeneratorOutput output = GeneratorHarness.Run("using ProxyStore;\nnamespace Demo;\n[Proxiable] public interface IModel { int X { get; } }\n[Proxiable] public class Model { public virtual int X => 1; }").AssertClean();

        Assert.Contains("internal sealed class IModelProxy : global::Demo.IModel", output.Sources["Demo.IModel.Proxy.g.cs"], StringComparison.Ordinal);
        Assert.Contains("internal sealed class ModelProxy : global::Demo.Model", output.Sources["Demo.Model.Proxy.g.cs"], StringComparison.Ordinal);
        Assert.DoesNotContain(output.Sources.Values, source => source.Contains("public sealed class", StringComparison.Ordinal));
    }

    [Fact]
    public void PublicProxyMakesThePublicTypesProxyPublic()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using ProxyStore;
            namespace Demo;
            [Proxiable(PublicProxy = true)] public interface IOpen { int X { get; } }
            [Proxiable(PublicProxy = true)] internal interface IHidden { int X { get; } }
            [Proxiable(PublicProxy = false)] public interface IDefault { int X { get; } }
            """).AssertClean();

        Assert.Contains("public sealed class OpenProxy", output.Sources["Demo.IOpen.Proxy.g.cs"], StringComparison.Ordinal);
        // A proxy can never be more visible than the type it proxies.
        Assert.Contains("internal sealed class HiddenProxy", output.Sources["Demo.IHidden.Proxy.g.cs"], StringComparison.Ordinal);
        Assert.Contains("internal sealed class DefaultProxy", output.Sources["Demo.IDefault.Proxy.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void ClassProxyCallsOnlyTheParameterlessConstructor()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using ProxyStore;
            namespace Demo;
            [Proxiable] public class Model
            {
                protected Model() { }
                public Model(string name) { System.ArgumentException.ThrowIfNullOrEmpty(name); }
                public virtual string Name => "";
            }
            """).AssertClean();

        string proxy = output.Sources["Demo.Model.Proxy.g.cs"];
        Assert.Contains(": base()", proxy, StringComparison.Ordinal);
        Assert.DoesNotContain("default(string)", proxy, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[Proxiable] public class Model { public Model(string name) { } public virtual string Name => name0; static string name0 = \"\"; }")]
    [InlineData("[Proxiable] public class Model { public Model(int x = 1) { } public virtual int X => 1; }")]
    [InlineData("[Proxiable] public class Model { public Model(params int[] xs) { } public virtual int X => 1; }")]
    public void ClassWithoutAParameterlessConstructorGetsNoProxy(string declaration)
    {
        GeneratorOutput output = GeneratorHarness.Run("using ProxyStore;\nnamespace Demo;\n" + declaration);

        Assert.Null(output.Exception);
        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Empty(output.Sources);
    }

    [Fact]
    public void ProxyingAClassDoesNotRunItsValidatingConstructor()
    {
        using Store store = TestStore.Create(nameof(ProxyingAClassDoesNotRunItsValidatingConstructor));
        StoreKey key = store.Put(new Audited("ada"));
        int before = Audited.Validated;

        // Only the proxy is constructed here: with the old default-argument call, base(null!) would have thrown.
        Audited proxy = store.ProxyFromKey<Audited>(key);

        Assert.IsType<AuditedProxy>(proxy);
        Assert.False(typeof(AuditedProxy).IsPublic);
        Assert.False(Proxies.IsResolved(proxy));
        Assert.Equal(before, Audited.Validated);
        Assert.Equal("ada", proxy.Owner);
    }
}
