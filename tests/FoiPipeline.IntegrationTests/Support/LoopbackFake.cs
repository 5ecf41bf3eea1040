using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FoiPipeline.IntegrationTests.Support;

/// <summary>Starts an HTTP fake of a cloud service: a quiet Kestrel on a free 127.0.0.1 port answering every request with one handler.</summary>
public static class LoopbackFake
{
    /// <param name="create">Makes the fake over the app it runs on.</param>
    /// <param name="handler">Answers every request.</param>
    /// <param name="certificate">Serve https with this certificate (for clients that refuse http), else http.</param>
    /// <returns>The fake and the base address it listens at, ending in '/'.</returns>
    public static async Task<(T Fake, Uri Endpoint)> StartAsync<T>(Func<WebApplication, T> create, Func<T, RequestDelegate> handler, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (certificate is null)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        }

        var app = builder.Build();
        var fake = create(app);
        app.Run(handler(fake));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single()
            .Replace("[::1]", "127.0.0.1", StringComparison.Ordinal);
        return (fake, new Uri(address.TrimEnd('/') + "/"));
    }
}
