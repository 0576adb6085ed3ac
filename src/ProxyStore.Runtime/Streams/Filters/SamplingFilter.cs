using System.Text.Json;

namespace ProxyStore.Streams;

/// <summary>A filter that drops each object at random with probability <see cref="Probability"/>, whatever its metadata.</summary>
public sealed class SamplingFilter : IStreamFilter
{
    private readonly Func<double> _next;

    /// <summary>Creates the filter.</summary>
    /// <param name="p">The probability that an object is dropped, from 0 (none) to 1 (all).</param>
    /// <param name="random">The source of randomness; <see cref="Random.Shared"/> when null. Pass a seeded one for repeatable runs.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is not in [0, 1].</exception>
    public SamplingFilter(double p, Random? random = null)
        : this(p, (random ?? Random.Shared).NextDouble)
    {
    }

    /// <summary>Creates the filter with a source of numbers in [0, 1), such as a fixed sequence in a test.</summary>
    /// <param name="p">The probability that an object is dropped, from 0 (none) to 1 (all).</param>
    /// <param name="nextDouble">Returns the next number in [0, 1); an object is dropped when it is below <paramref name="p"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is not in [0, 1].</exception>
    public SamplingFilter(double p, Func<double> nextDouble)
    {
        ArgumentNullException.ThrowIfNull(nextDouble);
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, $"The filter probability p must be in [0, 1]; got p={p}.");
        }

        Probability = p;
        _next = nextDouble;
    }

    /// <summary>The probability that an object is dropped.</summary>
    public double Probability { get; }

    /// <inheritdoc />
    /// <remarks>Thread-safe when the source of numbers is (<see cref="Random.Shared"/> is).</remarks>
    public bool Drop(IReadOnlyDictionary<string, JsonElement> metadata) => _next() < Probability;
}
