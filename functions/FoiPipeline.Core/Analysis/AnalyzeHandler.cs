using FoiPipeline.Analysis.Duplicates;
using FoiPipeline.Analysis.Flags;
using FoiPipeline.Correspondence;
using FoiPipeline.Intake;
using FoiPipeline.Pipeline;
using Microsoft.Extensions.Logging;

namespace FoiPipeline.Analysis;

/// <summary>
/// The analyze stage: reads <c>extracted/{docId}.json</c>, analyses it, matches it against earlier requests,
/// writes <c>requests/{docId}.json</c> and enqueues the index step. Re-running overwrites its own output and
/// the letter's own fingerprint, and nothing else.
/// </summary>
/// <remarks>
/// Two kinds of letter do not become requests here. Mail whose headers say a machine sent it (auto-replies,
/// out-of-office notices, bounces: <see cref="Intake.Email.AutomatedMailRecognizer"/>) is held in
/// <c>correspondence/held/</c> until an admin releases it. A requester's reply to a request we know (same thread, or
/// its reference in the subject) is attached to that request (<see cref="ReplyLinker"/>) and the request is
/// indexed again so the queue shows the reply. Both are decided here rather than at ingest because this is the
/// stage that knows the earlier requests; ingest records the headers they are decided from.
/// </remarks>
public sealed class AnalyzeHandler
{
    private readonly PipelineStorage _storage;
    private readonly LetterAnalyzer _analyzer;
    private readonly DuplicateFinder _duplicates;
    private readonly CorrespondenceStore _correspondence;
    private readonly ReplyLinker _replies;
    private readonly TimeProvider _clock;
    private readonly ILogger<AnalyzeHandler> _logger;

    public AnalyzeHandler(
        PipelineStorage storage,
        LetterAnalyzer analyzer,
        DuplicateFinder duplicates,
        CorrespondenceStore correspondence,
        ReplyLinker replies,
        TimeProvider clock,
        ILogger<AnalyzeHandler> logger)
    {
        _storage = storage;
        _analyzer = analyzer;
        _duplicates = duplicates;
        _correspondence = correspondence;
        _replies = replies;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>The flag on a request whose subject alone looks machine-made: too weak to hold it, worth a look.</summary>
    public const string PossibleAutomatedFlag = "possible-auto-reply";

    public async Task AnalyzeAsync(StageMessage message, CancellationToken cancellationToken)
    {
        var document = await PipelineStorage.ReadStageInputAsync<ExtractedDocument>(
            _storage.Extracted, message, "the letter must be ingested again (replay its intake blob).", cancellationToken);
        if (await HoldAsync(document, cancellationToken) || await LinkReplyAsync(document, cancellationToken))
        {
            return;
        }

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
            Flags = document.Email?.Automated is { FromHeaders: false } weak
                ? [.. analysis.Flags, new RequestFlag(PossibleAutomatedFlag, $"The subject looks like a machine's ({weak.Signal}) but no header says so; check whether a person wrote it.", [])]
                : analysis.Flags,
            Duplicates = analysis.Duplicates,
            Regions = analysis.Regions,
            Warnings = [.. document.Warnings, .. analysis.Warnings],
            AnalyzedAt = _clock.GetUtcNow(),
            PipelineVersion = PipelineVersion.Current,
        };

        await PipelineStorage.WriteJsonAsync(_storage.Requests, StageMessage.DocumentBlobName(document.DocId), request, cancellationToken);
        await _replies.RegisterAsync(request, document, _clock.GetUtcNow(), cancellationToken);
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

    /// <summary>Holds machine-sent mail out of the queue; false for a letter to analyse (including a released one).</summary>
    private async Task<bool> HoldAsync(ExtractedDocument document, CancellationToken cancellationToken)
    {
        if (document.Email?.Automated is not { FromHeaders: true } automated)
        {
            return false;
        }

        if (await _correspondence.GetHeldAsync(document.DocId, cancellationToken) is { Released: true })
        {
            return false;
        }

        var held = await _correspondence.HoldAsync(new HeldMail
        {
            DocId = document.DocId,
            SourceBlob = document.SourceBlob,
            Kind = automated.Kind,
            Signal = automated.Signal,
            Subject = document.Email.Subject,
            FromAddress = document.Email.FromAddress,
            MessageId = document.Email.MessageId,
            OriginalMessageId = automated.OriginalMessageId,
            ReceivedAt = document.ReceivedAt,
            TextBlob = $"{_storage.Extracted.Name}/{StageMessage.DocumentBlobName(document.DocId)}",
            HeldAt = _clock.GetUtcNow(),
            PipelineVersion = PipelineVersion.Current,
        }, cancellationToken);
        if (held.Released)
        {
            return false; // released between our two reads
        }

        _logger.LogInformation("Held {DocId} out of the queue as {Kind} ({Signal})", document.DocId, CorrespondenceStore.KindName(held.Kind), held.Signal);
        return true;
    }

    /// <summary>Attaches a requester's reply to the request it answers; false when it answers none we know.</summary>
    private async Task<bool> LinkReplyAsync(ExtractedDocument document, CancellationToken cancellationToken)
    {
        if (await _replies.FindRequestAsync(document, cancellationToken) is not { } found)
        {
            return false;
        }

        var link = await _replies.AttachAsync(document, found.Key, found.Lookup, _storage.Extracted.Name, _clock.GetUtcNow(), cancellationToken);

        // The request is indexed again so the queue shows the reply (and, when it was awaiting clarification, says so).
        await _storage.SendAsync(_storage.Names.Queues.Index, StageMessage.For(_storage.Requests.Name, link.RequestId), cancellationToken);
        _logger.LogInformation("Linked {DocId} as a reply to {RequestId} (by {Match})", document.DocId, link.RequestId, link.MatchedBy);
        return true;
    }
}
