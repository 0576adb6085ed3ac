using Microsoft.Extensions.Logging;

namespace ProxyStore.Extensions.Hosting.Configuration;

/// <summary>A store the host makes, disposes and registers, from configuration or the builder.</summary>
/// <param name="Name">The store's name, and the key of its keyed service.</param>
/// <param name="Source">Where it was defined, for messages: a configuration path or the builder call.</param>
/// <param name="Create">Makes the store; registered in <see cref="StoreRegistry"/> afterwards if it is not already.</param>
internal sealed record StoreDefinition(string Name, string Source, Func<IServiceProvider, ILogger?, Store> Create);
