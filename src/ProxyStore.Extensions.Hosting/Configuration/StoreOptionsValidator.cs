using Microsoft.Extensions.Options;

namespace ProxyStore.Extensions.Hosting.Configuration;

/// <summary>
/// Validates the options of the stores this library hosts: the problems binding found, a missing
/// connector, negative cache bounds. Every problem names its configuration key or builder call.
/// </summary>
internal sealed class StoreOptionsValidator(StoreDefinitions definitions) : IValidateOptions<StoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreOptions options)
    {
        if (name is null || !definitions.Names.TryGetValue(name, out string? definedBy))
        {
            return ValidateOptionsResult.Skip;
        }

        string source = options.Source ?? definedBy;
        var problems = new List<string>(options.Problems);
        if (options.Problems.Count == 0 && options.Connector is null)
        {
            problems.Add($"{source}: store '{name}' has no connector; set StoreOptions.Connector or a Connector section.");
        }

        if (options.CacheSize < 0)
        {
            problems.Add($"{source}: the cache size of store '{name}', {options.CacheSize}, cannot be negative.");
        }

        if (options.CacheBytes < 0)
        {
            problems.Add($"{source}: the cache byte bound of store '{name}', {options.CacheBytes}, cannot be negative.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
