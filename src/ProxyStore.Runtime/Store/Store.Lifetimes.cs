namespace ProxyStore;

// Lifetimes: a put given a lifetime is refused before anything is stored when the lifetime
// cannot take its keys, and the keys are handed over after the put.
public sealed partial class Store
{
    /// <summary>Everything that makes a lifetime refuse keys of this store, checked before the put so a refused call stores nothing.</summary>
    private void CheckLifetime(ILifetime? lifetime)
    {
        if (lifetime is null)
        {
            return;
        }

        if (lifetime.IsDone)
        {
            throw new InvalidOperationException($"{lifetime} is closed: nothing was stored in store '{Name}'.");
        }

        if (lifetime.Store is { } bound && !ReferenceEquals(bound, this))
        {
            throw new ArgumentException($"{lifetime} holds keys of store '{bound.Name}' only, not of store '{Name}': nothing was stored.", nameof(lifetime));
        }
    }

    /// <summary>As <see cref="CheckLifetime(ILifetime?)"/>, for a proxy: a proxy that evicts on resolve cannot also be given a lifetime (as in Python ProxyStore).</summary>
    private void CheckLifetime(ILifetime? lifetime, bool evict)
    {
        if (evict && lifetime is not null)
        {
            throw new ArgumentException($"A proxy of store '{Name}' cannot both evict on resolve and belong to {lifetime}: pass evict or lifetime, not both. Nothing was stored.", nameof(lifetime));
        }

        CheckLifetime(lifetime);
    }

    /// <summary>Hands the keys just stored to the lifetime; if it closed meanwhile, evicts them, so a failed call leaves nothing behind.</summary>
    private void AttachToLifetime(ILifetime? lifetime, IReadOnlyList<StoreKey> keys)
    {
        if (lifetime is null)
        {
            return;
        }

        try
        {
            lifetime.AddKey(this, [.. keys]);
        }
        catch
        {
            foreach (StoreKey key in keys)
            {
                Evict(key);
            }

            throw;
        }
    }
}
