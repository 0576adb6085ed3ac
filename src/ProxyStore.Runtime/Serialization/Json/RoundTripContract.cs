using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ProxyStore.Serialization.Json;

/// <summary>
/// Decides, once per type and from its contract alone, whether every object of the type comes
/// back from its JSON exactly: every instance field of the type and its base types must be
/// written and read back, through a property, a public field or a constructor parameter.
/// </summary>
/// <remarks>
/// A field counts as not state when it is marked <see cref="NonSerializedAttribute"/> or
/// <see cref="JsonIgnoreAttribute"/> (or its property is), or holds a delegate (event
/// subscribers). Members declared as interfaces, abstract classes or <see cref="object"/> are
/// checked by their concrete types when an object holding them is written.
/// </remarks>
[RequiresUnreferencedCode("Reflection-based JSON; use DefaultSerializer(JsonSerializerContext) in trimmed and NativeAOT applications.")]
[RequiresDynamicCode("Reflection-based JSON; use DefaultSerializer(JsonSerializerContext) in trimmed and NativeAOT applications.")]
internal sealed class RoundTripContract(JsonGraph graph)
{
    private const string Advice =
        "Give the member a setter (a private one will do), a constructor parameter of the same name or [JsonInclude]; " +
        "mark it [JsonIgnore] if it is not state; or give the store an ISerializer of your own.";

    // Per type: null when it round-trips, else why not.
    private readonly ConcurrentDictionary<Type, string?> _verdicts = new();

    /// <summary>Throws when objects of <paramref name="type"/> would lose something on the way back.</summary>
    /// <exception cref="StoreSerializationException">The type loses a member; the message names it and says what to do.</exception>
    public void Ensure(Type type)
    {
        if (!_verdicts.TryGetValue(type, out string? problem))
        {
            // Only the verdict of the type asked about is kept: one reached through a cycle may
            // have been judged while a type it holds was still being looked at.
            problem = _verdicts.GetOrAdd(type, Walk(type, []));
        }

        if (problem is not null)
        {
            throw new StoreSerializationException($"Objects of type {type.FullName} cannot be stored exactly: {problem} Nothing was stored.");
        }
    }

    private string? Walk(Type type, HashSet<Type> visiting)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (TypeShape.IsLeaf(type) || type.IsInterface || type.IsAbstract || type == typeof(object) || !visiting.Add(type))
        {
            return null;
        }

        if (type.IsArray)
        {
            return Walk(type.GetElementType()!, visiting);
        }

        JsonTypeInfo info;
        try
        {
            info = graph.ExactTypeInfo(type);
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or ArgumentException)
        {
            return $"System.Text.Json cannot handle {type.FullName}: {e.Message}";
        }

        return info.Kind switch
        {
            JsonTypeInfoKind.Enumerable => Walk(info.ElementType!, visiting),
            JsonTypeInfoKind.Dictionary => Walk(info.KeyType!, visiting) ?? Walk(info.ElementType!, visiting),
            JsonTypeInfoKind.Object => Inspect(type, info, visiting),
            _ => null, // A converter of its own decides how it is written.
        };
    }

    private string? Inspect(Type type, JsonTypeInfo info, HashSet<Type> visiting)
    {
        if (!type.IsValueType && info.CreateObject is null && info.ConstructorAttributeProvider is null)
        {
            return $"{type.FullName} has no constructor that System.Text.Json can call: give it a public parameterless constructor, " +
                "a single public constructor or one marked [JsonConstructor]; or give the store an ISerializer of your own.";
        }

        var members = new Dictionary<(Type?, string), JsonPropertyInfo>();
        foreach (JsonPropertyInfo property in info.Properties)
        {
            if (property.AttributeProvider is MemberInfo member)
            {
                members[(member.DeclaringType, member.Name)] = property;
            }
        }

        for (Type? level = type; level is not null && level != typeof(object) && level != typeof(ValueType); level = level.BaseType)
        {
            foreach (FieldInfo field in level.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (CheckField(level, field, info, members) is { } problem)
                {
                    return $"{problem} {Advice}";
                }
            }
        }

        foreach (JsonPropertyInfo property in info.Properties)
        {
            if (Walk(property.PropertyType, visiting) is { } nested)
            {
                return nested;
            }
        }

        return null;
    }

    private static string? CheckField(Type level, FieldInfo field, JsonTypeInfo info, Dictionary<(Type?, string), JsonPropertyInfo> members)
    {
        if (field.IsDefined(typeof(NonSerializedAttribute)) || field.IsDefined(typeof(JsonIgnoreAttribute)) || typeof(Delegate).IsAssignableFrom(field.FieldType))
        {
            return null;
        }

        string owner = level.FullName ?? level.Name;
        if (BackedProperty(field) is { } propertyName)
        {
            PropertyInfo? property = level.GetProperty(propertyName, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly);
            if (property?.GetCustomAttribute<JsonIgnoreAttribute>() is { Condition: JsonIgnoreCondition.Always })
            {
                return null;
            }

            if (!members.TryGetValue((level, propertyName), out JsonPropertyInfo? json))
            {
                return $"The property {owner}.{propertyName} is not written at all (its getter is not public).";
            }

            return ReadsBack(json, info) ? null : $"The property {owner}.{propertyName} is written but never read back: it has no setter and no constructor parameter.";
        }

        if (field.Name.StartsWith('<'))
        {
            // A captured primary-constructor parameter or an anonymous type's field: state
            // that only a property of the same name can carry.
            string name = field.Name[1..field.Name.IndexOf('>', StringComparison.Ordinal)];
            return CoveredByName(name, info) ? null : $"The constructor parameter {name} of {owner} is kept in a field that is not written.";
        }

        if (field.IsPublic)
        {
            if (!members.TryGetValue((level, field.Name), out JsonPropertyInfo? json))
            {
                return $"The public field {owner}.{field.Name} is not written.";
            }

            return ReadsBack(json, info) ? null : $"The read-only field {owner}.{field.Name} is written but never read back: no constructor parameter sets it.";
        }

        string stripped = field.Name.StartsWith("m_", StringComparison.Ordinal) ? field.Name[2..] : field.Name.TrimStart('_');
        return CoveredByName(stripped, info) ? null : $"The non-public field {owner}.{field.Name} is not written.";
    }

    /// <summary>The property whose compiler-generated backing field <paramref name="field"/> is, if it is one.</summary>
    private static string? BackedProperty(FieldInfo field)
    {
        const string Suffix = ">k__BackingField";
        string name = field.Name;
        return name.StartsWith('<') && name.EndsWith(Suffix, StringComparison.Ordinal) ? name[1..^Suffix.Length] : null;
    }

    /// <summary>Whether a written, read-back property or field carries the state of a field named like <paramref name="name"/>.</summary>
    private static bool CoveredByName(string name, JsonTypeInfo info) =>
        name.Length > 0 && info.Properties.Any(p =>
            p.AttributeProvider is MemberInfo member && string.Equals(member.Name, name, StringComparison.OrdinalIgnoreCase) && ReadsBack(p, info));

    private static bool ReadsBack(JsonPropertyInfo property, JsonTypeInfo info) =>
        property.Set is not null
        || property.AssociatedParameter is not null
        || (property.ObjectCreationHandling ?? info.PreferredPropertyObjectCreationHandling ?? info.Options.PreferredObjectCreationHandling) == JsonObjectCreationHandling.Populate;
}
