using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace ProxyStore;

/// <summary>
/// The public members of a class that a proxy deriving from it cannot override, and so cannot
/// forward to the target: a call to one would run on the proxy object itself, whose state is
/// that of an empty, unresolved instance, and return a wrong value. Both kinds of class proxy,
/// generated and Castle's, are refused for a class that has any.
/// </summary>
internal static class ForwardableMembers
{
    /// <summary>What <see cref="NonVirtual"/> reads of a type.</summary>
    public const DynamicallyAccessedMemberTypes Inspected = DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.PublicFields;

    private static readonly string[] AccessorPrefixes = ["get_", "set_", "add_", "remove_"];

    /// <summary>
    /// The public instance members of <paramref name="type"/> (declared or inherited, but not
    /// those of <see cref="object"/>) that are not virtual, are sealed overrides, or are fields;
    /// a property or event is named once, as in source, rather than by its accessors.
    /// </summary>
    public static IReadOnlyList<string> NonVirtual([DynamicallyAccessedMembers(Inspected)] Type type)
    {
        var names = new List<string>();
        foreach (MethodInfo method in type.GetMethods(BindingFlags.Instance | BindingFlags.Public))
        {
            if (method.DeclaringType != typeof(object) && (!method.IsVirtual || method.IsFinal))
            {
                AddOnce(names, method.IsSpecialName ? WithoutAccessorPrefix(method.Name) : method.Name);
            }
        }

        foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public))
        {
            AddOnce(names, field.Name);
        }

        return names;
    }

    private static string WithoutAccessorPrefix(string name)
    {
        foreach (string prefix in AccessorPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return name[prefix.Length..];
            }
        }

        return name;
    }

    private static void AddOnce(List<string> names, string name)
    {
        if (!names.Contains(name, StringComparer.Ordinal))
        {
            names.Add(name);
        }
    }
}
