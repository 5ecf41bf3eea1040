using FoiPipeline.Analysis;
using FoiPipeline.Api;
using FoiPipeline.Api.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using FoiPipeline.Pipeline;
using FoiPipeline.Triage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FoiPipeline.Local.Hosting;

/// <summary>What a local pipeline host needs: where its storage is, where its data lives, and its settings.</summary>
public sealed record LocalPipelineSettings
{
    public required string StorageConnectionString { get; init; }

    public required string DataDirectory { get; init; }

    public required HostQueueSettings QueueSettings { get; init; }

    public LocalHostOptions Host { get; init; } = new();

    /// <summary>A Functions local.settings.json whose Values apply, if it exists.</summary>
    public string? LocalSettingsFile { get; init; }

    /// <summary>Configuration that wins over files and environment (tests use it to isolate names).</summary>
    public IReadOnlyDictionary<string, string?> Configuration { get; init; } = new Dictionary<string, string?>();

    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>Where the reviewer API listens: loopback by default; port 0 picks a free port (see <see cref="LocalPipeline.ApiAddress"/>).</summary>
    public string ApiUrl { get; init; } = LocalPipeline.DefaultApiUrl;
}

/// <summary>
/// Builds the local host: the same Core handlers as the Functions app, driven by an intake watcher and
/// queue workers that keep the Functions host's semantics.
/// </summary>
public static class LocalPipeline
{
    /// <summary>The Functions host's local port, so the same URLs work against either host.</summary>
    public const string DefaultApiUrl = "http://127.0.0.1:7071";

    public static WebApplication Build(LocalPipelineSettings settings)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ContentRootPath = settings.DataDirectory,
        });
        builder.WebHost.UseKestrelCore().UseUrls(settings.ApiUrl);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = ReviewEndpoints.MaxBodyBytes * 4L);
        builder.Services.AddRouting();

        builder.Configuration.AddLocalSources(settings.LocalSettingsFile, settings.Configuration);
        builder.Logging.ClearProviders();
        builder.Logging.AddFoiConsole(settings.LogLevel);

        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(20));
        var hostOptions = settings.Host with { };
        builder.Configuration.GetSection(LocalHostOptions.SectionName).Bind(hostOptions);
        if (hostOptions.Problems() is { Count: > 0 } problems)
        {
            throw new OptionsValidationException(LocalHostOptions.SectionName, typeof(LocalHostOptions), problems);
        }

        builder.Services.AddSingleton(settings.QueueSettings);
        builder.Services.AddSingleton(hostOptions);
        builder.Services.AddSingleton(StorageClients.FromConnectionString(settings.StorageConnectionString, settings.QueueSettings.MessageEncoding));
        builder.Services.AddSingleton<LocalQueueSignals>();
        builder.Services.AddSingleton<IQueueSendObserver>(provider => provider.GetRequiredService<LocalQueueSignals>());
        builder.Services.AddFoiPipelineCore(builder.Configuration, settings.DataDirectory);

        builder.Services.AddHostedService<PipelineStartup>();
        builder.Services.AddHostedService<IntakeWatcher>();
        if (hostOptions.Dropbox is not null)
        {
            builder.Services.AddHostedService<DropboxWatcher>();
        }
        builder.Services.AddHostedService<MailboxPoller>();
        builder.Services.AddHostedService<SweepLoop>();

        // Not AddHostedService: it de-duplicates by implementation type and would keep only one QueueWorker.
        builder.Services.AddSingleton<IHostedService>(provider => Worker(provider, options => options.Queues.Analyze, provider.GetRequiredService<AnalyzeHandler>().AnalyzeAsync));
        builder.Services.AddSingleton<IHostedService>(provider => Worker(provider, options => options.Queues.Index, provider.GetRequiredService<IndexHandler>().IndexAsync));

        builder.Services.AddReviewApi(builder.Configuration, settings.DataDirectory, ApiAuthenticationOptions.DevTokenMode);
        var app = builder.Build();
        app.UseRouting();
        app.MapReviewApi();
        return app;
    }

    /// <summary>The address the reviewer API is listening on, once the host has started (the real port when 0 was asked for).</summary>
    public static Uri ApiAddress(this WebApplication app)
        => new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    private static QueueWorker Worker(IServiceProvider provider, Func<PipelineOptions, string> queue, Func<StageMessage, CancellationToken, Task> stage) => new(
        queue(provider.GetRequiredService<IOptions<PipelineOptions>>().Value),
        stage,
        provider.GetRequiredService<PipelineStorage>(),
        provider.GetRequiredService<QueueStageRunner>(),
        provider.GetRequiredService<HostQueueSettings>(),
        provider.GetRequiredService<LocalQueueSignals>(),
        provider.GetRequiredService<LocalHostOptions>(),
        provider.GetRequiredService<StagePressure>(),
        provider.GetRequiredService<ILogger<QueueWorker>>());
}
