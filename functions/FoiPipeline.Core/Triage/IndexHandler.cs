using FoiPipeline.Analysis;
using FoiPipeline.Pipeline;
using FoiPipeline.Review;
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

    public IndexHandler(PipelineStorage storage, ITriageIndex index, IReviewStore reviews, TimeProvider clock, ILogger<IndexHandler> logger)
    {
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
        await _index.UpsertAsync(TriageEntry.From(request, _clock.GetUtcNow()), cancellationToken);

        // The reviewers' store of record wins over whatever the index holds: this brings back their state
        // when the index was rebuilt, and repairs a copy that failed to reach the index after a change.
        if (await _reviews.GetAsync(message.DocId, cancellationToken) is { } review)
        {
            await _index.SetReviewerFieldsAsync(message.DocId, review.State.ToIndexFields(), cancellationToken);
        }
        _logger.LogInformation("Indexed {DocId}", message.DocId);
    }
}
