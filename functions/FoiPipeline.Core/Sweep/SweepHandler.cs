using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
using FoiPipeline.Deadlines;
using FoiPipeline.Intake;
using FoiPipeline.Pipeline;
using FoiPipeline.Triage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FoiPipeline.Sweep;

/// <summary>What one sweep found and did.</summary>
/// <param name="DueSoon">Open requests due within the due-soon window.</param>
/// <param name="Overdue">Open requests past their due date.</param>
/// <param name="DeadlinesChanged">Requests whose deadline flag this sweep set or cleared.</param>
/// <param name="Reconciled">Unprocessed intake blobs this sweep ingested (whatever the outcome: extracted, duplicate, quarantined...).</param>
/// <param name="ReconcileFailed">Intake blobs whose ingest threw; each is tried again next sweep, and quarantined after host.json's maxDequeueCount.</param>
/// <param name="MoreWaiting">The per-run limit or a throttling service stopped reconciling with blobs still waiting.</param>
public sealed record SweepResult(int DueSoon, int Overdue, int DeadlinesChanged, int Reconciled, int ReconcileFailed, bool MoreWaiting);

/// <summary>
/// The periodic sweep both hosts run (a timer function in Azure, a hosted loop in <c>foi run</c>). It refreshes each
/// open request's time-derived <see cref="TriageEntry.Deadline"/> (due soon or overdue, by the working-day calendar),
/// writing that one field only, never a reviewer's; and it ingests intake blobs that carry no ingest mark after a
/// grace period: a letter whose Event Grid delivery expired, or whose blob trigger gave up while a service throttled,
/// is still picked up. Ingest is idempotent (the document id is the content hash and an ingested blob is marked), so a
/// sweep racing a late Event Grid delivery of the same blob makes one request.
/// </summary>
public sealed class SweepHandler
{
    /// <summary>Metadata on an intake blob: how many sweeps failed to ingest it.</summary>
    public const string SweepFailuresMetadata = "foi_sweep_failures";

    private readonly ITriageIndex _index;
    private readonly PipelineStorage _storage;
    private readonly IngestHandler _ingest;
    private readonly WorkingDays _workingDays;
    private readonly HostQueueSettings _settings;
    private readonly SweepOptions _options;
    private readonly TimeProvider _clock;
    private readonly PipelineMetrics _metrics;
    private readonly ILogger<SweepHandler> _logger;

    public SweepHandler(
        ITriageIndex index,
        PipelineStorage storage,
        IngestHandler ingest,
        WorkingDays workingDays,
        HostQueueSettings settings,
        IOptions<SweepOptions> options,
        TimeProvider clock,
        PipelineMetrics metrics,
        ILogger<SweepHandler> logger)
    {
        _index = index;
        _storage = storage;
        _ingest = ingest;
        _workingDays = workingDays;
        _settings = settings;
        _options = options.Value;
        _clock = clock;
        _metrics = metrics;
        _logger = logger;
    }

    public async Task<SweepResult> RunAsync(CancellationToken cancellationToken)
    {
        var (dueSoon, overdue, changed) = await SweepDeadlinesAsync(cancellationToken);
        var (reconciled, failed, more) = await ReconcileIntakeAsync(cancellationToken);
        _metrics.DeadlinesSwept(dueSoon, overdue);
        _logger.LogInformation(
            "Sweep: {DueSoon} open requests due soon, {Overdue} overdue, {DeadlinesChanged} deadline flags changed; " +
            "{Reconciled} unprocessed intake blobs ingested, {ReconcileFailed} failed{MoreWaiting}",
            dueSoon, overdue, changed, reconciled, failed, more ? ", more waiting for the next run" : string.Empty);
        return new SweepResult(dueSoon, overdue, changed, reconciled, failed, more);
    }

    private async Task<(int DueSoon, int Overdue, int Changed)> SweepDeadlinesAsync(CancellationToken cancellationToken)
    {
        var today = StatutoryClock.UkDate(_clock.GetUtcNow());
        var through = DeadlineWatch.DueSoonThrough(today, _workingDays, _options.DueSoonWorkingDays);
        int dueSoon = 0, overdue = 0, changed = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);

        // Every open request due by the end of the window; this filter does not depend on the field being written,
        // so paging through it while writing is stable.
        var window = new TriageQuery
        {
            Statuses = DeadlineWatch.OpenStatuses,
            DueBefore = through,
            IncludeRestricted = true,
            Sort = TriageSort.DueDate,
            Take = TriageQuery.MaxTake,
        };
        for (var skip = 0; ; )
        {
            var page = await _index.SearchAsync(window with { Skip = skip }, cancellationToken);
            foreach (var entry in page.Items)
            {
                seen.Add(entry.Id);
                var expected = DeadlineWatch.Of(entry.DueAt, entry.Status, today, _workingDays, _options.DueSoonWorkingDays);
                dueSoon += expected == DeadlineStatus.DueSoon ? 1 : 0;
                overdue += expected == DeadlineStatus.Overdue ? 1 : 0;
                if (entry.Deadline != expected && await _index.SetDeadlineAsync(entry.Id, expected, cancellationToken))
                {
                    changed++;
                }
            }

            skip += page.Items.Count;
            if (page.Items.Count < window.Take)
            {
                break;
            }
        }

        // Flags that no longer apply: the request was finished, or its due date moved out of the window. Collected
        // first, because clearing a flag changes what this query matches.
        var flagged = new List<TriageEntry>();
        var stale = new TriageQuery
        {
            Deadlines = [DeadlineStatus.DueSoon, DeadlineStatus.Overdue],
            IncludeRestricted = true,
            Take = TriageQuery.MaxTake,
        };
        for (var skip = 0; ; )
        {
            var page = await _index.SearchAsync(stale with { Skip = skip }, cancellationToken);
            flagged.AddRange(page.Items.Where(entry => !seen.Contains(entry.Id)));
            skip += page.Items.Count;
            if (page.Items.Count < stale.Take)
            {
                break;
            }
        }

        foreach (var entry in flagged)
        {
            var expected = DeadlineWatch.Of(entry.DueAt, entry.Status, today, _workingDays, _options.DueSoonWorkingDays);
            if (entry.Deadline != expected && await _index.SetDeadlineAsync(entry.Id, expected, cancellationToken))
            {
                changed++;
            }
        }

        return (dueSoon, overdue, changed);
    }

    private async Task<(int Reconciled, int Failed, bool More)> ReconcileIntakeAsync(CancellationToken cancellationToken)
    {
        int reconciled = 0, failed = 0;
        var before = _clock.GetUtcNow() - _options.IntakeGrace;
        await foreach (var name in IntakeScan.UnmarkedAsync(_storage.Intake, before, cancellationToken))
        {
            if (reconciled + failed >= _options.MaxReconcilePerRun)
            {
                return (reconciled, failed, true);
            }

            try
            {
                var result = await _ingest.IngestAsync(name, cancellationToken);
                reconciled++;
                _metrics.Reconciled(Tag(result.Outcome));
                _logger.LogWarning("Intake blob {Blob} was still unprocessed after {Grace}; the sweep ingested it ({Outcome})", name, _options.IntakeGrace, result.Outcome);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ServiceBusy.In(ex) is { } busy)
            {
                // The service asks everyone to slow down; the rest waits for the next sweep rather than adding load.
                _logger.LogWarning("{Service} is asking the pipeline to slow down; the sweep stops ingesting until its next run", busy.Service);
                return (reconciled, failed, true);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                failed++;
                await CountFailureAsync(name, ex, cancellationToken);
            }
        }

        return (reconciled, failed, false);
    }

    /// <summary>
    /// Records a failed ingest on the blob itself (the sweep keeps no state of its own), and quarantines the blob with
    /// the error once it has failed as often as host.json lets a queue message fail, as the blob trigger's poison queue would.
    /// </summary>
    private async Task CountFailureAsync(string name, Exception error, CancellationToken cancellationToken)
    {
        var blob = _storage.Intake.GetBlobClient(name);
        try
        {
            var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            properties.Metadata.TryGetValue(SweepFailuresMetadata, out var recorded);
            var attempts = (int.TryParse(recorded, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0) + 1;
            _logger.LogWarning(error, "The sweep could not ingest {Blob} (attempt {Attempt} of {MaxAttempts})", name, attempts, _settings.MaxDequeueCount);
            if (attempts >= _settings.MaxDequeueCount)
            {
                await _ingest.QuarantineAfterFailuresAsync(name, attempts, error, cancellationToken);
                return;
            }

            var metadata = new Dictionary<string, string>(properties.Metadata, StringComparer.OrdinalIgnoreCase)
            {
                [SweepFailuresMetadata] = attempts.ToString(CultureInfo.InvariantCulture),
            };
            await blob.SetMetadataAsync(metadata, new BlobRequestConditions { IfMatch = properties.ETag }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Ingested, replaced or removed meanwhile: nothing to count.
        }
    }

    private static string Tag(IngestOutcome outcome) => JsonSerializer.Serialize(outcome, PipelineJson.Options).Trim('"');
}
