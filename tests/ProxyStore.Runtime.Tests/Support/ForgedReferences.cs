using System.Text.Json.Nodes;

namespace ProxyStore.Tests.Support;

/// <summary>Edits a genuine proxy reference as someone who can write messages would: it is small JSON.</summary>
public static class ForgedReferences
{
    /// <summary>The reference with <paramref name="edit"/> applied to its JSON object.</summary>
    public static byte[] Edit(byte[] reference, Action<JsonObject> edit)
    {
        JsonObject json = JsonNode.Parse(reference)!.AsObject();
        edit(json);
        return System.Text.Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    /// <summary>The connector options (<c>co</c>) of a reference.</summary>
    public static JsonObject Options(JsonObject reference) => reference["co"]!.AsObject();
}
