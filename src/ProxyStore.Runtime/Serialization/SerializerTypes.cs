using System.Collections.Concurrent;

namespace ProxyStore.Serialization;

/// <summary>Names serializer types in a <see cref="StoreConfig"/> and recreates them from that name.</summary>
internal static class SerializerTypes
{
    // Naming a type asks its assembly for its name, which costs about a microsecond; a proxy
    // names its object's type each time it is made, so each name is built once.
    private static readonly ConcurrentDictionary<Type, string> Names = new();

    /// <summary>
    /// The name <see cref="Type.GetType(string)"/> resolves, without assembly versions:
    /// <c>Namespace.Type, Assembly</c>, generic arguments named the same way. Shorter than an
    /// assembly-qualified name and stable across versions of the assemblies.
    /// </summary>
    public static string NameOf(Type type) => Names.GetOrAdd(type, static t =>
    {
        var builder = new System.Text.StringBuilder();
        Append(builder, t);
        return builder.ToString();
    });

    private static void Append(System.Text.StringBuilder builder, Type type)
    {
        if (type.IsArray)
        {
            AppendFullName(builder, type.GetElementType()!);
            builder.Append(type.GetArrayRank() == 1 ? "[]" : "[" + new string(',', type.GetArrayRank() - 1) + "]");
        }
        else
        {
            AppendFullName(builder, type);
        }

        builder.Append(", ").Append(type.Assembly.GetName().Name);
    }

    private static void AppendFullName(System.Text.StringBuilder builder, Type type)
    {
        if (!type.IsConstructedGenericType)
        {
            builder.Append(type.FullName);
            return;
        }

        builder.Append(type.GetGenericTypeDefinition().FullName).Append('[');
        Type[] arguments = type.GetGenericArguments();
        for (int i = 0; i < arguments.Length; i++)
        {
            builder.Append(i == 0 ? "[" : ",[");
            Append(builder, arguments[i]);
            builder.Append(']');
        }

        builder.Append(']');
    }

    /// <summary>
    /// The type named <paramref name="typeName"/>, looked up only in assemblies this process
    /// has already loaded: a name read from a store or a config must never make it load code.
    /// </summary>
    public static Type? ResolveLoaded(string typeName) => Type.GetType(
        typeName,
        assemblyResolver: static name => AppDomain.CurrentDomain.GetAssemblies()
            .FirstOrDefault(a => string.Equals(a.GetName().Name, name.Name, StringComparison.Ordinal)),
        typeResolver: null,
        throwOnError: false);

    public static ISerializer Create(string typeName)
    {
        // Only serializers are created: a config from elsewhere must not be able to
        // instantiate arbitrary types.
        Type? type = ResolveLoaded(typeName);
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
