using FoiPipeline.Analysis;
using FoiPipeline.Correspondence;
using FoiPipeline.Deadlines;
using FoiPipeline.Pipeline;
using FoiPipeline.Review;
using FoiPipeline.Sweep;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging;

namespace FoiPipeline.Triage;

/// <summary>
/// The index stage: reads <c>requests/{docId}.json</c> and upserts it into the triage index, with flags for the
/// requester's replies attached to it (kept in the correspondence store, so re-indexing keeps them).
/// </summary>
public sealed class IndexHandler
{
    /// <summary>The flag on a request the requester has replied to since it arrived.</summary>
    public const string RequesterRepliedFlag = "requester-replied";

    /// <summary>
    /// The flag on a request awaiting clarification that the requester has replied to. FOIA s1(3) restarts the
    /// 20 working days when the clarification arrives; whether the reply clarifies is the reviewer's call, so the
    /// due date is left alone and the reviewer is told.
    /// </summary>
    public const string ClarificationReceivedFlag = "clarification-received";

    private readonly PipelineStorage _storage;
    private readonly ITriageIndex _index;
    private readonly IReviewStore _reviews;
    private readonly CorrespondenceStore _correspondence;
    private readonly TimeProvider _clock;
    private readonly ILogger<IndexHandler> _logger;
    private readonly WorkingDays _workingDays;
    private readonly SweepOptions _sweep;

    public IndexHandler(
        PipelineStorage storage,
        ITriageIndex index,
        IReviewStore reviews,
        CorrespondenceStore correspondence,
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
        _correspondence = correspondence;
        _clock = clock;
        _logger = logger;
    }

    public async Task IndexAsync(StageMessage message, CancellationToken cancellationToken)
    {
        var request = await PipelineStorage.ReadStageInputAsync<TriageRequest>(
            _storage.Requests, message, "the letter must be analysed again (replay its analyze message).", cancellationToken);
        var review = await _reviews.GetAsync(message.DocId, cancellationToken);
        var replies = await _correspondence.RepliesAsync(message.DocId, cancellationToken);
        var reviewerFields = review?.State.ToIndexFields();

        // The deadline flag is right from the first index, by the same rule the sweep applies as days pass, and with the
        // reviewers' status of record, so re-indexing a closed request never flags it again.
        var now = _clock.GetUtcNow();
        var deadline = DeadlineWatch.Of(
            request.DueAt, reviewerFields?.Status ?? RequestStatus.New, StatutoryClock.UkDate(now), _workingDays, _sweep.DueSoonWorkingDays);
        var entry = TriageEntry.From(request, now, deadline);
        await _index.UpsertAsync(entry with { Flags = ReplyFlags(entry.Flags, replies, review?.State.Status) }, cancellationToken);

        // The reviewers' store of record wins over whatever the index holds: this brings back their state
        // when the index was rebuilt, and repairs a copy that failed to reach the index after a change.
        if (reviewerFields is not null)
        {
            await _index.SetReviewerFieldsAsync(message.DocId, reviewerFields, cancellationToken);
        }
        _logger.LogInformation("Indexed {DocId}", message.DocId);
    }

    /// <summary>The request's flags with those its replies call for.</summary>
    public static IReadOnlyList<string> ReplyFlags(IReadOnlyList<string> flags, IReadOnlyList<ReplyLink> replies, RequestStatus? status)
    {
        if (replies.Count == 0)
        {
            return flags;
        }

        var result = new List<string>(flags) { RequesterRepliedFlag };
        if (status == RequestStatus.AwaitingClarification)
        {
            result.Add(ClarificationReceivedFlag);
        }

        return [.. result.Distinct(StringComparer.Ordinal)];
    }
}
