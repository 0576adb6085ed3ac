using Microsoft.Extensions.Hosting;

namespace ProxyStore.Extensions.Hosting.Stores;

/// <summary>Makes every store when the host starts, so a bad configuration stops the start, and disposes them when it stops.</summary>
internal sealed class StoresHostedService(HostedStores stores) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        stores.MakeAll();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => stores.DisposeAsync().AsTask();
}
