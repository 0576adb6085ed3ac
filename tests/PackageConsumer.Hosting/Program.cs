// A hosted application with ProxyStore.Extensions.Hosting alone, and what the package tests check.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ProxyStore;
using ProxyStore.Extensions.Hosting;

string directory = Path.Combine(Path.GetTempPath(), "proxystore-hosting-only-" + Guid.NewGuid().ToString("N"));
using (IHost host = Build(new()
{
    ["ProxyStore:Stores:documents:Connector:Kind"] = "File",
    ["ProxyStore:Stores:documents:Connector:Directory"] = directory,
    ["ProxyStore:Stores:documents:Connector:Clear"] = "true",
}))
{
    await host.StartAsync();
    Store documents = host.Services.GetRequiredKeyedService<Store>("documents");
    StoreKey key = await documents.PutAsync("stored by a hosted store");
    Console.WriteLine($"hosted-get: {await documents.GetAsync<string>(key)}");
    await host.StopAsync();
}

Console.WriteLine($"directory-cleared: {!Directory.Exists(directory)}");

// A Redis store in configuration, without the ProxyStore.Redis package: the start fails and
// says which package to add.
using (IHost host = Build(new()
{
    ["ProxyStore:Stores:shared:Connector:Kind"] = "Redis",
    ["ProxyStore:Stores:shared:Connector:Host"] = "127.0.0.1",
}))
{
    try
    {
        await host.StartAsync();
        Console.WriteLine("redis-store: started");
    }
    catch (ProxyStoreConfigurationException e)
    {
        Console.WriteLine($"redis-store-error: {string.Join(" | ", e.Problems).ReplaceLineEndings(" ")}");
    }
}

Console.WriteLine($"redis-assemblies-loaded: {AppDomain.CurrentDomain.GetAssemblies().Count(a => a.GetName().Name!.Contains("Redis", StringComparison.OrdinalIgnoreCase))}");

static IHost Build(Dictionary<string, string?> settings)
{
    HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
    builder.Configuration.AddInMemoryCollection(settings);
    builder.Services.AddProxyStore(builder.Configuration.GetSection("ProxyStore"));
    return builder.Build();
}
