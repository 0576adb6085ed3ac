using Microsoft.Extensions.Configuration;

namespace ProxyStore.Extensions.Hosting.Configuration;

/// <summary>
/// Reads the application's reference key from a ProxyStore section: <c>ReferenceKey</c> (Base64,
/// from a secret store) or <c>ReferenceKeyEnvironmentVariable</c> (the name of a variable that
/// holds it). Problems name the key, never the secret.
/// </summary>
internal static class ReferenceKeySettings
{
    public const string KeyName = "ReferenceKey";
    public const string VariableName = "ReferenceKeyEnvironmentVariable";

    public static ReferenceKey? Read(IConfiguration configuration, SettingsReader reader)
    {
        IConfigurationSection keySection = configuration.GetSection(KeyName);
        IConfigurationSection variableSection = configuration.GetSection(VariableName);
        string? secret = keySection.Value;
        string? variable = variableSection.Value;
        if (secret is not null && variable is not null)
        {
            reader.Problem(keySection, $"set either {KeyName} or {VariableName}, not both.");
            return null;
        }

        if (variable is not null)
        {
            secret = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrWhiteSpace(secret))
            {
                reader.Problem(variableSection, $"the environment variable '{variable}' is not set.");
                return null;
            }
        }

        if (secret is null)
        {
            return null;
        }

        try
        {
            return ReferenceKey.FromBase64(secret);
        }
        catch (ArgumentException e)
        {
            reader.Problem(variable is null ? keySection : variableSection, e.Message);
            return null;
        }
    }
}
