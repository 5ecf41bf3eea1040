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
    /// <returns>The fake (made over the app it runs on) and the base address it listens at, ending in '/'.</returns>
    public static async Task<(T Fake, Uri Endpoint)> StartAsync<T>(Func<WebApplication, T> create, Func<T, RequestDelegate> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = create(app);
        app.Run(handler(fake));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return (fake, new Uri(address.TrimEnd('/') + "/"));
    }
}
