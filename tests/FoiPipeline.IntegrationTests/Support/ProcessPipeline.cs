using FoiPipeline.Local.Azurite;
using FoiPipeline.Pipeline;
using FoiPipeline.Triage;
using Microsoft.Data.Sqlite;

namespace FoiPipeline.IntegrationTests.Support;

/// <summary>
/// The pipeline run as users run it, for reliability tests: storage on the shared Azurite with names of its own,
/// and <c>foi run</c> as a separate process that reaches Azurite through two <see cref="StorageTap"/>s, so a test
/// can kill the host at a chosen request and start it again on the same data folder. The triage index is read
/// from the host's own SQLite file, as <c>foi queue</c> reads it.
/// </summary>
public sealed class ProcessPipeline : IAsyncDisposable
{
    private readonly TestPipeline _storage;
    private readonly Dictionary<string, string> _environment;
    private readonly string _name;
    private int _starts;

    private ProcessPipeline(TestPipeline storage, StorageTap blobs, StorageTap queues, Dictionary<string, string> environment, string name)
    {
        _storage = storage;
        Blobs = blobs;
        Queues = queues;
        _environment = environment;
        _name = name;
    }

    /// <summary>Containers and queues of this pipeline, reached directly (not through the taps).</summary>
    public PipelineStorage Storage => _storage.Storage;

    public PipelineOptions Names => _storage.Names;

    public string DataDirectory => _storage.DataDirectory;

    /// <summary>Sees (and can hold) every blob request the host makes.</summary>
    public StorageTap Blobs { get; }

    /// <summary>Sees (and can hold) every queue request the host makes.</summary>
    public StorageTap Queues { get; }

    /// <summary>The host process, while one is running.</summary>
    public HostProcess? Host { get; private set; }

    /// <summary>
    /// Storage and settings for a host process: fast retries (three deliveries one second apart, through the same
    /// app-setting overrides of host.json the Functions host reads), a ten-second message lease, and
    /// <paramref name="settings"/> on top (configuration keys with <c>:</c> or environment names with <c>__</c>).
    /// </summary>
    public static async Task<ProcessPipeline> CreateAsync(string name, IReadOnlyDictionary<string, string>? settings = null)
    {
        var storage = await TestPipeline.CreateAsync(startHost: false);
        var (blobPort, queuePort) = await SharedAzurite.PortsAsync();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [HostQueueSettings.OverridePrefix + "maxDequeueCount"] = "3",
            [HostQueueSettings.OverridePrefix + "visibilityTimeout"] = "00:00:01",
            [HostQueueSettings.OverridePrefix + "maxPollingInterval"] = "00:00:00.500",
            ["FoiPipeline__LocalHost__MessageLease"] = "00:00:10",
            ["FoiPipeline__LocalHost__IntakeScanInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in storage.Configuration)
        {
            environment[EnvironmentName(key)] = value!;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[EnvironmentName(key)] = value;
        }

        return new ProcessPipeline(storage, StorageTap.Start(blobPort), StorageTap.Start(queuePort), environment, name);
    }

    /// <summary>Starts a host process (the previous one must have been killed or stopped) and waits until it runs.</summary>
    /// <param name="verbose">Log at Debug level.</param>
    /// <param name="settings">Settings for this start only, over the pipeline's (an operator's fix between two runs).</param>
    /// <param name="arguments">More arguments for <c>foi run</c>, such as <c>--dropbox DIR</c>.</param>
    public async Task<HostProcess> StartHostAsync(bool verbose = false, IReadOnlyDictionary<string, string>? settings = null, IReadOnlyList<string>? arguments = null)
    {
        if (Host is { HasExited: false })
        {
            throw new InvalidOperationException("A host is already running for this pipeline; kill or stop it first.");
        }

        var connection = AzuriteProcess.ConnectionStringFor(Blobs.Port, Queues.Port);
        var environment = new Dictionary<string, string>(_environment);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[EnvironmentName(key)] = value;
        }

        Host = await HostProcess.StartAsync(connection, DataDirectory, environment, $"{_name}-{++_starts}", verbose, arguments);
        return Host;
    }

    /// <summary>A reviewer token from <c>foi token</c>, signed with the data folder's key as a user would get one.</summary>
    public async Task<string> TokenAsync(string user, string name, params string[] roles)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            WorkingDirectory = SharedAzurite.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "foi.dll"));
        foreach (var argument in new[] { "token", "--data-dir", DataDirectory, "--user", user, "--name", name })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var role in roles)
        {
            start.ArgumentList.Add("--role");
            start.ArgumentList.Add(role);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var token = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? token.Trim() : throw new InvalidOperationException($"foi token failed ({process.ExitCode}): {error}");
    }

    /// <summary>A configuration key as an environment variable: <c>FoiPipeline:Index:Kind</c> → <c>FoiPipeline__Index__Kind</c>.</summary>
    private static string EnvironmentName(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>SIGKILLs the running host.</summary>
    public void KillHost() => Host?.Kill();

    public async Task UploadAsync(string name, byte[] content) => await _storage.UploadAsync(name, content);

    /// <summary>The request as the host's triage index holds it, or null.</summary>
    public async Task<TriageEntry?> IndexedOrNullAsync(string docId)
    {
        using var index = new SqliteTriageIndex(Path.Combine(DataDirectory, "triage.db"));
        return await index.GetAsync(docId, CancellationToken.None);
    }

    /// <summary>Waits until the request is in the host's triage index.</summary>
    public async Task<TriageEntry> IndexedAsync(string docId, TimeSpan? timeout = null)
        => await Eventually.GetAsync(() => IndexedOrNullAsync(docId), $"request {docId} in the triage index", timeout ?? TimeSpan.FromSeconds(90));

    /// <summary>How many requests the host's triage index holds.</summary>
    public async Task<long> IndexedCountAsync()
    {
        using var index = new SqliteTriageIndex(Path.Combine(DataDirectory, "triage.db"));
        var page = await index.SearchAsync(new TriageQuery { Take = 0, IncludeRestricted = true }, CancellationToken.None);
        return page.Total;
    }

    /// <summary>Messages a worker could take from a queue now (Azurite's approximate count leaves out invisible ones too).</summary>
    public async Task<int> VisibleMessagesAsync(string queue)
        => (await Storage.Queue(queue).PeekMessagesAsync(32)).Value.Length;

    public async ValueTask DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        await Blobs.DisposeAsync();
        await Queues.DisposeAsync();
        SqliteConnection.ClearAllPools();
        await _storage.DisposeAsync();
    }
}
