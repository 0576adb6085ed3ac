namespace ProxyStore.Connectors;

/// <summary>
/// A connector that stores objects up to a size below <see cref="ObjectSizeLimit.Readable"/>, so
/// that a store refuses a larger object before it serializes or sends it (Redis: 512 MB a value).
/// </summary>
internal interface IObjectSizeLimit
{
    /// <summary>The most bytes one object (a store's frame) may have.</summary>
    long MaxObjectBytes { get; }

    /// <summary>Why, to follow "more than": "the 536,870,912 bytes (512 MB) Redis stores as one value ...".</summary>
    string MaxObjectReason { get; }
}
