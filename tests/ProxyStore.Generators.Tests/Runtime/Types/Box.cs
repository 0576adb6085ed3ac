namespace ProxyStore.Generators.Tests.Runtime.Types;

/// <summary>A generic class holding a [Proxiable] interface: its proxy is the open generic <c>BoxContentProxy&lt;T&gt;</c>.</summary>
public static class Box<T>
{
    /// <summary>Nested in a generic type, so generic itself.</summary>
    [Proxiable]
    public interface IContent
    {
        T Value { get; }
    }

    /// <summary>A target of <see cref="IContent"/>.</summary>
    public sealed class Content : IContent
    {
        public required T Value { get; init; }
    }
}
