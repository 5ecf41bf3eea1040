using System.Globalization;
using FoiPipeline.Local.Hosting;
using FoiPipeline.Pipeline;
using FoiPipeline.Replay;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FoiPipeline.Local.Cli;

/// <summary>What <c>foi replay</c> was asked to do.</summary>
internal sealed record ReplayArguments
{
    public bool All { get; init; }

    public IReadOnlyList<string> Items { get; init; } = [];

    public bool Poison { get; init; }

    public bool Quarantine { get; init; }

    public IReadOnlyList<string> Queues { get; init; } = [];

    public bool DryRun { get; init; }

    public int Max { get; init; } = ReplayFilter.DefaultMax;

    public string? Storage { get; init; }

    public string? DataDirectory { get; init; }

    /// <summary>Only <c>--all</c> or <c>--item</c> replay; anything else lists, so a bare <c>foi replay</c> changes nothing.</summary>
    public bool Lists => DryRun || (!All && Items.Count == 0);
}

/// <summary>
/// <c>foi replay</c>: shows the poison messages and quarantined letters waiting, and after a fix puts them back
/// (<c>--all</c>, or <c>--item ID</c>): messages to their work queue, letters into intake to be ingested afresh.
/// </summary>
internal static class ReplayCommand
{
    public static async Task<int> RunAsync(ReplayArguments arguments, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var paths = LocalPaths.Discover(arguments.DataDirectory);
        var configuration = LocalConfiguration.Build(paths);
        PipelineOptions options;
        HostQueueSettings queueSettings;
        try
        {
            options = LocalConfiguration.PipelineOptions(configuration);
            queueSettings = HostQueueSettings.Load(paths.HostJson);
        }
        catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException)
        {
            error.WriteLine($"The configuration is not valid: {(ex is OptionsValidationException invalid ? string.Join(" ", invalid.Failures) : ex.Message)}");
            return 1;
        }

        if (Filter(arguments, options, out var problem) is not { } filter)
        {
            error.WriteLine(problem);
            return 1;
        }

        using var loggers = ConsoleLogging.CreateFactory(LogLevel.Information);
        await using var storage = await CommandStorage.OpenAsync(paths, arguments.Storage, loggers.CreateLogger("foi"), output, error, cancellationToken);
        if (storage is null)
        {
            return 1;
        }

        var pipeline = new PipelineStorage(StorageClients.FromConnectionString(storage.ConnectionString, queueSettings.MessageEncoding), Options.Create(options));
        await pipeline.EnsureCreatedAsync(cancellationToken);

        // No ingest here: the local host re-reads any letter left unmarked in intake by itself.
        var replay = new ReplayService(pipeline, TimeProvider.System, loggers.CreateLogger<ReplayService>());
        var report = await replay.RunAsync(filter, cancellationToken);
        Write(output, report, arguments, storage.WithoutHost);
        foreach (var id in report.NotFound)
        {
            error.WriteLine($"Nothing waiting with the id {id}: it was replayed already, or never failed. `foi replay` lists what is waiting.");
        }

        return report.Count(ReplayOutcome.Failed) > 0 || report.NotFound.Count > 0 ? 1 : 0;
    }

    /// <summary>The filter the arguments describe, or null with the problem in words.</summary>
    internal static ReplayFilter? Filter(ReplayArguments arguments, PipelineOptions options, out string? problem)
    {
        problem = null;
        var known = options.Queues.All.ToList();
        if (arguments.Queues.FirstOrDefault(q => !known.Contains(q)) is { } unknown)
        {
            problem = $"There is no pipeline queue '{unknown}'; the queues are {string.Join(", ", known)}.";
            return null;
        }

        if (arguments.Queues.Count > 0 && arguments.Quarantine && !arguments.Poison)
        {
            problem = "--queue picks poison queues; it cannot go with --quarantine alone.";
            return null;
        }

        if (arguments.Max is < 1 or > ReplayFilter.MostMax)
        {
            problem = $"--max must be from 1 to {ReplayFilter.MostMax}.";
            return null;
        }

        var kinds = new HashSet<ReplayKind>();
        if (arguments.Poison || arguments.Queues.Count > 0)
        {
            kinds.UnionWith([ReplayKind.Poison, ReplayKind.BlobPoison]);
        }

        if (arguments.Quarantine)
        {
            kinds.Add(ReplayKind.Quarantine);
        }

        return new ReplayFilter
        {
            Kinds = kinds,
            Queues = arguments.Queues.ToHashSet(StringComparer.Ordinal),
            Items = arguments.Items.ToHashSet(StringComparer.Ordinal),
            DryRun = arguments.Lists,
            Max = arguments.Max,
        };
    }

    internal static void Write(TextWriter output, ReplayReport report, ReplayArguments arguments, bool withoutHost)
    {
        if (report.Items.Count == 0)
        {
            output.WriteLine(report.DryRun ? "Nothing is waiting: no poison messages, no quarantined letters." : "Nothing was replayed: nothing waiting matched.");
            return;
        }

        foreach (var item in report.Items)
        {
            output.WriteLine(Describe(item));
            if (item.Hint is not null)
            {
                output.WriteLine($"    what to do: {item.Hint}");
            }

            if (item.Detail is not null)
            {
                output.WriteLine($"    {(item.Outcome == ReplayOutcome.Waiting ? "replay" : OutcomeName(item.Outcome))}: {item.Detail}");
            }
        }

        output.WriteLine();
        if (report.DryRun)
        {
            output.WriteLine($"{report.Count(ReplayOutcome.Waiting)} waiting to be replayed, {report.Count(ReplayOutcome.NotReplayable)} that replaying cannot help. Nothing was changed.");
            if (!arguments.DryRun)
            {
                output.WriteLine("After fixing the cause, replay them all with `foi replay --all` (at most --max, 100 by default), or one with `foi replay --item ID`.");
            }
        }
        else
        {
            output.WriteLine($"Replayed {report.Count(ReplayOutcome.Replayed)}; skipped {report.Count(ReplayOutcome.Skipped)} (gone, or taken by another replay); " +
                             $"{report.Count(ReplayOutcome.NotReplayable)} not replayable; {report.Count(ReplayOutcome.Failed)} failed.");
            if (withoutHost && report.Count(ReplayOutcome.Replayed) > 0)
            {
                output.WriteLine("No local host is running: what was replayed waits for the next `foi run`.");
            }
        }

        if (report.More)
        {
            output.WriteLine($"More are waiting than this run {(report.DryRun ? "shows" : "took")}; run it again{(report.DryRun ? " after replaying these" : string.Empty)}.");
        }
    }

    private static string Describe(ReplayItem item)
    {
        var when = item.FailedAt is { } at ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture) : "at an unknown time";
        var request = item.DocId is { Length: >= 8 } docId ? $"request {docId[..8]}" : "no request id";
        return item.Kind switch
        {
            ReplayKind.Poison => $"poison      {item.Id}  {item.Queue}, {request}, failed {when}" +
                                 (item.DequeueCount is { } count ? $" after {count} deliveries" : string.Empty) + $": {item.Error ?? "(no error recorded)"}",
            ReplayKind.Quarantine => $"quarantine  {item.Id}  {item.Code ?? "no reason"}, quarantined {when}" +
                                     (item.Blob is not null && item.Blob != item.Id ? $" (arrived as {item.Blob})" : string.Empty) + $": {item.Error ?? "(no reason recorded)"}",
            _ => $"blob-poison {item.Id}  intake {item.Blob}: {item.Error}",
        };
    }

    private static string OutcomeName(ReplayOutcome outcome) => outcome switch
    {
        ReplayOutcome.NotReplayable => "not replayable",
        _ => outcome.ToString().ToLowerInvariant(),
    };
}
