using FoiPipeline.Analysis.Duplicates;
using FoiPipeline.Intake;
using FoiPipeline.Pipeline;
using Microsoft.Extensions.Logging;

namespace FoiPipeline.Analysis;

/// <summary>
/// The analyze stage: reads <c>extracted/{docId}.json</c>, analyses it, matches it against earlier requests,
/// writes <c>requests/{docId}.json</c> and enqueues the index step. Re-running overwrites its own output and
/// the letter's own fingerprint, and nothing else.
/// </summary>
public sealed class AnalyzeHandler
{
    private readonly PipelineStorage _storage;
    private readonly LetterAnalyzer _analyzer;
    private readonly DuplicateFinder _duplicates;
    private readonly TimeProvider _clock;
    private readonly ILogger<AnalyzeHandler> _logger;

    public AnalyzeHandler(PipelineStorage storage, LetterAnalyzer analyzer, DuplicateFinder duplicates, TimeProvider clock, ILogger<AnalyzeHandler> logger)
    {
        _storage = storage;
        _analyzer = analyzer;
        _duplicates = duplicates;
        _clock = clock;
        _logger = logger;
    }

    public async Task AnalyzeAsync(StageMessage message, CancellationToken cancellationToken)
    {
        var document = await PipelineStorage.ReadStageInputAsync<ExtractedDocument>(
            _storage.Extracted, message, "the letter must be ingested again (replay its intake blob).", cancellationToken);
        var reading = _analyzer.Read(document);
        var duplicates = await _duplicates.RecordAndFindAsync(document.DocId, reading, cancellationToken);
        var analysis = _analyzer.Conclude(reading, duplicates);

        var request = new TriageRequest
        {
            DocId = document.DocId,
            SourceBlob = document.SourceBlob,
            AlsoReceivedAs = document.AlsoReceivedAs,
            Kind = document.Kind,
            ExtractionMethod = document.Method,
            OcrConfidence = document.OcrConfidence,
            Subject = analysis.Subject,
            Text = document.Text,
            ReceivedAt = analysis.ReceivedAt,
            ReceivedAtSource = document.ReceivedAtSource,
            DueAt = analysis.DueAt,
            Requester = analysis.Requester,
            Regime = analysis.Regime,
            Reference = analysis.Reference,
            Questions = analysis.Questions,
            Context = analysis.Context,
            Fallback = analysis.Fallback,
            Themes = analysis.Themes,
            Sensitivity = analysis.Sensitivity,
            SensitivityReasons = analysis.SensitivityReasons,
            Referral = analysis.Referral,
            Referrals = analysis.Referrals,
            SuggestedExemptions = analysis.SuggestedExemptions,
            Flags = analysis.Flags,
            Duplicates = analysis.Duplicates,
            Regions = analysis.Regions,
            Warnings = [.. document.Warnings, .. analysis.Warnings],
            AnalyzedAt = _clock.GetUtcNow(),
            PipelineVersion = PipelineVersion.Current,
        };

        await PipelineStorage.WriteJsonAsync(_storage.Requests, StageMessage.DocumentBlobName(document.DocId), request, cancellationToken);
        await _storage.SendAsync(
            _storage.Names.Queues.Index, StageMessage.For(_storage.Requests.Name, document.DocId, message.Attempt), cancellationToken);

        // Counts and ids only: requester names and addresses stay out of the logs.
        _logger.LogInformation(
            "Analyzed {DocId}: {QuestionCount} questions, due {DueAt:yyyy-MM-dd}, {Sensitivity}, {DuplicateCount} duplicates",
            document.DocId, request.Questions.Count, request.DueAt, request.Sensitivity, request.Duplicates.Count);
        foreach (var duplicate in request.Duplicates)
        {
            _logger.LogDebug("{DocId} is a {Kind} of {OtherDocId} ({Similarity:P0})", document.DocId, duplicate.Kind, duplicate.DocId, duplicate.Similarity);
        }
    }
}
