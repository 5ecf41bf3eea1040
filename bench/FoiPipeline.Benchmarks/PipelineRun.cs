using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using FoiPipeline.Pipeline;

namespace FoiPipeline.Benchmarks;

/// <summary>
/// The whole local pipeline end to end, as an authority would run it: the pinned Azurite on loopback, the host
/// as its own process (<c>dotnet foi.dll run --storage ...</c>, SQLite index, in-process Tesseract), and every
/// letter uploaded to intake at once. Measures letters per second, the time from each upload to the moment
/// the request is searchable, and the host's peak memory. With <c>--faults</c>, the host is killed (SIGKILL)
/// and restarted three times and Azurite restarted once while the letters go through, and the run passes only
/// if every letter ends up in the index exactly once with nothing left over.
/// </summary>
internal static class PipelineRun
{
    public const int ParallelUploads = 32;

    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(30);

    /// <summary>When each fault happens: after this share of the letters is searchable.</summary>
    private static readonly (double Share, FaultKind Kind)[] FaultPlan =
    [
        (0.20, FaultKind.KillHost),
        (0.35, FaultKind.RestartAzurite),
        (0.45, FaultKind.KillHost),
        (0.70, FaultKind.KillHost),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var faults = args.Contains("--faults");
        var count = int.Parse(Option(args, "--letters") ?? "1000", CultureInfo.InvariantCulture);
        var output = Option(args, "--out");
        var hostDll = Path.GetFullPath(Option(args, "--host") ?? throw new ArgumentException("--host PATH-TO-foi.dll is required"));
        var repoRoot = RepoRoot();
        var cancellationToken = CancellationToken.None;

        var lettersFolder = Option(args, "--letters-dir") ?? PipelineLetters.DefaultFolder;
        var letters = await PipelineLetters.EnsureAsync(lettersFolder, count, Path.Combine(AppContext.BaseDirectory, "gold", "letters"), cancellationToken);

        var work = Path.Combine(Path.GetTempPath(), "foipipeline-bench", $"pipeline-run-{Environment.ProcessId}");
        Directory.CreateDirectory(work);
        var loadBefore = Machine.LoadAverages();
        Console.Error.WriteLine($"{(faults ? "Fault run" : "Run")}: {letters.Count} letters, work folder {work}, load average {loadBefore}");

        var events = new List<FaultEvent>();
        var problems = new List<string>();
        PipelineCensus census;
        Timings timings;
        double hostPeak, helperPeak, hostCpu;
        var loads = new List<double>();
        HostLogSummary log;
        var databasePath = Path.Combine(work, "host", "triage.db");
        await using (var azurite = await BenchAzurite.StartAsync(repoRoot, Path.Combine(work, "azurite"), cancellationToken))
        {
            await using (var host = new BenchHost(hostDll, repoRoot, azurite.ConnectionString, Path.Combine(work, "host")))
            {
                await host.StartAsync(cancellationToken);
                using var helpers = new HelperMemorySampler(["pdftoppm", "tesseract"], () => host.ProcessId);
                var clock = Stopwatch.StartNew();
                await using (var watch = new SearchableWatch(databasePath, clock))
                {
                    var uploads = await UploadAllAsync(azurite.ConnectionString, lettersFolder, letters, clock, cancellationToken);
                    Console.Error.WriteLine($"Uploaded {letters.Count} letters in {uploads.Values.Max(u => u.Done).TotalSeconds:0.0} s");
                    var faulting = faults ? RunFaultsAsync(host, azurite, watch, letters.Count, clock, events, problems, cancellationToken) : Task.CompletedTask;
                    using var quiet = new CancellationTokenSource();
                    var progress = ReportProgressAsync(watch, letters.Count, clock, loads, quiet.Token);
                    var complete = await watch.WaitForAsync(letters.Count, RunTimeout, cancellationToken);
                    await faulting;
                    if (!complete)
                    {
                        problems.Add($"only {watch.Count} of {letters.Count} letters were searchable after {RunTimeout.TotalMinutes:0} minutes");
                    }

                    Console.Error.WriteLine($"{watch.Count} of {letters.Count} searchable after {clock.Elapsed.TotalSeconds:0.0} s; letting the queues drain");
                    await DrainAsync(azurite.ConnectionString, cancellationToken);
                    timings = Timings.Of(letters, uploads, watch.Seen);
                    await quiet.CancelAsync();
                    await progress;
                }

                await host.StopAsync();
                hostPeak = host.PeakMegabytes;
                hostCpu = host.CpuSeconds;
                log = HostLogSummary.Read(host.LogPath);
                helperPeak = helpers.PeakKilobytes / 1024.0;
            }

            census = await PipelineCensus.TakeAsync(databasePath, azurite.ConnectionString, [.. letters.Select(l => l.DocId)], cancellationToken);
        }

        problems.AddRange(census.Problems);
        var report = new PipelineReport(faults, letters, timings, census, events, problems, hostPeak, helperPeak, hostCpu, loadBefore, loads, log);
        var text = report.Markdown();
        if (output is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
            await File.WriteAllTextAsync(output, text, cancellationToken);
        }

        Console.WriteLine(text);
        Console.WriteLine(report.Verdict());
        if (problems.Count == 0 && !args.Contains("--keep"))
        {
            Directory.Delete(work, recursive: true);
        }
        else
        {
            Console.Error.WriteLine($"Logs and data kept in {work} (host/host.log, azurite/azurite.log, host/triage.db).");
        }

        return problems.Count == 0 ? 0 : 1;
    }

    /// <summary>When one letter's upload started and finished, on the run's clock.</summary>
    internal sealed record Upload(TimeSpan Start, TimeSpan Done);

    private static async Task<IReadOnlyDictionary<string, Upload>> UploadAllAsync(
        string connectionString, string folder, IReadOnlyList<PipelineLetter> letters, Stopwatch clock, CancellationToken cancellationToken)
    {
        var intake = new BlobServiceClient(connectionString).GetBlobContainerClient(new PipelineOptions().Containers.Intake);
        await intake.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var uploads = new ConcurrentDictionary<string, Upload>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(letters, new ParallelOptions { MaxDegreeOfParallelism = ParallelUploads, CancellationToken = cancellationToken }, async (letter, token) =>
        {
            var start = clock.Elapsed;
            await using var content = File.OpenRead(Path.Combine(folder, letter.FileName));
            await intake.UploadBlobAsync(letter.FileName, content, token);
            uploads[letter.DocId] = new Upload(start, clock.Elapsed);
        });
        return uploads;
    }

    private static async Task RunFaultsAsync(
        BenchHost host, BenchAzurite azurite, SearchableWatch watch, int total, Stopwatch clock, List<FaultEvent> events, List<string> problems, CancellationToken cancellationToken)
    {
        foreach (var (share, kind) in FaultPlan)
        {
            if (!await watch.WaitForAsync((int)(share * total), RunTimeout, cancellationToken))
            {
                problems.Add($"the run never reached {share:P0} searchable, so the {kind} planned there did not happen");
                return;
            }

            var at = clock.Elapsed;
            var searchable = watch.Count;
            TimeSpan? back = null;
            try
            {
                if (kind == FaultKind.KillHost)
                {
                    await host.KillAsync();
                    await host.StartAsync(cancellationToken);
                }
                else
                {
                    await azurite.StopAsync();
                    await azurite.StartAsync(cancellationToken);
                }

                back = clock.Elapsed;
            }
            catch (InvalidOperationException ex)
            {
                problems.Add($"after {kind} at {at.TotalSeconds:0.0} s: {ex.Message}");
            }

            Console.Error.WriteLine($"{kind} at {at.TotalSeconds:0.0} s with {searchable} searchable; back after {(back - at)?.TotalSeconds:0.0} s");
            using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            TimeSpan? moving = null;
            if (back is not null)
            {
                try
                {
                    moving = await watch.WaitForNextAsync(watch.Count, patience.Token);
                }
                catch (OperationCanceledException)
                {
                    problems.Add($"no letter became searchable within 10 minutes of the {kind} at {at.TotalSeconds:0.0} s");
                }
            }

            events.Add(new FaultEvent(kind, at, searchable, back - at, moving - at));
        }
    }

    /// <summary>Says how far the run is every 15 s, and notes the 1-minute load average each time.</summary>
    private static async Task ReportProgressAsync(SearchableWatch watch, int total, Stopwatch clock, List<double> loads, CancellationToken cancellationToken)
    {
        try
        {
            while (watch.Count < total)
            {
                await Task.Delay(TimeSpan.FromSeconds(15), cancellationToken);
                var load = Machine.LoadAverages();
                loads.Add(double.Parse(load.Split(' ')[0], CultureInfo.InvariantCulture));
                Console.Error.WriteLine($"  {clock.Elapsed.TotalSeconds,6:0} s: {watch.Count} of {total} searchable, load {load}");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Waits (up to two minutes) until the stage queues are empty, so the census sees a settled pipeline.</summary>
    private static async Task DrainAsync(string connectionString, CancellationToken cancellationToken)
    {
        var queues = new QueueServiceClient(connectionString);
        var names = new PipelineOptions().Queues.All.ToList();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            var left = 0;
            foreach (var name in names)
            {
                left += (await queues.GetQueueClient(name).GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
            }

            if (left == 0)
            {
                return;
            }

            await Task.Delay(500, cancellationToken);
        }
    }

    private static string RepoRoot()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FoiPipeline.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Run from inside the FoiPipeline repository (scripts/bench-pipeline.sh does).");
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}

internal enum FaultKind
{
    KillHost,
    RestartAzurite,
}

/// <summary>
/// One fault: when (on the run's clock), how many letters were searchable then, how long until the host (or
/// Azurite) was serving again, and how long until the next letter became searchable: the pipeline moving again.
/// </summary>
internal sealed record FaultEvent(FaultKind Kind, TimeSpan At, int Searchable, TimeSpan? Back, TimeSpan? Moving);

/// <summary>The run's times: how long the whole took and each letter's wait from upload to searchable.</summary>
internal sealed record Timings(TimeSpan FirstUploadStart, TimeSpan LastUploadDone, TimeSpan LastSearchable, int Searchable, IReadOnlyDictionary<LetterKind, double[]> LatencySeconds)
{
    public double Seconds => (LastSearchable - FirstUploadStart).TotalSeconds;

    public double LettersPerSecond => Searchable / Seconds;

    public IEnumerable<double> AllLatencies => LatencySeconds.Values.SelectMany(v => v);

    public static Timings Of(IReadOnlyList<PipelineLetter> letters, IReadOnlyDictionary<string, PipelineRun.Upload> uploads, IReadOnlyDictionary<string, TimeSpan> seen)
    {
        var latencies = letters
            .Where(l => seen.ContainsKey(l.DocId) && uploads.ContainsKey(l.DocId))
            .GroupBy(l => l.Kind)
            .ToDictionary(g => g.Key, g => g.Select(l => Math.Max(0, (seen[l.DocId] - uploads[l.DocId].Done).TotalSeconds)).Order().ToArray());
        var uploaded = letters.Where(l => seen.ContainsKey(l.DocId)).Select(l => seen[l.DocId]).DefaultIfEmpty(TimeSpan.Zero);
        return new Timings(
            uploads.Values.Min(u => u.Start),
            uploads.Values.Max(u => u.Done),
            uploaded.Max(),
            letters.Count(l => seen.ContainsKey(l.DocId)),
            latencies);
    }

    /// <summary>The nearest-rank percentile of sorted values.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percent) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
