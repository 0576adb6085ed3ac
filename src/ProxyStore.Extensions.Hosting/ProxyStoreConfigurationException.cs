namespace ProxyStore.Extensions.Hosting;

/// <summary>
/// The ProxyStore configuration cannot make its stores: a store or connector setting is
/// missing, unknown or out of range. The message names every configuration key at fault
/// (such as <c>ProxyStore:Stores:cache:Connector:Port</c>) and never repeats a password.
/// </summary>
public sealed class ProxyStoreConfigurationException : ProxyStoreException
{
    /// <summary>Creates the exception for <paramref name="problems"/>, each naming its key.</summary>
    /// <param name="problems">One line per problem, each starting with the configuration key at fault.</param>
    public ProxyStoreConfigurationException(IReadOnlyList<string> problems)
        : base(Describe(problems))
    {
        ExceptionData.Set(this, nameof(Problems), problems.ToArray());
    }

    /// <summary>Creates the exception for one problem, with the exception that caused it.</summary>
    /// <param name="problem">The problem, starting with the configuration key at fault.</param>
    /// <param name="innerException">What failed.</param>
    public ProxyStoreConfigurationException(string problem, Exception? innerException)
        : base(Describe([problem]), innerException)
    {
        ExceptionData.Set(this, nameof(Problems), new[] { problem });
    }

    /// <summary>Creates the exception for one problem.</summary>
    public ProxyStoreConfigurationException(string problem)
        : this(problem, innerException: null)
    {
    }

    /// <summary>Creates the exception with no problem listed.</summary>
    public ProxyStoreConfigurationException()
        : this("The ProxyStore configuration is invalid.")
    {
    }

    /// <summary>One line per problem, each starting with the configuration key at fault.</summary>
    public IReadOnlyList<string> Problems => ExceptionData.Get<string[]>(this, nameof(Problems)) ?? [];

    private static string Describe(IReadOnlyList<string> problems) =>
        problems.Count == 1
            ? $"The ProxyStore configuration is invalid: {problems[0]}"
            : $"The ProxyStore configuration is invalid:{Environment.NewLine}- {string.Join(Environment.NewLine + "- ", problems)}";
}
