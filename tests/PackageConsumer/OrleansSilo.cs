using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using ProxyStore;
using ProxyStore.Connectors;
using ProxyStore.Orleans;

/// <summary>A silo built with the packed ProxyStore.Orleans package: a proxy passed to a grain arrives unresolved.</summary>
internal static class OrleansSilo
{
    public static async Task RunAsync()
    {
        using var store = new Store("package-consumer-orleans", new LocalConnector(), register: true);
        using IHost host = new HostBuilder()
            .UseOrleans(silo => silo
                .UseLocalhostClustering(siloPort: FreePort(), gatewayPort: FreePort())
                .AddProxyStore(options =>
                {
                    options.AddStore(store);
                    options.Policy = new ProxyLargerThan(1024);
                }))
            .Build();
        await host.StartAsync();
        Console.WriteLine("orleans-silo: started");

        IGreetingGrain grain = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IGreetingGrain>(0);
        IGreeting proxy = store.Proxy<IGreeting>(new Greeting("through a grain"));
        Console.WriteLine($"orleans-arrived-resolved: {await grain.ArrivedResolved(proxy)}");
        Console.WriteLine($"orleans-length: {await grain.Length(proxy)}");
        await host.StopAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A grain that takes a proxiable argument.</summary>
public interface IGreetingGrain : IGrainWithIntegerKey
{
    Task<bool> ArrivedResolved(IGreeting greeting);

    Task<int> Length(IGreeting greeting);
}

/// <inheritdoc cref="IGreetingGrain" />
public sealed class GreetingGrain : Grain, IGreetingGrain
{
    public Task<bool> ArrivedResolved(IGreeting greeting) => Task.FromResult(Proxies.IsResolved(greeting));

    public Task<int> Length(IGreeting greeting) => Task.FromResult(greeting.Length());
}
