using System.Diagnostics.Metrics;
using Azure.Core;
using FoiPipeline.Analysis;
using FoiPipeline.Analysis.Duplicates;
using FoiPipeline.Analysis.Flags;
using FoiPipeline.Analysis.Themes;
using FoiPipeline.Correspondence;
using FoiPipeline.Deadlines;
using FoiPipeline.Intake;
using FoiPipeline.Intake.SharedMailbox;
using FoiPipeline.Intake.Pdf;
using FoiPipeline.Ocr;
using FoiPipeline.Ocr.Tesseract;
using FoiPipeline.Pipeline;
using FoiPipeline.Replay;
using FoiPipeline.Review;
using FoiPipeline.Sweep;
using FoiPipeline.Triage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers FoiPipeline's stages for a host (the Functions app or the local host).</summary>
public static class FoiPipelineServiceCollectionExtensions
{
    /// <summary>Configuration key of a gov.uk-format bank holiday file used instead of the rules (see <see cref="DeadlineOptions"/>).</summary>
    public const string BankHolidaysPathKey = "FoiPipeline:Deadlines:BankHolidaysPath";

    /// <summary>
    /// Adds the stage handlers, the analyzer, the triage index, the duplicate store and the review store, with options bound from configuration
    /// and validated at start-up. The host adds what differs between hosts: <see cref="StorageClients"/>
    /// and <see cref="HostQueueSettings"/>.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The host's configuration (the <c>FoiPipeline</c> section).</param>
    /// <param name="dataDirectory">Where the embedded index keeps its file.</param>
    public static IServiceCollection AddFoiPipelineCore(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        services.AddOptions<PipelineOptions>().Bind(configuration.GetSection(PipelineOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PipelineOptions>, PipelineOptionsValidator>());
        services.AddOptions<TriageIndexOptions>().Bind(configuration.GetSection(TriageIndexOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TriageIndexOptions>, TriageIndexOptionsValidator>());
        services.AddOptions<ReviewStoreOptions>().Bind(configuration.GetSection(ReviewStoreOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReviewStoreOptions>, ReviewStoreOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(IQueueSendObserver.None);
        services.AddOptions<DeadlineOptions>().Bind(configuration.GetSection(DeadlineOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DeadlineOptions>, DeadlineOptionsValidator>());
        services.TryAddSingleton(provider => provider.GetRequiredService<IOptions<DeadlineOptions>>().Value.CreateCalendar());
        services.TryAddSingleton(provider => new WorkingDays(
            provider.GetRequiredService<BankHolidayCalendar>(), provider.GetRequiredService<IOptions<DeadlineOptions>>().Value.ParseRegime()));
        services.TryAddSingleton<StatutoryClock>();
        services.AddOptions<AnalysisOptions>().Bind(configuration.GetSection(AnalysisOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AnalysisOptions>, AnalysisOptionsValidator>());
        services.TryAddSingleton(provider => provider.GetRequiredService<IOptions<AnalysisOptions>>().Value.LoadTaxonomy());
        services.TryAddSingleton(provider => provider.GetRequiredService<IOptions<AnalysisOptions>>().Value.LoadReferralRules(provider.GetRequiredService<ThemeTaxonomy>()));
        services.TryAddSingleton<ThemeTagger>();
        services.TryAddSingleton<HandlingAdvisor>();
        services.TryAddSingleton<LetterAnalyzer>();
        services.TryAddSingleton(provider => new DuplicateMatcher(provider.GetRequiredService<IOptions<AnalysisOptions>>().Value.DuplicateThreshold));
        services.TryAddSingleton<DuplicateFinder>();

        services.AddOptions<OcrOptions>().Bind(configuration.GetSection(OcrOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OcrOptions>, OcrOptionsValidator>());
        services.TryAddSingleton(provider =>
        {
            var limits = provider.GetRequiredService<IOptions<PipelineOptions>>().Value.Intake;
            return new Poppler(limits.PopplerDirectory, TimeSpan.FromSeconds(limits.PopplerTimeoutSeconds));
        });
        services.TryAddSingleton(OcrEngineFactory.Create);
        services.TryAddSingleton<DocumentExtractor>();

        services.AddOptions<SweepOptions>().Bind(configuration.GetSection(SweepOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SweepOptions>, SweepOptionsValidator>());
        services.TryAddSingleton(provider => new PipelineMetrics(provider.GetService<IMeterFactory>()));
        services.TryAddSingleton<SweepHandler>();

        services.TryAddSingleton<PipelineStorage>();
        services.TryAddSingleton<StagePressure>();
        services.TryAddSingleton<QueueStageRunner>();
        services.TryAddSingleton<IngestHandler>();
        services.TryAddSingleton<AnalyzeHandler>();
        services.TryAddSingleton<IndexHandler>();
        services.TryAddSingleton<CorrespondenceStore>();
        services.TryAddSingleton<ReplyLinker>();
        services.TryAddSingleton<ReplayService>();

        // The mailbox connector is off unless FoiPipeline:Mailbox:Mailbox names one; only then is an identity needed
        // (the host's TokenCredential if it registered one, else DefaultAzureCredential, e.g. a developer's az login).
        services.AddOptions<MailboxOptions>().Bind(configuration.GetSection(MailboxOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MailboxOptions>, MailboxOptionsValidator>());
        services.TryAddSingleton(provider => new MailboxConnector(
            provider.GetRequiredService<IOptions<MailboxOptions>>(),
            provider.GetRequiredService<PipelineStorage>(),
            provider.GetRequiredService<StorageClients>(),
            () => provider.GetService<global::Azure.Core.TokenCredential>() ?? new global::Azure.Identity.DefaultAzureCredential(),
            provider.GetRequiredService<ILogger<MailboxConnector>>(),
            provider.GetKeyedService<global::Azure.Core.Pipeline.HttpPipelineTransport>(MailboxConnector.TransportKey),
            provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ITriageIndex>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<TriageIndexOptions>>().Value;
            return options.IsAzureSearch
                ? new AzureSearchTriageIndex(options.AzureSearch, provider.GetService<TokenCredential>(), provider.GetService<ILogger<AzureSearchTriageIndex>>())
                : new SqliteTriageIndex(Path.Combine(dataDirectory, options.SqlitePath));
        });

        // Request fingerprints live beside the requests they point at: in the same database file, or in an index of
        // their own on the same search service, which every Functions instance shares.
        services.TryAddSingleton<IDuplicateStore>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<TriageIndexOptions>>().Value;
            return options.IsAzureSearch
                ? new AzureSearchDuplicateStore(options.AzureSearch, provider.GetService<TokenCredential>())
                : new SqliteDuplicateStore(Path.Combine(dataDirectory, options.SqlitePath));
        });

        // Reviewer state of record: beside the index in its database file, or blobs where the host has no lasting disk.
        services.TryAddSingleton<IReviewStore>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<ReviewStoreOptions>>().Value;
            return options.IsBlob
                ? new BlobReviewStore(provider.GetRequiredService<StorageClients>().Blobs, options.Container)
                : new SqliteReviewStore(Path.Combine(dataDirectory, provider.GetRequiredService<IOptions<TriageIndexOptions>>().Value.SqlitePath));
        });
        return services;
    }
}
