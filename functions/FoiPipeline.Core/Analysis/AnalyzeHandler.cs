using FoiPipeline.Intake;
using FoiPipeline.Pipeline;
using Microsoft.Extensions.Logging;

namespace FoiPipeline.Analysis;

/// <summary>
/// The analyze stage: reads <c>extracted/{docId}.json</c>, analyses it, writes <c>requests/{docId}.json</c>
/// and enqueues the index step. Re-running overwrites its own output and nothing else.
/// </summary>
public sealed class AnalyzeHandler
{
    private readonly PipelineStorage _storage;
    private readonly LetterAnalyzer _analyzer;
    private readonly TimeProvider _clock;
    private readonly ILogger<AnalyzeHandler> _logger;

    public AnalyzeHandler(PipelineStorage storage, LetterAnalyzer analyzer, TimeProvider clock, ILogger<AnalyzeHandler> logger)
    {
        _storage = storage;
        _analyzer = analyzer;
        _clock = clock;
        _logger = logger;
    }

    public async Task AnalyzeAsync(StageMessage message, CancellationToken cancellationToken)
    {
        var name = message.BlobNameIn(_storage.Extracted.Name);
        if (name != IngestHandler.ExtractedBlobName(message.DocId))
        {
            throw new InvalidStageMessageException($"The message's blob '{message.Blob}' does not belong to docId {message.DocId}.");
        }

        var stored = await PipelineStorage.ReadJsonAsync<ExtractedDocument>(_storage.Extracted, name, cancellationToken)
            ?? throw new InvalidOperationException($"{message.Blob} does not exist; the document must be ingested again (replay its intake blob).");
        var document = stored.Value;
        var analysis = _analyzer.Analyze(document);

        var request = new TriageRequest
        {
            DocId = document.DocId,
            SourceBlob = document.SourceBlob,
            AlsoReceivedAs = document.AlsoReceivedAs,
            Kind = document.Kind,
            ExtractionMethod = document.Method,
            Subject = analysis.Subject,
            Text = document.Text,
            ReceivedAt = analysis.ReceivedAt,
            ReceivedAtSource = document.ReceivedAtSource,
            DueAt = analysis.DueAt,
            Requester = analysis.Requester,
            Questions = analysis.Questions,
            Themes = analysis.Themes,
            Sensitivity = analysis.Sensitivity,
            Referral = analysis.Referral,
            SuggestedExemptions = analysis.SuggestedExemptions,
            Duplicates = analysis.Duplicates,
            Warnings = [.. document.Warnings, .. analysis.Warnings],
            AnalyzedAt = _clock.GetUtcNow(),
            PipelineVersion = PipelineVersion.Current,
        };

        var requestName = RequestBlobName(document.DocId);
        await PipelineStorage.WriteJsonAsync(_storage.Requests, requestName, request, cancellationToken);
        await _storage.SendAsync(
            _storage.Names.Queues.Index,
            new StageMessage { DocId = document.DocId, Blob = $"{_storage.Requests.Name}/{requestName}", Attempt = message.Attempt },
            cancellationToken);

        _logger.LogInformation("Analyzed {DocId}: {QuestionCount} questions, due {DueAt:yyyy-MM-dd}", document.DocId, request.Questions.Count, request.DueAt);
    }

    public static string RequestBlobName(string docId) => docId + ".json";
}
