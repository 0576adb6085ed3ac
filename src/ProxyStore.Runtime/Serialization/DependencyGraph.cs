using System.Reflection;

namespace ProxyStore.Serialization;

/// <summary>
/// The assemblies this application was compiled against: the ones its host put on the
/// trusted platform list from the application's dependency manifest. Type names read from a
/// store or a config may load an assembly of this graph that is not loaded yet, and never
/// any other: bytes from elsewhere must not be able to make the process load code of their
/// choosing.
/// </summary>
internal static class DependencyGraph
{
    // The host fixes the list at start-up, so it is read once.
    private static readonly Lazy<HashSet<string>> Names = new(ReadTrustedPlatformAssemblies);

    /// <summary>Whether an assembly named <paramref name="simpleName"/> is part of the application's dependencies.</summary>
    public static bool Contains(string simpleName) => Names.Value.Contains(simpleName);

    /// <summary>
    /// The assembly named <paramref name="name"/>: the loaded one, or else one of the
    /// application's dependencies, loaded now; <see langword="null"/> for any other name.
    /// </summary>
    public static Assembly? Load(AssemblyName name)
    {
        string? simpleName = name.Name;
        if (string.IsNullOrEmpty(simpleName))
        {
            return null;
        }

        foreach (Assembly loaded in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (string.Equals(loaded.GetName().Name, simpleName, StringComparison.Ordinal))
            {
                return loaded;
            }
        }

        if (!Contains(simpleName))
        {
            return null;
        }

        try
        {
            // By simple name only: the host resolves it from its own list, never from a path
            // or a version the stored bytes chose.
            return Assembly.Load(new AssemblyName(simpleName));
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            return null;
        }
    }

    private static HashSet<string> ReadTrustedPlatformAssemblies()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string list)
        {
            foreach (string path in list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                names.Add(Path.GetFileNameWithoutExtension(path));
            }
        }

        return names;
    }
}
