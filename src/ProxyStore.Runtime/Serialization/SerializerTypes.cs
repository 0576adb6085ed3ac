namespace ProxyStore.Serialization;

/// <summary>Names serializer types in a <see cref="StoreConfig"/> and recreates them from that name.</summary>
internal static class SerializerTypes
{
    public static string NameOf(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    public static ISerializer Create(string typeName)
    {
        // Only assemblies already loaded are searched, and only serializers are created:
        // a config from elsewhere must not be able to instantiate arbitrary types.
        Type? type = Type.GetType(
            typeName,
            assemblyResolver: static name => AppDomain.CurrentDomain.GetAssemblies()
                .FirstOrDefault(a => string.Equals(a.GetName().Name, name.Name, StringComparison.Ordinal)),
            typeResolver: null,
            throwOnError: false);
        if (type is null || !typeof(ISerializer).IsAssignableFrom(type) || type.IsAbstract)
        {
            throw new ArgumentException($"The serializer '{typeName}' is not a loaded, concrete ISerializer type.", nameof(typeName));
        }

        if (type.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new ArgumentException($"The serializer '{typeName}' has no public parameterless constructor, so it cannot be recreated from a config.", nameof(typeName));
        }

        return (ISerializer)Activator.CreateInstance(type)!;
    }
}
