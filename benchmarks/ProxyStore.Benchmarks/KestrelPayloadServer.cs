using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>A Kestrel server on a free loopback port answering <c>GET /</c> with one payload, for <see cref="TransportProbe"/>.</summary>
internal sealed class KestrelPayloadServer : IDisposable
{
    private readonly WebApplication _app;

    /// <param name="payload">The bytes every answer carries, written from this one array.</param>
    /// <param name="protocols">HTTP/2 alone (cleartext, h2c) or HTTP/1.1 alone.</param>
    /// <param name="window">The HTTP/2 connection and stream windows; Kestrel's defaults when 0.</param>
    public KestrelPayloadServer(byte[] payload, HttpProtocols protocols, int window)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxResponseBufferSize = null;
            if (window > 0)
            {
                kestrel.Limits.Http2.InitialConnectionWindowSize = window;
                kestrel.Limits.Http2.InitialStreamWindowSize = window;
            }

            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = protocols);
        });
        _app = builder.Build();
        _app.MapGet("/", async (HttpContext context) =>
        {
            context.Response.ContentLength = payload.Length;
            await context.Response.Body.WriteAsync(payload);
        });
        _app.StartAsync().GetAwaiter().GetResult();
        Url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/";
    }

    /// <summary>The server's address, <c>http://127.0.0.1:port/</c>.</summary>
    public string Url { get; }

    public void Dispose() => _app.StopAsync().GetAwaiter().GetResult();
}
