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
        var document = await PipelineStorage.ReadStageInputAsync<ExtractedDocument>(
            _storage.Extracted, message, "the letter must be ingested again (replay its intake blob).", cancellationToken);
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

        await PipelineStorage.WriteJsonAsync(_storage.Requests, StageMessage.DocumentBlobName(document.DocId), request, cancellationToken);
        await _storage.SendAsync(
            _storage.Names.Queues.Index, StageMessage.For(_storage.Requests.Name, document.DocId, message.Attempt), cancellationToken);

        _logger.LogInformation("Analyzed {DocId}: {QuestionCount} questions, due {DueAt:yyyy-MM-dd}", document.DocId, request.Questions.Count, request.DueAt);
    }
}
