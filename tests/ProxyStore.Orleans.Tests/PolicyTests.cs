using Microsoft.Extensions.Logging.Abstractions;
using ProxyStore.Orleans.Tests.Grains;

namespace ProxyStore.Orleans.Tests;

/// <summary>The policies alone, and how a selected value of a non-proxiable type is reported (no cluster needed).</summary>
public sealed class PolicyTests
{
    [Fact]
    public void Never_and_always_decide_the_same_for_every_value()
    {
        Assert.False(ProxyNever.Instance.ShouldProxy(new byte[1 << 20]));
        Assert.True(ProxyAlways.Instance.ShouldProxy("x"));
    }

    [Fact]
    public void ProxyType_selects_instances_of_the_type_and_its_implementations()
    {
        var policy = new ProxyType<IReadOnlyList<byte>>();

        Assert.True(policy.ShouldProxy(new byte[3]));
        Assert.True(policy.ShouldProxy(new List<byte>()));
        Assert.False(policy.ShouldProxy("bytes"));
    }

    [Theory]
    [InlineData(100, false)]
    [InlineData(101, true)]
    public void ProxyLargerThan_counts_the_bytes_of_an_array(int length, bool proxied) =>
        Assert.Equal(proxied, new ProxyLargerThan(100).ShouldProxy(new byte[length]));

    [Fact]
    public void ProxyLargerThan_counts_strings_element_sizes_and_what_an_object_holds()
    {
        var policy = new ProxyLargerThan(1000);

        Assert.False(policy.ShouldProxy(new string('x', 500)));       // 1000 bytes
        Assert.True(policy.ShouldProxy(new string('x', 501)));
        Assert.True(policy.ShouldProxy(new double[126]));              // 1008 bytes
        Assert.True(policy.ShouldProxy(new Envelope { Data = new byte[1001] }));
        Assert.False(policy.ShouldProxy(new Envelope { Data = new byte[10] }));
        Assert.True(policy.ShouldProxy(Enumerable.Range(0, 20).Select(_ => new string('y', 30)).ToList())); // 20 x 60 bytes
    }

    [Fact]
    public void ProxyLargerThan_uses_a_given_measure_and_refuses_a_negative_threshold()
    {
        Assert.True(new ProxyLargerThan(5, _ => 6).ShouldProxy(new object()));
        Assert.Equal("bytes", Assert.Throws<ArgumentOutOfRangeException>(() => new ProxyLargerThan(-1)).ParamName);
    }

    [Fact]
    public void Policies_combine_with_or_and_and()
    {
        ProxyPolicy large = new ProxyLargerThan(10);
        ProxyPolicy strings = new ProxyType<string>();

        Assert.True((large | strings).ShouldProxy("short"));
        Assert.True((large | strings).ShouldProxy(new byte[11]));
        Assert.False((large | strings).ShouldProxy(new byte[10]));
        Assert.True((large & strings).ShouldProxy("a longer string"));
        Assert.False((large & strings).ShouldProxy("short"));
        Assert.False((large & strings).ShouldProxy(new byte[11]));
        Assert.False(large.And(ProxyNever.Instance).ShouldProxy(new byte[11]));
        Assert.True(ProxyNever.Instance.Or(ProxyAlways.Instance).ShouldProxy(1));
    }

    [Fact]
    public void A_selected_value_of_a_non_proxiable_parameter_fails_the_call_in_throw_mode_naming_method_parameter_and_type()
    {
        var reporter = new NonProxiableReporter(NullLogger<NonProxiableReporter>.Instance, NonProxiableParameters.Throw);

        NonProxiableTypeException e = Assert.Throws<NonProxiableTypeException>(
            () => reporter.Report(typeof(IDataGrain).GetMethod(nameof(IDataGrain.SumArray))!, 0, typeof(byte[])));

        Assert.Contains("System.Byte[]", e.Message, StringComparison.Ordinal);
        Assert.Contains("parameter 'data'", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{typeof(IDataGrain).FullName}.{nameof(IDataGrain.SumArray)}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_refuse_a_call_store_that_was_not_added_and_a_name_added_twice()
    {
        var options = new ProxyStoreOrleansOptions { CallStore = "missing" };
        options.AddStore(new StoreConfig { Name = "a", Connector = new Connectors.ConnectorConfig("local", default) });

        Assert.Contains("'missing'", Assert.Throws<InvalidOperationException>(options.ResolveCallStore).Message, StringComparison.Ordinal);
        Assert.Contains("'a'", Assert.Throws<ArgumentException>(
            () => options.AddStore(new StoreConfig { Name = "a", Connector = new Connectors.ConnectorConfig("local", default) })).Message, StringComparison.Ordinal);
    }
}
