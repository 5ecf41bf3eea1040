using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using FoiPipeline.Local.Hosting;
using FoiPipeline.Pipeline;
using FoiPipeline.Triage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FoiPipeline.IntegrationTests.Support;

/// <summary>
/// The real local host (intake watcher, queue workers, Core handlers, SQLite index) over the shared
/// Azurite, with container and queue names of its own and settings that make retries quick.
/// </summary>
public sealed class TestPipeline : IAsyncDisposable
{
    /// <summary>Fast retries: three deliveries, one second apart.</summary>
    public static readonly HostQueueSettings FastRetries = new()
    {
        BatchSize = 4,
        NewBatchThreshold = 2,
        MaxDequeueCount = 3,
        VisibilityTimeout = TimeSpan.FromSeconds(1),
        MaxPollingInterval = TimeSpan.FromMilliseconds(500),
    };

    private readonly WebApplication? _host;

    private TestPipeline(string prefix, string dataDirectory, string connectionString, WebApplication? host, IReadOnlyDictionary<string, string?> configuration)
    {
        Prefix = prefix;
        DataDirectory = dataDirectory;
        ConnectionString = connectionString;
        _host = host;
        Configuration = configuration;
        var options = new PipelineOptions();
        options.Containers.Intake = prefix + "-intake";
        options.Containers.Extracted = prefix + "-extracted";
        options.Containers.Requests = prefix + "-requests";
        options.Containers.Quarantine = prefix + "-quarantine";
        options.Queues.Analyze = prefix + "-analyze";
        options.Queues.Index = prefix + "-index";
        Names = options;
        Storage = new PipelineStorage(StorageClients.FromConnectionString(connectionString, QueueMessageWireEncoding.Base64), Options.Create(options));
    }

    public string Prefix { get; }

    public string DataDirectory { get; }

    public string ConnectionString { get; }

    public IReadOnlyDictionary<string, string?> Configuration { get; }

    public PipelineOptions Names { get; }

    public PipelineStorage Storage { get; }

    public IServiceProvider Services => _host?.Services ?? throw new InvalidOperationException("This pipeline was created without a host.");

    public ITriageIndex Index => Services.GetRequiredService<ITriageIndex>();

    /// <summary>The reviewer API's base address (a free loopback port), once the host has started.</summary>
    public Uri ApiAddress => (_host ?? throw new InvalidOperationException("This pipeline was created without a host.")).ApiAddress();

    public BlobContainerClient Intake => Storage.Intake;

    public QueueClient Queue(string name) => Storage.Queue(name);

    /// <summary>Names and storage only; call <see cref="StartHostAsync"/> to run the pipeline over them.</summary>
    public static async Task<TestPipeline> CreateAsync(bool startHost = true, HostQueueSettings? settings = null, IReadOnlyDictionary<string, string?>? configuration = null)
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..10];
        var dataDirectory = Path.Combine(Path.GetTempPath(), "foi-test-" + prefix);
        Directory.CreateDirectory(dataDirectory);
        var connectionString = await SharedAzurite.ConnectionStringAsync();
        var names = new Dictionary<string, string?>
        {
            ["FoiPipeline:Containers:Intake"] = prefix + "-intake",
            ["FoiPipeline:Containers:Extracted"] = prefix + "-extracted",
            ["FoiPipeline:Containers:Requests"] = prefix + "-requests",
            ["FoiPipeline:Containers:Quarantine"] = prefix + "-quarantine",
            ["FoiPipeline:Containers:Correspondence"] = prefix + "-correspondence",
            ["FoiPipeline:Queues:Analyze"] = prefix + "-analyze",
            ["FoiPipeline:Queues:Index"] = prefix + "-index",
            ["FoiPipeline:Review:Container"] = prefix + "-reviews",
        };
        foreach (var (key, value) in configuration ?? new Dictionary<string, string?>())
        {
            names[key] = value;
        }

        var withoutHost = new TestPipeline(prefix, dataDirectory, connectionString, null, names);
        await withoutHost.Storage.EnsureCreatedAsync(CancellationToken.None);
        return startHost ? await withoutHost.StartHostAsync(settings) : withoutHost;
    }

    /// <param name="settings">host.json's queue settings; <see cref="FastRetries"/> by default.</param>
    /// <param name="changes">Configuration that differs from this pipeline's, like a setting raised after a failure.</param>
    public async Task<TestPipeline> StartHostAsync(HostQueueSettings? settings = null, IReadOnlyDictionary<string, string?>? changes = null)
    {
        var configuration = new Dictionary<string, string?>(Configuration);
        foreach (var (key, value) in changes ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var host = LocalPipeline.Build(new LocalPipelineSettings
        {
            StorageConnectionString = ConnectionString,
            DataDirectory = DataDirectory,
            QueueSettings = settings ?? FastRetries,
            Configuration = configuration,
            Host = new LocalHostOptions { IntakeScanInterval = TimeSpan.FromMilliseconds(200), MessageLease = TimeSpan.FromSeconds(30) },
            LogLevel = LogLevel.Warning,
            ApiUrl = "http://127.0.0.1:0",
        });
        await host.StartAsync();
        return new TestPipeline(Prefix, DataDirectory, ConnectionString, host, configuration);
    }

    public async Task UploadAsync(string name, byte[] content) => await Intake.UploadBlobAsync(name, new BinaryData(content));

    public async Task<TriageEntry> IndexedAsync(string docId)
        => await Eventually.GetAsync(() => Index.GetAsync(docId, CancellationToken.None), $"request {docId} in the triage index");

    /// <summary>Stops the host but keeps storage, like a host that was shut down.</summary>
    public async Task StopHostAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            await _host.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopHostAsync();
        foreach (var container in Names.Containers.All.Append(Prefix + "-reviews"))
        {
            await new BlobContainerClient(ConnectionString, container).DeleteIfExistsAsync();
        }

        foreach (var queue in Names.Queues.All.SelectMany(q => new[] { q, QueueNames.PoisonOf(q) }))
        {
            await Storage.Queue(queue).DeleteIfExistsAsync();
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
