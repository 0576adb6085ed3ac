namespace ProxyStore.Generators.Tests.Runtime.Types;

/// <summary>Holds a nested interface and an internal one: their proxies are <c>ShelfBookProxy</c> and <c>InternalShelfProxy</c>.</summary>
public static class Shelf
{
    /// <summary>A nested [Proxiable] interface.</summary>
    [Proxiable]
    public interface IBook
    {
        string Title { get; }
    }

    /// <summary>A book.</summary>
    public sealed class Book : IBook
    {
        public string Title { get; set; } = string.Empty;
    }
}

/// <summary>An internal [Proxiable] interface: its proxy is internal too.</summary>
[Proxiable]
internal interface IInternalShelf
{
    int Size { get; }
}

/// <summary>A target of <see cref="IInternalShelf"/>.</summary>
internal sealed class InternalShelf : IInternalShelf
{
    public int Size { get; set; }
}
