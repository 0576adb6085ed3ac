using ProxyStore.Connectors;
using ProxyStore.Tests.Support;

namespace ProxyStore.Tests.Proxying;

/// <summary>
/// A proxy made not to cache (the Orleans call filters' arguments, read once and then evicted)
/// resolves without a cache entry, in this process and through its reference in another, and a
/// plain proxy caches as before.
/// </summary>
public sealed class UncachedProxyTests
{
    [Fact]
    public async Task An_uncached_proxy_resolves_without_filling_the_cache_and_its_reference_says_so()
    {
        using var store = new Store(UniqueNames.Store("uncached"), new LocalConnector(), register: true);
        IReadOnlyList<byte> uncached = await store.ProxyAsync<IReadOnlyList<byte>>(new byte[] { 1, 2, 3 }, evict: false, cache: false, populateTarget: null, lifetime: null, CancellationToken.None);
        IReadOnlyList<byte> cached = await store.ProxyAsync<IReadOnlyList<byte>>(new byte[] { 4, 5, 6 });

        byte[] reference = ProxyReference.Serialize(uncached);
        IReadOnlyList<byte> received = ProxyReference.Deserialize<IReadOnlyList<byte>>(reference);

        Assert.Equal([1, 2, 3], received);
        Assert.Equal([1, 2, 3], uncached);
        Assert.False(store.IsCached(Proxies.GetKey(uncached)));
        Assert.Contains("\"nc\":true", System.Text.Encoding.UTF8.GetString(reference));
        Assert.Equal([4, 5, 6], cached);
        Assert.True(store.IsCached(Proxies.GetKey(cached)));
        Assert.DoesNotContain("\"nc\"", System.Text.Encoding.UTF8.GetString(ProxyReference.Serialize(cached)));
    }
}
