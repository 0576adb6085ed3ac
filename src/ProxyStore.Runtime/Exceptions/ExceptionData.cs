namespace ProxyStore;

/// <summary>
/// Where ProxyStore's exceptions keep their own properties (a key, a store name, a topic, ...):
/// in <see cref="Exception.Data"/>, under names starting with <c>ProxyStore.</c>, as strings,
/// numbers, flags and string arrays.
/// </summary>
/// <remarks>
/// Transports that carry an exception to another process rebuild it from its type, message,
/// inner exception and <see cref="Exception.Data"/> without calling any of its constructors
/// (Orleans' exception codec does so), so fields set by a constructor arrive empty. Kept in the
/// data, the properties arrive with the exception.
/// </remarks>
internal static class ExceptionData
{
    private const string Prefix = "ProxyStore.";

    /// <summary>Keeps <paramref name="value"/> as <paramref name="name"/>; a null value keeps nothing.</summary>
    public static void Set(Exception exception, string name, object? value)
    {
        if (value is not null)
        {
            exception.Data[Prefix + name] = value;
        }
    }

    /// <summary>The value kept as <paramref name="name"/>, or the default when there is none of that type.</summary>
    public static T? Get<T>(Exception exception, string name) => exception.Data[Prefix + name] is T value ? value : default;

    /// <summary>Keeps <paramref name="key"/> as <paramref name="name"/>: its id and, if any, its connector.</summary>
    public static void SetKey(Exception exception, string name, StoreKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Set(exception, name, key.Id);
        Set(exception, name + ".Connector", key.Connector);
    }

    /// <summary>The key kept as <paramref name="name"/>.</summary>
    /// <exception cref="InvalidOperationException">No key is kept: the exception's data was changed.</exception>
    public static StoreKey GetKey(Exception exception, string name) =>
        Get<string>(exception, name) is { Length: > 0 } id
            ? new StoreKey(id, Get<string>(exception, name + ".Connector"))
            : throw Missing(exception, name);

    /// <summary>The string kept as <paramref name="name"/>, for a property that is never null.</summary>
    /// <exception cref="InvalidOperationException">No string is kept: the exception's data was changed.</exception>
    public static string GetRequired(Exception exception, string name) => Get<string>(exception, name) ?? throw Missing(exception, name);

    private static InvalidOperationException Missing(Exception exception, string name) =>
        new($"The {exception.GetType().Name} has lost its {name}: its Data entry '{Prefix}{name}' was removed or replaced.");
}
