using FoiPipeline.Analysis;
using FoiPipeline.Deadlines;
using FoiPipeline.Pipeline;
using FoiPipeline.Review;
using FoiPipeline.Sweep;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging;

namespace FoiPipeline.Triage;

/// <summary>The index stage: reads <c>requests/{docId}.json</c> and upserts it into the triage index.</summary>
public sealed class IndexHandler
{
    private readonly PipelineStorage _storage;
    private readonly ITriageIndex _index;
    private readonly IReviewStore _reviews;
    private readonly TimeProvider _clock;
    private readonly ILogger<IndexHandler> _logger;
    private readonly WorkingDays _workingDays;
    private readonly SweepOptions _sweep;

    public IndexHandler(
        PipelineStorage storage,
        ITriageIndex index,
        IReviewStore reviews,
        TimeProvider clock,
        ILogger<IndexHandler> logger,
        WorkingDays workingDays,
        IOptions<SweepOptions> sweep)
    {
        _workingDays = workingDays;
        _sweep = sweep.Value;
        _storage = storage;
        _index = index;
        _reviews = reviews;
        _clock = clock;
        _logger = logger;
    }

    public async Task IndexAsync(StageMessage message, CancellationToken cancellationToken)
    {
        var request = await PipelineStorage.ReadStageInputAsync<TriageRequest>(
            _storage.Requests, message, "the letter must be analysed again (replay its analyze message).", cancellationToken);
        var review = await _reviews.GetAsync(message.DocId, cancellationToken);
        var reviewerFields = review?.State.ToIndexFields();

        // The deadline flag is right from the first index, by the same rule the sweep applies as days pass, and with the
        // reviewers' status of record, so re-indexing a closed request never flags it again.
        var now = _clock.GetUtcNow();
        var deadline = DeadlineWatch.Of(
            request.DueAt, reviewerFields?.Status ?? RequestStatus.New, StatutoryClock.UkDate(now), _workingDays, _sweep.DueSoonWorkingDays);
        await _index.UpsertAsync(TriageEntry.From(request, now, deadline), cancellationToken);

        // The reviewers' store of record wins over whatever the index holds: this brings back their state
        // when the index was rebuilt, and repairs a copy that failed to reach the index after a change.
        if (reviewerFields is not null)
        {
            await _index.SetReviewerFieldsAsync(message.DocId, reviewerFields, cancellationToken);
        }
        _logger.LogInformation("Indexed {DocId}", message.DocId);
    }
}
