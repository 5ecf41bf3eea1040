using FoiPipeline.Analysis;
using FoiPipeline.Pipeline;
using Microsoft.Extensions.Logging;

namespace FoiPipeline.Triage;

/// <summary>The index stage: reads <c>requests/{docId}.json</c> and upserts it into the triage index.</summary>
public sealed class IndexHandler
{
    private readonly PipelineStorage _storage;
    private readonly ITriageIndex _index;
    private readonly TimeProvider _clock;
    private readonly ILogger<IndexHandler> _logger;

    public IndexHandler(PipelineStorage storage, ITriageIndex index, TimeProvider clock, ILogger<IndexHandler> logger)
    {
        _storage = storage;
        _index = index;
        _clock = clock;
        _logger = logger;
    }

    public async Task IndexAsync(StageMessage message, CancellationToken cancellationToken)
    {
        var name = message.BlobNameIn(_storage.Requests.Name);
        if (name != AnalyzeHandler.RequestBlobName(message.DocId))
        {
            throw new InvalidStageMessageException($"The message's blob '{message.Blob}' does not belong to docId {message.DocId}.");
        }

        var stored = await PipelineStorage.ReadJsonAsync<TriageRequest>(_storage.Requests, name, cancellationToken)
            ?? throw new InvalidOperationException($"{message.Blob} does not exist; the document must be analysed again.");
        await _index.UpsertAsync(TriageEntry.From(stored.Value, _clock.GetUtcNow()), cancellationToken);
        _logger.LogInformation("Indexed {DocId}", message.DocId);
    }
}
