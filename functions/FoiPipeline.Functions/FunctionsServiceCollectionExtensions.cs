using Azure.Core;
using Azure.Identity;
using FoiPipeline.Api.Authentication;
using FoiPipeline.Ocr;
using FoiPipeline.Pipeline;
using FoiPipeline.Review;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FoiPipeline.Functions;

/// <summary>Wires FoiPipeline.Core into the Functions app from the app's settings.</summary>
public static class FunctionsServiceCollectionExtensions
{
    /// <summary>The storage the Functions host itself uses; the pipeline's blobs and queues live in the same account.</summary>
    public const string StorageSetting = "AzureWebJobsStorage";

    public static IServiceCollection AddFoiPipelineFunctions(this IServiceCollection services, IConfiguration configuration, string appDirectory)
    {
        // The same host.json the Functions host reads, so the stage runner poisons on the same delivery the host would.
        var queueSettings = HostQueueSettings.Load(Path.Combine(appDirectory, "host.json"));
        services.AddSingleton(queueSettings);
        var credential = Credential(configuration.GetSection(StorageSetting));
        services.AddSingleton(credential);
        services.AddSingleton(StorageFrom(configuration, queueSettings.MessageEncoding, credential));
        services.AddHostedService<PipelineStartup>();

        // Azure Functions has no Tesseract: unless configured otherwise, scans go to Document Intelligence,
        // whose endpoint is then required at start-up (OcrOptionsValidator names the setting).
        if (string.IsNullOrEmpty(configuration[$"{OcrOptions.SectionName}:Engine"]))
        {
            services.PostConfigure<OcrOptions>(options => options.Engine = OcrEngines.DocumentIntelligence);
        }

        // A function app's local disk is per instance and not kept, so a SQLite file there would lose reviewers'
        // claims and the audit trail; unless configured otherwise, review state goes to blobs in the app's storage.
        if (string.IsNullOrEmpty(configuration[$"{ReviewStoreOptions.SectionName}:Store"]))
        {
            services.PostConfigure<ReviewStoreOptions>(options => options.Store = ReviewStoreOptions.Blob);
        }

        var dataDirectory = configuration["FoiPipeline:DataDirectory"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "foipipeline");
        services.AddFoiPipelineCore(configuration, dataDirectory);

        // In Azure, App Service authentication in front of the app identifies reviewers (no tokens of our own).
        return services.AddReviewApi(configuration, dataDirectory, ApiAuthenticationOptions.AppServiceMode);
    }

    /// <summary>
    /// Storage clients from the Functions storage setting: a connection string (Azurite, or keys where an
    /// authority allows them), or identity-based settings (<c>AzureWebJobsStorage__blobServiceUri</c>,
    /// <c>__queueServiceUri</c>, optional <c>__clientId</c> for a user-assigned identity), as the host itself reads them.
    /// </summary>
    /// <exception cref="InvalidOperationException">Neither form is configured; the message says what to set.</exception>
    internal static StorageClients StorageFrom(IConfiguration configuration, QueueMessageWireEncoding encoding, TokenCredential credential)
    {
        if (configuration[StorageSetting] is { Length: > 0 } connectionString)
        {
            return StorageClients.FromConnectionString(connectionString, encoding);
        }

        var section = configuration.GetSection(StorageSetting);
        var blobUri = section["blobServiceUri"] ?? AccountUri(section["accountName"], "blob");
        var queueUri = section["queueServiceUri"] ?? AccountUri(section["accountName"], "queue");
        if (blobUri is null || queueUri is null)
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set {StorageSetting} to a connection string, or {StorageSetting}__blobServiceUri and " +
                $"{StorageSetting}__queueServiceUri (or {StorageSetting}__accountName) to use the app's managed identity.");
        }

        return StorageClients.FromServiceUris(new Uri(blobUri), new Uri(queueUri), credential, encoding);
    }

    /// <summary>
    /// The app's Entra ID identity, for storage and Document Intelligence alike: a user-assigned managed
    /// identity when <c>AzureWebJobsStorage__clientId</c> names one, otherwise DefaultAzureCredential (the
    /// system-assigned identity in Azure, a developer's sign-in elsewhere). Created once; tokens are cached.
    /// </summary>
    internal static TokenCredential Credential(IConfiguration storageSection)
        => storageSection["clientId"] is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();

    private static string? AccountUri(string? account, string service)
        => string.IsNullOrEmpty(account) ? null : $"https://{account}.{service}.core.windows.net";
}
