namespace ProxyStore.Connectors;

/// <summary>
/// A connector that can keep its values and keys in Python ProxyStore's format: a store over it
/// writes and reads values with no frame when <see cref="ValueFormat"/> is <see cref="ProxyStore.ValueFormat.Python"/>.
/// </summary>
internal interface IValueFormatConnector
{
    /// <summary>The format of the values and keys on the medium.</summary>
    ValueFormat ValueFormat { get; }
}
