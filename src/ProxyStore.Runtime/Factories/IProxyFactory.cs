namespace ProxyStore;

/// <summary>
/// What a proxy calls to get its target. Factories are small and serializable, so a
/// proxy can travel to another process as its factory alone.
/// </summary>
public interface IProxyFactory
{
    /// <summary>The type of proxy this factory serves.</summary>
    Type TargetType { get; }

    /// <summary>Resolves the target, recording <c>factory.call</c> around the resolution.</summary>
    object Call();

    /// <summary>Starts resolving in the background; the next <see cref="Call"/> uses the result.</summary>
    Task PrefetchAsync(CancellationToken cancellationToken = default);
}
