using System.Text.Json;
using ProxyStore.Streams;

namespace ProxyStore.Tests.Streams;

/// <summary>Ported from Python ProxyStore's tests/stream/filters_test.py.</summary>
public sealed class StreamFilterTests
{
    private static readonly Dictionary<string, JsonElement> Empty = [];
    private static readonly Dictionary<string, JsonElement> WithField = new() { ["field"] = JsonSerializer.SerializeToElement(true) };

    [Fact]
    public void The_null_filter_drops_nothing()
    {
        Assert.False(NullFilter.Instance.Drop(Empty));
        Assert.False(NullFilter.Instance.Drop(WithField));
    }

    [Fact]
    public void The_sampling_filter_drops_when_the_random_number_is_below_p()
    {
        Assert.True(new SamplingFilter(0.2, () => 0.1).Drop(Empty));
        Assert.True(new SamplingFilter(0.2, () => 0.1).Drop(WithField));
        Assert.False(new SamplingFilter(0.2, () => 0.3).Drop(Empty));
        Assert.False(new SamplingFilter(0.2, () => 0.3).Drop(WithField));
        Assert.False(new SamplingFilter(0, () => 0.0).Drop(Empty));
        Assert.True(new SamplingFilter(1, () => 0.999).Drop(Empty));
    }

    [Fact]
    public void A_seeded_sampling_filter_drops_about_p_of_the_objects()
    {
        var filter = new SamplingFilter(0.25, new Random(42));

        int dropped = Enumerable.Range(0, 4000).Count(_ => filter.Drop(Empty));

        Assert.InRange(dropped, 800, 1200);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void A_probability_outside_0_to_1_is_refused(double p)
    {
        ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(() => new SamplingFilter(p));

        Assert.Contains("[0, 1]", e.Message);
    }
}
