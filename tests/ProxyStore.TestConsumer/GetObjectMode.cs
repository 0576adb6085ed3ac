using System.Text.Json;

namespace ProxyStore.TestConsumer;

/// <summary>
/// <c>get-object &lt;config-file&gt; &lt;key-json&gt;</c>: recreates a store from its config, gets one
/// object as <see cref="object"/> and reports whether the assembly of its type was loaded
/// before the get. Nothing here names a type of that assembly, so only the get can load it.
/// </summary>
internal static class GetObjectMode
{
    public static int Run(string configFile, string keyJson, string assemblyName)
    {
        StoreConfig config = JsonSerializer.Deserialize<StoreConfig>(File.ReadAllText(configFile))!;
        StoreKey key = JsonSerializer.Deserialize<StoreKey>(keyJson)!;
        bool loadedBefore = IsLoaded(assemblyName);
        using Store store = Store.FromConfig(config with { Register = false });
        string error = "";
        object? value = null;
        try
        {
            value = store.Get<object>(key);
        }
        catch (Exception e)
        {
            error = $"{e.GetType().Name}: {e.Message}";
        }

        Console.WriteLine(JsonSerializer.Serialize(new GetObjectReport(
            loadedBefore,
            IsLoaded(assemblyName),
            value?.GetType().AssemblyQualifiedName,
            value is null ? null : JsonSerializer.Serialize(value, value.GetType()),
            error)));
        return 0;
    }

    private static bool IsLoaded(string assemblyName) =>
        AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == assemblyName);
}

/// <summary>What <see cref="GetObjectMode"/> saw.</summary>
public sealed record GetObjectReport(bool LoadedBefore, bool LoadedAfter, string? TypeName, string? Json, string Error);
