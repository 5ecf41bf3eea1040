using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using FoiPipeline.Analysis;
using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Intake;
using FoiPipeline.Pipeline;
using FoiPipeline.TestFixtures.Fuzzing;
using FoiPipeline.Triage;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FoiPipeline.IntegrationTests.Fuzz;

/// <summary>
/// Issue 7, "nothing lost, nothing doubled", against hostile input: thousands of mutated emails, PDFs and
/// images made from the project's own fixtures go through the real ingest (real Tesseract and poppler) over
/// real Azurite, then analyze and index. Every one must end in the triage index or in quarantine with a
/// reason and its original bytes, with no exception, within the per-letter time limit, and the process's
/// memory must stay bounded. A failure names the seed and input and saves the input for reproduction.
/// CI runs the fixed seed's inputs in order within a time budget (<see cref="FuzzSettings"/>);
/// <c>scripts/fuzz.sh</c> runs more, or one input again.
/// </summary>
public sealed class HostileInputFuzzTests(ITestOutputHelper output)
{
    /// <summary>Time beyond the letter's own limit for the storage calls around it (upload, quarantine copy) on a busy machine.</summary>
    private static readonly TimeSpan StorageGrace = TimeSpan.FromSeconds(15);

    /// <summary>How much the managed heap, collected, may grow over the run: a leak across thousands of letters shows here.</summary>
    private const long MaxHeapGrowth = 512L * 1024 * 1024;

    /// <summary>
    /// Letters in flight at once: most of an input's time is spent waiting on Azurite, so more than the two cores
    /// keeps them busy; OCR still runs at most one page per core (the Tesseract pool).
    /// </summary>
    private static readonly int Parallelism = 2 * Environment.ProcessorCount;

    private static string ReportFolder { get; } = Path.Combine(SharedAzurite.RepoRoot, "artifacts", "test-reports", "fuzz");

    [Fact]
    public async Task Every_mutated_letter_ends_in_the_triage_index_or_in_quarantine_with_a_reason()
    {
        var settings = FuzzSettings.FromEnvironment();
        var setup = Stopwatch.StartNew();
        var seeds = await FuzzCorpus.CreateAsync(FuzzCorpus.FromFolder(Path.Combine(SharedAzurite.RepoRoot, "samples", "letters")));
        var mutator = new InputMutator(seeds);
        await using var storage = await TestPipeline.CreateAsync(startHost: false, configuration: new Dictionary<string, string?>
        {
            ["FoiPipeline:Intake:MaxSeconds"] = settings.MaxSecondsPerLetter.ToString(CultureInfo.InvariantCulture),
            ["FoiPipeline:Intake:PopplerTimeoutSeconds"] = "10",
            ["FoiPipeline:Ocr:Tesseract:PageTimeout"] = "00:00:10",
        });
        await using var services = await FunctionsAppServices.StartAsync(storage);
        var run = new FuzzRun(settings, storage, services);
        Directory.CreateDirectory(Path.Combine(ReportFolder, "in-flight"));

        setup.Stop();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        var results = new ConcurrentBag<FuzzResult>();
        await Parallel.ForEachAsync(settings.Indexes, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (index, cancellationToken) =>
        {
            if (clock.Elapsed > settings.Budget && settings.Only is null)
            {
                return; // out of time: the inputs after this are not started, and the report says how many ran
            }

            FuzzInput input;
            try
            {
                input = mutator.Create(settings.Seed, index);
            }
            catch (Exception ex)
            {
                // A fault of the test's own, reported like any other so the run's figures are not lost.
                results.Add(new FuzzResult(index, "(not made)", "mutator threw", TimeSpan.Zero, $"the mutator threw {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}"));
                return;
            }

            var marker = Path.Combine(ReportFolder, "in-flight", $"seed-{settings.Seed}-input-{index}.txt");

            // Left behind only if the process dies on this input (a native crash cannot be caught): the name is the reproduction.
            await File.WriteAllTextAsync(marker, input.Describe(), cancellationToken);
            var result = await run.ProcessAsync(input);
            File.Delete(marker);
            results.Add(result);
            if (result.Problem is not null)
            {
                await SaveFailingInputAsync(settings.Seed, input, result);
            }
        });
        clock.Stop();

        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        var report = Report(settings, results, setup.Elapsed, clock.Elapsed, peak, heapBefore, heap);
        output.WriteLine(report);
        if (settings.Only is null)
        {
            await File.WriteAllTextAsync(Path.Combine(ReportFolder, $"summary-seed-{settings.Seed}-count-{settings.Count}.txt"), report);
        }

        var failures = results.Where(r => r.Problem is not null).OrderBy(r => r.Index).ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} of {results.Count} inputs failed (seed {settings.Seed}); inputs saved to {ReportFolder}:\n"
            + string.Join('\n', failures.Take(25).Select(f => $"  input {f.Index} ({f.Description}): {f.Problem}\n    reproduce: scripts/fuzz.sh --seed {settings.Seed} --only {f.Index}")));
        var expected = settings.Budget is null || settings.Only is not null ? settings.Indexes.Count() : Math.Min(settings.MinInputs, settings.Count);
        Assert.True(results.Count >= expected, $"only {results.Count} inputs ran within the budget of {settings.Budget?.TotalSeconds} s, fewer than the {expected} a run must check (seed {settings.Seed})");
        Assert.True(peak < settings.MaxMemoryBytes, $"peak working set {Megabytes(peak)} passed the bound of {Megabytes(settings.MaxMemoryBytes)} (seed {settings.Seed})");
        Assert.True(heap - heapBefore < MaxHeapGrowth, $"the managed heap grew by {Megabytes(heap - heapBefore)} over the run, past {Megabytes(MaxHeapGrowth)}: something is kept per letter (seed {settings.Seed})");
    }

    private static async Task SaveFailingInputAsync(int seed, FuzzInput input, FuzzResult result)
    {
        var stem = Path.Combine(ReportFolder, $"seed-{seed}-input-{input.Index}");
        await File.WriteAllBytesAsync(stem + ".bin", input.Content);
        await File.WriteAllTextAsync(stem + ".txt", $"{input.Describe()}\n{result.Problem}\nreproduce: scripts/fuzz.sh --seed {seed} --only {input.Index}\n");
    }

    private static string Report(FuzzSettings settings, IReadOnlyCollection<FuzzResult> results, TimeSpan setup, TimeSpan wall, long peak, long heapBefore, long heapAfter)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"fuzz run: seed {settings.Seed}, {results.Count} of {settings.Indexes.Count()} inputs run (budget {(settings.Budget is { } budget ? $"{budget.TotalSeconds:0} s" : "none")}), per-letter limit {settings.MaxSecondsPerLetter} s");
        text.AppendLine(CultureInfo.InvariantCulture, $"  setup {setup.TotalSeconds:0.0} s (seed files, Azurite, services); run {wall.TotalSeconds:0.0} s ({wall.TotalMilliseconds / Math.Max(1, results.Count):0} ms an input, {Parallelism} at a time)");
        text.AppendLine(CultureInfo.InvariantCulture, $"  peak working set {Megabytes(peak)}; managed heap {Megabytes(heapBefore)} before the run, {Megabytes(heapAfter)} after (collected)");
        text.AppendLine(CultureInfo.InvariantCulture, $"  failed: {results.Count(r => r.Problem is not null)}");
        text.AppendLine("  outcome                        inputs   mean s    max s   (ingest, then analyze and index)");
        foreach (var group in results.GroupBy(r => r.Outcome).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"    {group.Key,-28} {group.Count(),6} {group.Average(r => r.Ingest.TotalSeconds),8:0.000} {group.Max(r => r.Ingest.TotalSeconds),8:0.00}   {group.Average(r => r.Total.TotalSeconds),8:0.000}");
        }

        text.AppendLine("  slowest:");
        foreach (var slow in results.OrderByDescending(r => r.Total).Take(8))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    input {slow.Index,6}  {slow.Ingest.TotalSeconds,6:0.00} s + {(slow.Total - slow.Ingest).TotalSeconds,6:0.00} s  {slow.Outcome,-22} {slow.Description}");
        }

        return text.ToString();
    }

    private static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0} MB");

    /// <summary>One input's fate: "indexed (ocr-local)" or "quarantined: corrupt", how long ingest took, and what was wrong, if anything.</summary>
    private sealed record FuzzResult(int Index, string Description, string Outcome, TimeSpan Ingest, string? Problem)
    {
        /// <summary>Ingest, then analyze and index for a letter that was read.</summary>
        public TimeSpan Total { get; init; } = Ingest;
    }

    /// <summary>The stages of the Functions app over a test pipeline's storage, driven one input at a time.</summary>
    private sealed class FuzzRun(FuzzSettings settings, TestPipeline storage, IServiceProvider services)
    {
        private readonly IngestHandler _ingest = services.GetRequiredService<IngestHandler>();
        private readonly AnalyzeHandler _analyze = services.GetRequiredService<AnalyzeHandler>();
        private readonly IndexHandler _indexer = services.GetRequiredService<IndexHandler>();
        private readonly ITriageIndex _index = services.GetRequiredService<ITriageIndex>();

        public async Task<FuzzResult> ProcessAsync(FuzzInput input)
        {
            var name = $"fuzz-{settings.Seed}-{input.Index:D6}";
            var description = input.Describe();
            await storage.UploadAsync(name, input.Content);

            var clock = Stopwatch.StartNew();
            IngestResult ingested;
            try
            {
                ingested = await _ingest.IngestAsync(name, CancellationToken.None);
            }
            catch (Exception ex)
            {
                return new FuzzResult(input.Index, description, "ingest threw", clock.Elapsed, $"ingest threw {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}");
            }

            var elapsed = clock.Elapsed;
            var allowed = TimeSpan.FromSeconds(settings.MaxSecondsPerLetter) + StorageGrace;
            var late = elapsed > allowed ? $"ingest took {elapsed.TotalSeconds:0.0} s, past the limit of {settings.MaxSecondsPerLetter} s (+{StorageGrace.TotalSeconds:0} s for storage). " : null;
            try
            {
                var (outcome, problem) = ingested.Outcome switch
                {
                    IngestOutcome.Extracted or IngestOutcome.Duplicate => await IndexedAsync(ingested.DocId!),
                    IngestOutcome.Quarantined => await QuarantinedAsync(name, input.Content),
                    _ => ($"ingest: {ingested.Outcome}", $"ingest ended {ingested.Outcome}, which a fresh upload never should"),
                };
                return new FuzzResult(input.Index, description, outcome, elapsed, late is null && problem is null ? null : late + problem) { Total = clock.Elapsed };
            }
            catch (Exception ex)
            {
                return new FuzzResult(input.Index, description, "analyze or index threw", elapsed, $"{late}after ingest ({ingested.Outcome}), {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}");
            }
        }

        private async Task<(string Outcome, string? Problem)> IndexedAsync(string docId)
        {
            await _analyze.AnalyzeAsync(StageMessage.For(storage.Names.Containers.Extracted, docId), CancellationToken.None);
            await _indexer.IndexAsync(StageMessage.For(storage.Names.Containers.Requests, docId), CancellationToken.None);
            var entry = await _index.GetAsync(docId, CancellationToken.None);
            return entry is null
                ? ("not indexed", $"extracted as {docId} but not in the triage index after analyze and index")
                : ($"indexed ({entry.ExtractionMethod})", null);
        }

        private async Task<(string Outcome, string? Problem)> QuarantinedAsync(string name, byte[] content)
        {
            var reason = await PipelineStorage.ReadJsonAsync<QuarantineReason>(storage.Storage.Quarantine, QuarantineReason.BlobNameFor(name), CancellationToken.None);
            if (reason?.Value is not { } why)
            {
                return ("quarantined without reason", $"quarantined, but {QuarantineReason.BlobNameFor(name)} is missing or unreadable");
            }

            var outcome = "quarantined: " + JsonNamingPolicy.KebabCaseLower.ConvertName(why.Code.ToString());
            var kept = (await storage.Storage.Quarantine.GetBlobClient(name).DownloadContentAsync()).Value.Content.ToArray();
            if (!kept.AsSpan().SequenceEqual(content))
            {
                return (outcome, $"the quarantined copy ({kept.Length} bytes) is not the original ({content.Length} bytes)");
            }

            if (string.IsNullOrWhiteSpace(why.Reason) || string.IsNullOrWhiteSpace(why.Hint))
            {
                return (outcome, $"quarantined as {why.Code} without a reason or a hint a person can act on");
            }

            // These two mean an exception escaped a reader: safe for the letter, but a bug the fuzzer is here to find.
            return why.Code is QuarantineCode.ReaderFailed or QuarantineCode.IngestFailed
                ? (outcome, $"a reader failed instead of refusing the file with a reason: {why.Reason}")
                : (outcome, null);
        }
    }
}
