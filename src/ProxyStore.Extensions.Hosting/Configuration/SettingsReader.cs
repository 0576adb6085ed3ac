using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace ProxyStore.Extensions.Hosting.Configuration;

/// <summary>
/// Reads typed values out of configuration sections, collecting one problem per bad key
/// instead of stopping at the first, so a start-up reports everything wrong at once.
/// Problems quote a value only when it is not a secret.
/// </summary>
internal sealed class SettingsReader
{
    private readonly List<string> _problems = [];

    /// <summary>Everything found wrong so far, each naming its key.</summary>
    public IReadOnlyList<string> Problems => _problems;

    public void Problem(IConfigurationSection section, string message) => _problems.Add($"{section.Path}: {message}");

    /// <summary>Reports every child of <paramref name="section"/> that is not among <paramref name="known"/>: a misspelt setting is an error, not a silent default.</summary>
    public void RejectUnknown(IConfigurationSection section, params string[] known)
    {
        foreach (IConfigurationSection child in section.GetChildren())
        {
            if (!known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                Problem(child, $"is not a setting here; expected one of {string.Join(", ", known)}.");
            }
        }
    }

    public string? String(IConfigurationSection section, string key)
    {
        IConfigurationSection child = section.GetSection(key);
        return string.IsNullOrWhiteSpace(child.Value) ? null : child.Value;
    }

    public string? RequiredString(IConfigurationSection section, string key)
    {
        string? value = String(section, key);
        if (value is null)
        {
            Problem(section.GetSection(key), "is required.");
        }

        return value;
    }

    public int Int(IConfigurationSection section, string key, int fallback, int min, int max) =>
        (int)Long(section, key, fallback, min, max);

    public long Long(IConfigurationSection section, string key, long fallback, long min = 0, long max = long.MaxValue)
    {
        IConfigurationSection child = section.GetSection(key);
        if (child.Value is null)
        {
            return fallback;
        }

        if (!long.TryParse(child.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) || value < min || value > max)
        {
            Problem(child, $"'{child.Value}' is not a whole number from {min} to {max}.");
            return fallback;
        }

        return value;
    }

    public bool Bool(IConfigurationSection section, string key, bool fallback)
    {
        IConfigurationSection child = section.GetSection(key);
        if (child.Value is null)
        {
            return fallback;
        }

        if (!bool.TryParse(child.Value, out bool value))
        {
            Problem(child, $"'{child.Value}' is not true or false.");
            return fallback;
        }

        return value;
    }

    /// <summary>A duration written as a <see cref="TimeSpan"/> (<c>00:00:05</c>) or as whole milliseconds (<c>5000</c>).</summary>
    public TimeSpan Duration(IConfigurationSection section, string key, TimeSpan fallback)
    {
        IConfigurationSection child = section.GetSection(key);
        if (child.Value is null)
        {
            return fallback;
        }

        if (long.TryParse(child.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long ms) && ms > 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        if (TimeSpan.TryParse(child.Value, CultureInfo.InvariantCulture, out TimeSpan value) && value > TimeSpan.Zero)
        {
            return value;
        }

        Problem(child, $"'{child.Value}' is not a positive duration (hh:mm:ss or milliseconds).");
        return fallback;
    }

    /// <summary>The values of a list, written as an array (<c>["a", "b"]</c>) or as one comma-separated string.</summary>
    public IReadOnlyList<string> List(IConfigurationSection section, string key)
    {
        IConfigurationSection child = section.GetSection(key);
        if (child.Value is not null)
        {
            return child.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        }

        return [.. child.GetChildren().Select(c => c.Value).OfType<string>()];
    }
}
