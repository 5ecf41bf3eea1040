using FoiPipeline.Deadlines;
using FoiPipeline.Intake;
using FoiPipeline.Local.Azurite;
using FoiPipeline.Local.Hosting;
using FoiPipeline.Pipeline;
using FoiPipeline.Triage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FoiPipeline.Local.Cli;

internal sealed record RunArguments(bool Samples, bool Once, string? Storage, string? DataDirectory, bool Verbose, int ApiPort = RunCommand.DefaultApiPort)
{
    /// <summary>A folder to watch for letters (<c>--dropbox</c>); wins over <c>FoiPipeline:LocalHost:Dropbox</c>.</summary>
    public string? Dropbox { get; init; }
}

/// <summary><c>foi run</c>: the whole pipeline on this machine.</summary>
internal static class RunCommand
{
    /// <summary>The Functions host's local port, so the same URLs work against either host.</summary>
    public const int DefaultApiPort = 7071;

    private static readonly TimeSpan SampleTimeout = TimeSpan.FromMinutes(3);

    public static async Task<int> RunAsync(RunArguments arguments, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var paths = LocalPaths.Discover(arguments.DataDirectory);
        Directory.CreateDirectory(paths.DataDirectory);
        var level = arguments.Verbose ? LogLevel.Debug : LogLevel.Information;
        using var loggers = ConsoleLogging.CreateFactory(level);
        var logger = loggers.CreateLogger("foi");

        if (LocalHostState.Read(paths.StateFile) is { } previous)
        {
            if (previous.HostIsRunning)
            {
                error.WriteLine($"Another `foi run` (pid {previous.HostPid}) is using {paths.DataDirectory}. Stop it, or give this one its own --data-dir.");
                return 1;
            }

            if (previous.AzuritePid is { } orphan && await AzuriteProcess.TryStopOrphanAsync(orphan))
            {
                logger.LogInformation("Stopped Azurite (pid {Pid}) left running by an earlier host that did not stop cleanly", orphan);
            }
        }

        // Check the configuration before starting anything, and report every problem, not just the first.
        if (LocalConfiguration.Problems(LocalConfiguration.Build(paths)) is { Count: > 0 } problems)
        {
            error.WriteLine("The configuration is not valid:");
            foreach (var problem in problems)
            {
                error.WriteLine("  " + problem);
            }

            return 1;
        }

        var queueSettings = HostQueueSettings.Load(paths.HostJson);
        AzuriteProcess? started = null;
        if (arguments.Storage is null)
        {
            try
            {
                started = await StartAzuriteAsync(paths, logger, cancellationToken);
            }
            catch (AzuriteLocationBusyException busy)
            {
                error.WriteLine(busy.Message);
                return 1;
            }
        }

        await using var azurite = started;
        Microsoft.AspNetCore.Builder.WebApplication host;
        try
        {
            host = LocalPipeline.Build(new LocalPipelineSettings
            {
                StorageConnectionString = arguments.Storage ?? azurite!.ConnectionString,
                DataDirectory = paths.DataDirectory,
                QueueSettings = queueSettings,
                LocalSettingsFile = paths.LocalSettings,
                LogLevel = level,
                ApiUrl = $"http://127.0.0.1:{arguments.ApiPort}",
                Configuration = arguments.Dropbox is { } dropbox
                    ? new Dictionary<string, string?> { [$"{LocalHostOptions.SectionName}:{nameof(LocalHostOptions.Dropbox)}"] = Path.GetFullPath(dropbox) }
                    : new Dictionary<string, string?>(),
            });
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException ex)
        {
            error.WriteLine($"The configuration is not valid: {string.Join(" ", ex.Failures)}");
            return 1;
        }

        await using var disposeHost = host;
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException ex)
        {
            error.WriteLine($"The configuration is not valid: {string.Join(" ", ex.Failures)}");
            return 1;
        }
        catch (IOException ex) when (ex.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse })
        {
            error.WriteLine($"Port {arguments.ApiPort} on 127.0.0.1 is in use (another `foi run`, or the Functions host?). Give the reviewer API another with --api-port, or 0 for any free port.");
            return 1;
        }

        new LocalHostState(Environment.ProcessId, azurite?.ProcessId, azurite?.BlobPort ?? 0, azurite?.QueuePort ?? 0, DateTimeOffset.UtcNow).Write(paths.StateFile);
        try
        {
            var api = host.ApiAddress();
            output.WriteLine($"FoiPipeline is running locally; data in {paths.DataDirectory}.");
            output.WriteLine($"Reviewer page at {api}api/page/ and API at {api}api/ (described at {api}api/openapi.json).");
            output.WriteLine("Sign in with a token from `foi token --role reviewer`: open the page as .../api/page/#token=TOKEN or paste it there.");
            if (arguments.Samples && !await IngestSamplesAsync(host.Services, paths, output, error, cancellationToken))
            {
                return 1;
            }

            if (arguments.Once)
            {
                return 0;
            }

            if (host.Services.GetRequiredService<LocalHostOptions>().Dropbox is { } watched)
            {
                output.WriteLine($"Watching {Path.GetFullPath(watched)} for letters: files taken move to its {DropboxFolders.Processed} folder, files refused to {DropboxFolders.Failed} with a reason.");
            }

            output.WriteLine("Add letters with `foi ingest FILE...` from another terminal. Press Ctrl+C to stop.");
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            LocalHostState.Delete(paths.StateFile, Environment.ProcessId);
        }
    }

    /// <summary>
    /// Starts Azurite on the data folder, waiting a little if a one-shot command (a `foi ingest` with no
    /// host running) holds it for a moment.
    /// </summary>
    private static async Task<AzuriteProcess> StartAzuriteAsync(LocalPaths paths, ILogger logger, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await AzuriteProcess.StartAsync(paths.RepoRoot, paths.AzuriteLocation, logger, cancellationToken);
            }
            catch (AzuriteLocationBusyException) when (attempt < 60 && LocalHostState.Read(paths.StateFile) is not { HostIsRunning: true })
            {
                await Task.Delay(500, cancellationToken);
            }
        }
    }

    private static async Task<bool> IngestSamplesAsync(IServiceProvider services, LocalPaths paths, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var files = Directory.Exists(paths.SampleLetters)
            ? Directory.EnumerateFiles(paths.SampleLetters).Where(f => !Path.GetFileName(f).StartsWith('.') && !f.EndsWith(".md", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList()
            : [];
        if (files.Count == 0)
        {
            error.WriteLine($"No sample letters in {paths.SampleLetters}.");
            return false;
        }

        var storage = services.GetRequiredService<PipelineStorage>();
        var index = services.GetRequiredService<ITriageIndex>();
        var uploads = new List<UploadResult>();
        foreach (var file in files)
        {
            uploads.Add(await IntakeUploader.UploadAsync(storage.Intake, file, receivedAt: null, cancellationToken));
        }

        services.GetRequiredService<LocalQueueSignals>().Sent(LocalQueueSignals.Intake);
        var fresh = uploads.Count(u => !u.AlreadyThere);
        output.WriteLine($"Put {uploads.Count} sample letters in intake ({fresh} new, {uploads.Count - fresh} already there); waiting until they are in the triage queue...");

        var settled = await IngestProgress.WaitAsync(storage, index, uploads, SampleTimeout, cancellationToken);
        if (settled.Pending.Count > 0)
        {
            error.WriteLine($"Timed out after {SampleTimeout.TotalSeconds:0} s with {settled.Pending.Count} letters not yet indexed: {string.Join(", ", settled.Pending.Select(u => Path.GetFileName(u.File)))}. The host's log above says why.");
            return false;
        }

        foreach (var (upload, reason) in settled.Quarantined)
        {
            output.WriteLine($"Quarantined {Path.GetFileName(upload.File)}: {reason.Reason}");
        }

        output.WriteLine();
        // The local operator owns the index file, so the sample queue shows restricted requests too.
        var page = await index.SearchAsync(new TriageQuery { Take = 50, IncludeRestricted = true }, cancellationToken);
        var workingDays = services.GetRequiredService<WorkingDays>();
        QueueTable.Write(output, page, workingDays, StatutoryClock.UkDate(services.GetRequiredService<TimeProvider>().GetUtcNow()));
        return true;
    }
}

/// <summary>Waits until uploaded letters are in the triage index or in quarantine.</summary>
internal static class IngestProgress
{
    public sealed record Settled(IReadOnlyList<UploadResult> Indexed, IReadOnlyList<(UploadResult Upload, QuarantineReason Reason)> Quarantined, IReadOnlyList<UploadResult> Pending);

    public static async Task<Settled> WaitAsync(
        PipelineStorage storage, ITriageIndex index, IReadOnlyList<UploadResult> uploads, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var indexed = new List<UploadResult>();
        var quarantined = new List<(UploadResult, QuarantineReason)>();
        var pending = uploads.ToList();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (pending.Count > 0)
            {
                foreach (var upload in pending.ToList())
                {
                    if (await index.GetAsync(upload.DocId, deadline.Token) is not null)
                    {
                        indexed.Add(upload);
                        pending.Remove(upload);
                    }
                    else if (await PipelineStorage.ReadJsonAsync<QuarantineReason>(storage.Quarantine, QuarantineReason.BlobNameFor(upload.Blob), deadline.Token) is { } reason
                             && (reason.Value.Sha256 is null || reason.Value.Sha256 == upload.DocId))
                    {
                        quarantined.Add((upload, reason.Value));
                        pending.Remove(upload);
                    }
                }

                if (pending.Count > 0)
                {
                    await Task.Delay(200, deadline.Token);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Timed out: report what is still pending.
        }

        return new Settled(indexed, quarantined, pending);
    }
}
