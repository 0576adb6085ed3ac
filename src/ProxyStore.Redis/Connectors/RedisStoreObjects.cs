using StackExchange.Redis;

namespace ProxyStore.Connectors;

/// <summary>
/// Deletes keys on a Redis server only if they hold store objects, checked and deleted by one
/// script so that nothing can change a key between the check and the delete.
/// </summary>
internal static class RedisStoreObjects
{
    // A store object is a string whose first 16 bytes are a frame header: the magic and version
    // (ARGV[1]), flags below 4 (failure, key-bound), and a little-endian length that is the rest
    // of the string. Returns the 1-based positions of the keys that hold something else.
    private const string Script = """
        local foreign = {}
        for i, key in ipairs(KEYS) do
          local kind = redis.call('TYPE', key)['ok']
          if kind == 'string' then
            local head = redis.call('GETRANGE', key, 0, 15)
            local ok = string.len(head) == 16 and string.sub(head, 1, 3) == ARGV[1] and string.byte(head, 4) < 4
            if ok then
              local b1, b2, b3, b4 = string.byte(head, 5, 8)
              ok = b1 + b2 * 256 + b3 * 65536 + b4 * 16777216 == redis.call('STRLEN', key) - 16
            end
            if ok then
              redis.call('DEL', key)
            else
              foreign[#foreign + 1] = i
            end
          elseif kind ~= 'none' then
            foreign[#foreign + 1] = i
          end
        end
        return foreign
        """;

    // In Python's format a store object is a string that starts with two capital letters and a newline.
    private const string PythonScript = """
        local foreign = {}
        for i, key in ipairs(KEYS) do
          local kind = redis.call('TYPE', key)['ok']
          if kind == 'string' and string.match(redis.call('GETRANGE', key, 0, 2), '^%u%u\n$') then
            redis.call('DEL', key)
          elseif kind ~= 'none' then
            foreign[#foreign + 1] = i
          end
        end
        return foreign
        """;

    private static readonly RedisValue[] Arguments = [StoredFrame.Magic.ToArray()];

    /// <summary>Deletes the store objects in <paramref name="format"/> among <paramref name="keys"/>; returns how many of them hold something else, which stays.</summary>
    public static int Delete(IDatabase database, RedisKey[] keys, ValueFormat format = ValueFormat.ProxyStore) =>
        Foreign(format == ValueFormat.Python ? database.ScriptEvaluate(PythonScript, keys) : database.ScriptEvaluate(Script, keys, Arguments));

    /// <summary>Asynchronous <see cref="Delete"/>.</summary>
    public static async Task<int> DeleteAsync(IDatabase database, RedisKey[] keys, ValueFormat format, CancellationToken cancellationToken) =>
        Foreign(await (format == ValueFormat.Python ? database.ScriptEvaluateAsync(PythonScript, keys) : database.ScriptEvaluateAsync(Script, keys, Arguments))
            .WaitAsync(cancellationToken).ConfigureAwait(false));

    private static int Foreign(RedisResult result) => result.Length;
}
