namespace ProxyStore.Generators.Tests.Runtime.Types;

/// <summary>A name by which a document is filed.</summary>
public interface INamed
{
    string Name { get; }
}

/// <summary>A name by which a document is shown: the same signature as <see cref="INamed.Name"/>.</summary>
public interface ITitled
{
    string Name { get; }
}

/// <summary>A version number.</summary>
public interface IVersioned
{
    int Version { get; }
}

/// <summary>
/// Members inherited from base interfaces, two of which clash (so the proxy implements them
/// explicitly), and a <c>ToString</c> that clashes with <see cref="object.ToString"/>.
/// </summary>
[Proxiable]
public interface IDocument : INamed, ITitled, IVersioned
{
    string Body { get; set; }

    string ToString();
}
