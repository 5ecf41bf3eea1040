using FoiPipeline.Functions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FoiPipeline.IntegrationTests.Support;

/// <summary>The Functions app's services as its Program builds them, over a test pipeline's Azurite names, started.</summary>
public static class FunctionsAppServices
{
    /// <param name="storage">Whose storage, names and data folder the app uses.</param>
    /// <param name="before">Registrations that win over the app's own (its registrations only add what is missing).</param>
    /// <param name="after">Registrations added after the app's.</param>
    public static async Task<ServiceProvider> StartAsync(TestPipeline storage, Action<IServiceCollection>? before = null, Action<IServiceCollection>? after = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(storage.Configuration)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [FunctionsServiceCollectionExtensions.StorageSetting] = storage.ConnectionString,
                ["FoiPipeline:DataDirectory"] = storage.DataDirectory,
                ["FoiPipeline:Ocr:Engine"] = "tesseract",
            })
            .Build();

        var services = new ServiceCollection().AddLogging();
        before?.Invoke(services);
        services.AddFoiPipelineFunctions(configuration, AppContext.BaseDirectory);
        after?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        foreach (var startup in provider.GetServices<IHostedService>())
        {
            await startup.StartAsync(CancellationToken.None);
        }

        return provider;
    }
}
