namespace ProxyStore.Generators.Tests.Runtime.Types;

/// <summary>A target of <see cref="IDocument"/> whose two <c>Name</c>s differ.</summary>
public sealed class Document : IDocument
{
    public string FileName { get; set; } = string.Empty;

    public string Title { get; set; } = string.Empty;

    public int Version { get; set; }

    public string Body { get; set; } = string.Empty;

    string INamed.Name => FileName;

    string ITitled.Name => Title;

    public override string ToString() => $"{Title} v{Version}";
}
