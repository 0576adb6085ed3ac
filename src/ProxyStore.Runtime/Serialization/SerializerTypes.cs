using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

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
    /// The type named <paramref name="typeName"/>, looked up in the assemblies this process has
    /// loaded and in the application's own dependencies (<see cref="DependencyGraph"/>), which
    /// it loads when needed; a name outside them loads nothing and gives <see langword="null"/>.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2057", Justification = "Names come from stored bytes, so no trimmer can see them; a type missing from a trimmed application resolves to null, which readers report as a type not among the application's assemblies.")]
    public static Type? Resolve(string typeName)
    {
        try
        {
            return Type.GetType(typeName, DependencyGraph.Load, typeResolver: null, throwOnError: false);
        }
        catch (Exception e) when (e is ArgumentException or FileLoadException or BadImageFormatException or TypeLoadException)
        {
            // A malformed name is a name that resolves to nothing.
            return null;
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "A serializer named in a config is one the application constructs itself, which keeps its constructor; a trimmed one is reported as having none.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "As above.")]
    public static ISerializer Create(string typeName)
    {
        // Only serializers are created: a config from elsewhere must not be able to
        // instantiate arbitrary types.
        Type? type = Resolve(typeName);
        if (type is null || !typeof(ISerializer).IsAssignableFrom(type) || type.IsAbstract)
        {
            throw new ArgumentException($"The serializer '{typeName}' is not a concrete ISerializer type among this application's assemblies.", nameof(typeName));
        }

        if (type.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new ArgumentException($"The serializer '{typeName}' has no public parameterless constructor, so it cannot be recreated from a config.", nameof(typeName));
        }

        return (ISerializer)Activator.CreateInstance(type)!;
    }
}
