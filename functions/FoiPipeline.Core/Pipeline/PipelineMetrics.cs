using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FoiPipeline.Pipeline;

/// <summary>
/// The pipeline's measurements, on one <see cref="Meter"/> named <see cref="MeterName"/> that both hosts share: documents
/// per stage and outcome, stage latency, failures, pages OCR'd per engine, and the deadline sweep's counts. Stage
/// spans go to an <see cref="ActivitySource"/> of the same name. Tags are fixed vocabularies (stage names, outcome
/// and quarantine codes, engine names, exception type names), never a document id, a blob name or anything a
/// requester wrote, so no personal data leaves through telemetry.
/// </summary>
public sealed class PipelineMetrics : IDisposable
{
    /// <summary>The meter and activity source name exporters subscribe to.</summary>
    public const string MeterName = "FoiPipeline";

    /// <summary>Stage tag values.</summary>
    public const string Ingest = "ingest";
    public const string Analyze = "analyze";
    public const string Index = "index";

    /// <summary>Stage spans: one per ingest or queue delivery, tagged like the metrics.</summary>
    public static ActivitySource Activities { get; } = new(MeterName, PipelineVersion.Current);

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _documents;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _pages;
    private readonly Gauge<long> _deadlines;
    private readonly Counter<long> _reconciled;

    /// <param name="meterFactory">The host's factory (so each host and test gets its own meter instance); null creates a free-standing meter.</param>
    public PipelineMetrics(IMeterFactory? meterFactory = null)
    {
        var options = new MeterOptions(MeterName) { Version = PipelineVersion.Current };
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(options) ?? new Meter(options);
        _documents = _meter.CreateCounter<long>("foipipeline.documents", "{document}",
            "Documents that finished a stage, tagged stage, outcome and (when quarantined) reason.");
        _duration = _meter.CreateHistogram<double>("foipipeline.stage.duration", "ms",
            "How long one run of a stage took, tagged stage and outcome.");
        _failures = _meter.CreateCounter<long>("foipipeline.stage.failures", "{failure}",
            "Stage runs that threw and will be retried or poisoned, tagged stage and error.type.");
        _pages = _meter.CreateCounter<long>("foipipeline.ocr.pages", "{page}", "Pages read by OCR, tagged engine.");
        _deadlines = _meter.CreateGauge<long>("foipipeline.requests.deadline", "{request}",
            "Open requests due soon or overdue at the last deadline sweep, tagged deadline.");
        _reconciled = _meter.CreateCounter<long>("foipipeline.sweep.reconciled", "{document}",
            "Intake blobs the sweep found unprocessed and ingested, tagged outcome.");
    }

    /// <summary>A stage finished one document with <paramref name="outcome"/> (kebab-case, e.g. completed, quarantined, poisoned, deferred).</summary>
    /// <param name="stage"><see cref="Ingest"/>, <see cref="Analyze"/> or <see cref="Index"/>.</param>
    /// <param name="outcome">What became of the document.</param>
    /// <param name="elapsed">How long the run took; null when the document was settled outside a timed run.</param>
    /// <param name="reason">The quarantine code, for a quarantined document.</param>
    public void StageFinished(string stage, string outcome, TimeSpan? elapsed, string? reason = null)
    {
        var tags = new TagList { { "stage", stage }, { "outcome", outcome } };
        if (elapsed is { } duration)
        {
            _duration.Record(duration.TotalMilliseconds, tags);
        }

        if (reason is not null)
        {
            tags.Add("reason", reason);
        }

        _documents.Add(1, tags);
    }

    /// <summary>A stage run threw (the host retries it, or it is poisoned on its last delivery).</summary>
    public void StageFailed(string stage, Exception error, TimeSpan elapsed)
    {
        _failures.Add(1, new TagList { { "stage", stage }, { "error.type", error.GetType().Name } });
        _duration.Record(elapsed.TotalMilliseconds, new TagList { { "stage", stage }, { "outcome", "failed" } });
    }

    /// <summary>An OCR engine read <paramref name="pages"/> pages.</summary>
    public void PagesRecognised(string engine, int pages)
    {
        if (pages > 0)
        {
            _pages.Add(pages, new KeyValuePair<string, object?>("engine", engine));
        }
    }

    /// <summary>The deadline sweep's counts of open requests due soon and overdue.</summary>
    public void DeadlinesSwept(long dueSoon, long overdue)
    {
        _deadlines.Record(dueSoon, new KeyValuePair<string, object?>("deadline", "due-soon"));
        _deadlines.Record(overdue, new KeyValuePair<string, object?>("deadline", "overdue"));
    }

    /// <summary>The sweep ingested an intake blob no trigger had processed, with this outcome.</summary>
    public void Reconciled(string outcome) => _reconciled.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Disposes the meter when it was created here; a factory's meters are the factory's to dispose.</summary>
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
