using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FoiPipeline.Pipeline;
using Microsoft.Extensions.Logging;

namespace FoiPipeline.Intake;

public enum IngestOutcome
{
    /// <summary>Text extracted and handed to the analyze stage.</summary>
    Extracted,

    /// <summary>The same bytes were already a request; this copy is recorded on it and re-analysed.</summary>
    Duplicate,

    /// <summary>Unreadable: moved to quarantine with a reason.</summary>
    Quarantined,

    /// <summary>This version of the blob was processed before (an event delivered twice).</summary>
    AlreadyIngested,

    /// <summary>The blob no longer exists (deleted or quarantined since the event).</summary>
    Gone,

    /// <summary>The blob was replaced while being read; the new version is processed on its own.</summary>
    Changed,
}

public sealed record IngestResult(IngestOutcome Outcome, string Blob, string? DocId = null, string? Detail = null)
{
    /// <summary>Why the letter was quarantined, when it was.</summary>
    public QuarantineCode? QuarantineCode { get; init; }
}

/// <summary>
/// The ingest stage: reads one intake blob, extracts its text, saves <c>extracted/{docId}.json</c>,
/// enqueues the analyze step and marks the blob as ingested, in that order, so a crash at any point is
/// repaired by running again. Unreadable input is moved to quarantine with a reason; nothing is deleted
/// from intake unless a copy is safely in quarantine.
/// </summary>
public sealed class IngestHandler
{
    /// <summary>Metadata set on an intake blob once ingested; a blob without it is still to do.</summary>
    public const string DocIdMetadata = "foi_docid";

    public const string IngestedAtMetadata = "foi_ingested_at";

    /// <summary>Optional metadata an uploader sets (ISO 8601) when the letter arrived earlier than the upload.</summary>
    public const string ReceivedAtMetadata = "receivedat";

    /// <summary>Set on a quarantined copy: the ETag of the intake blob it came from, so a re-run recognises its own copy.</summary>
    public const string QuarantineSourceETagMetadata = "foi_source_etag";

    private const int SaveAttempts = 8;

    private readonly PipelineStorage _storage;
    private readonly DocumentExtractor _extractor;
    private readonly TimeProvider _clock;
    private readonly ILogger<IngestHandler> _logger;
    private readonly PipelineMetrics _metrics;

    public IngestHandler(PipelineStorage storage, DocumentExtractor extractor, TimeProvider clock, ILogger<IngestHandler> logger, PipelineMetrics metrics)
    {
        _metrics = metrics;
        _storage = storage;
        _extractor = extractor;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>Ingests one intake blob (idempotent: a blob already marked, gone or changed is left alone), recording the stage's metrics.</summary>
    public async Task<IngestResult> IngestAsync(string blobName, CancellationToken cancellationToken)
    {
        using var activity = PipelineMetrics.Activities.StartActivity(PipelineMetrics.Ingest, ActivityKind.Consumer);
        activity?.SetTag("stage", PipelineMetrics.Ingest);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await IngestOnceAsync(blobName, cancellationToken);
            var outcome = Tag(result.Outcome);
            _metrics.StageFinished(PipelineMetrics.Ingest, outcome, Stopwatch.GetElapsedTime(started), result.QuarantineCode is { } code ? Tag(code) : null);
            activity?.SetTag("outcome", outcome);
            return result;
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            _metrics.StageFailed(PipelineMetrics.Ingest, ex, Stopwatch.GetElapsedTime(started));
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
    }

    /// <summary>A value as the pipeline's JSON spells it (kebab-case), the form metric tags use.</summary>
    private static string Tag<T>(T value)
        where T : struct, Enum
        => JsonSerializer.Serialize(value, PipelineJson.Options).Trim('"');

    private async Task<IngestResult> IngestOnceAsync(string blobName, CancellationToken cancellationToken)
    {
        var blob = _storage.Intake.GetBlobClient(blobName);
        if (await PropertiesAsync(blob, cancellationToken) is not { } properties)
        {
            _logger.LogInformation("Intake blob {Blob} is gone; nothing to ingest", blobName);
            return new IngestResult(IngestOutcome.Gone, blobName);
        }

        if (properties.Metadata.TryGetValue(DocIdMetadata, out var ingestedAs))
        {
            return new IngestResult(IngestOutcome.AlreadyIngested, blobName, ingestedAs);
        }

        var limit = _storage.Names.Intake.MaxBytes;
        if (properties.ContentLength > limit)
        {
            return await QuarantineAsync(blob, properties, new ExtractionFailure(
                QuarantineCode.TooLarge,
                DocumentKind.Unknown,
                $"The file is {properties.ContentLength:N0} bytes, over the {limit:N0}-byte limit for one letter.",
                "Split the file into the letters it holds, or raise FoiPipeline:Intake:MaxBytes if letters really are this large."), null, cancellationToken);
        }

        BinaryData content;
        try
        {
            var download = await blob.DownloadContentAsync(
                new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = properties.ETag } }, cancellationToken);
            content = download.Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            _logger.LogInformation("Intake blob {Blob} changed while it was read; its new version will be ingested on its own", blobName);
            return new IngestResult(IngestOutcome.Changed, blobName);
        }

        var bytes = content.ToMemory();
        var docId = DocId.Of(bytes.Span);
        var outcome = await _extractor.ExtractAsync(bytes, blobName, cancellationToken);
        if (outcome.Extraction is not { } extraction)
        {
            return await QuarantineAsync(blob, properties, outcome.Failure!, docId, cancellationToken);
        }

        properties.Metadata.TryGetValue(ReceivedAtMetadata, out var stated);
        var receipt = ReceiptDate.Decide(extraction, stated, properties.CreatedOn, _clock.GetUtcNow());
        var document = ExtractedDocument.Create(docId, blobName, properties.ContentLength, extraction, receipt, _clock.GetUtcNow());

        var duplicate = await SaveAsync(document, cancellationToken);
        await _storage.SendAsync(_storage.Names.Queues.Analyze, StageMessage.For(_storage.Extracted.Name, docId), cancellationToken);
        await MarkIngestedAsync(blob, properties, docId, cancellationToken);

        _logger.LogInformation("Ingested {Blob} as {DocId} ({Kind}, {Length} bytes{Duplicate})",
            blobName, docId, document.Kind, properties.ContentLength, duplicate ? ", a copy of an earlier letter" : string.Empty);
        return new IngestResult(duplicate ? IngestOutcome.Duplicate : IngestOutcome.Extracted, blobName, docId);
    }

    /// <summary>
    /// Moves a blob whose ingest kept failing to quarantine, with the last error as the reason: the
    /// host's equivalent of a poison queue for blobs, but the letter stays with its reason beside it.
    /// </summary>
    public async Task<IngestResult> QuarantineAfterFailuresAsync(string blobName, int attempts, Exception lastError, CancellationToken cancellationToken)
    {
        var blob = _storage.Intake.GetBlobClient(blobName);
        if (await PropertiesAsync(blob, cancellationToken) is not { } properties)
        {
            return new IngestResult(IngestOutcome.Gone, blobName);
        }

        var result = await QuarantineAsync(blob, properties, new ExtractionFailure(
            QuarantineCode.IngestFailed,
            DocumentKind.Unknown,
            $"Ingest failed {attempts} times; the last error was {lastError.GetType().Name}: {lastError.Message}",
            "Fix the cause named in the error (the host's log has the details), then replay the letter from quarantine."), null, cancellationToken);
        if (result.QuarantineCode is { } code)
        {
            _metrics.StageFinished(PipelineMetrics.Ingest, Tag(result.Outcome), elapsed: null, Tag(code));
        }

        return result;
    }

    /// <summary>
    /// Writes the extracted document. When the same bytes were ingested before (another blob name, or a
    /// re-run), the copies are merged: the earliest receipt wins, every blob name is kept. Conditional
    /// writes make two copies ingested at the same moment merge rather than overwrite each other.
    /// </summary>
    /// <returns>True when the document already existed from a different intake blob.</returns>
    private async Task<bool> SaveAsync(ExtractedDocument fresh, CancellationToken cancellationToken)
    {
        var name = StageMessage.DocumentBlobName(fresh.DocId);
        for (var attempt = 1; ; attempt++)
        {
            var existing = await PipelineStorage.ReadJsonAsync<ExtractedDocument>(_storage.Extracted, name, cancellationToken);
            try
            {
                if (existing is null)
                {
                    await PipelineStorage.WriteJsonAsync(_storage.Extracted, name, fresh, cancellationToken, ifNoneMatch: ETag.All);
                    return false;
                }

                var merged = Merge(existing.Value, fresh);
                await PipelineStorage.WriteJsonAsync(_storage.Extracted, name, merged, cancellationToken, ifMatch: existing.ETag);
                return existing.Value.SourceBlob != fresh.SourceBlob || existing.Value.AlsoReceivedAs.Count > 0;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < SaveAttempts)
            {
                // Another copy of the same letter was saved between our read and write; read again and merge.
            }
        }
    }

    internal static ExtractedDocument Merge(ExtractedDocument existing, ExtractedDocument fresh)
    {
        var earliest = fresh.ReceivedAt < existing.ReceivedAt ? fresh : existing;
        var names = new SortedSet<string>(StringComparer.Ordinal) { existing.SourceBlob, fresh.SourceBlob };
        names.UnionWith(existing.AlsoReceivedAs);
        names.Remove(earliest.SourceBlob);
        return fresh with
        {
            SourceBlob = earliest.SourceBlob,
            ReceivedAt = earliest.ReceivedAt,
            ReceivedAtSource = earliest.ReceivedAtSource,
            AlsoReceivedAs = [.. names],
        };
    }

    private static async Task<BlobProperties?> PropertiesAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            return (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private async Task MarkIngestedAsync(BlobClient blob, BlobProperties properties, string docId, CancellationToken cancellationToken)
    {
        var metadata = new Dictionary<string, string>(properties.Metadata, StringComparer.OrdinalIgnoreCase)
        {
            [DocIdMetadata] = docId,
            [IngestedAtMetadata] = _clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
        };
        try
        {
            await blob.SetMetadataAsync(metadata, new BlobRequestConditions { IfMatch = properties.ETag }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Replaced or removed since we read it: the new version has no mark and is ingested on its own.
            _logger.LogInformation("Intake blob {Blob} changed before it could be marked ingested", blob.Name);
        }
    }

    private async Task<IngestResult> QuarantineAsync(
        BlobClient source, BlobProperties properties, ExtractionFailure failure, string? sha256, CancellationToken cancellationToken)
    {
        var target = await QuarantineTargetAsync(source.Name, properties.ETag, cancellationToken);
        try
        {
            var download = await source.DownloadStreamingAsync(
                new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = properties.ETag } }, cancellationToken);
            await using var stream = download.Value.Content;
            var metadata = new Dictionary<string, string>(properties.Metadata, StringComparer.OrdinalIgnoreCase)
            {
                [QuarantineSourceETagMetadata] = properties.ETag.ToString(),
            };
            await target.UploadAsync(
                stream,
                new BlobUploadOptions { Metadata = metadata, HttpHeaders = new BlobHttpHeaders { ContentType = properties.ContentType } },
                cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return new IngestResult(IngestOutcome.Changed, source.Name);
        }

        var reason = new QuarantineReason
        {
            Blob = source.Name,
            Code = failure.Code,
            Reason = failure.Reason,
            Hint = failure.Hint,
            DetectedKind = failure.Kind,
            Length = properties.ContentLength,
            Sha256 = sha256,
            QuarantinedAt = _clock.GetUtcNow(),
            PipelineVersion = PipelineVersion.Current,
        };
        await PipelineStorage.WriteJsonAsync(_storage.Quarantine, QuarantineReason.BlobNameFor(target.Name), reason, cancellationToken);

        // Only now that the copy and its reason are safe does the original leave intake.
        try
        {
            await source.DeleteAsync(conditions: new BlobRequestConditions { IfMatch = properties.ETag }, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            _logger.LogInformation("Intake blob {Blob} changed after it was quarantined; the new version stays in intake", source.Name);
        }

        _logger.LogWarning("Quarantined {Blob} as {QuarantineBlob}: {Code} {Reason}", source.Name, target.Name, failure.Code, failure.Reason);
        return new IngestResult(IngestOutcome.Quarantined, source.Name, sha256, failure.Reason) { QuarantineCode = failure.Code };
    }

    /// <summary>
    /// The quarantine name for a blob: its own name, unless a different file already sits there under that
    /// name, in which case a suffix keeps both. A re-run after a crash finds its own earlier copy and reuses it.
    /// </summary>
    private async Task<BlobClient> QuarantineTargetAsync(string name, ETag sourceETag, CancellationToken cancellationToken)
    {
        for (var n = 1; ; n++)
        {
            var candidate = _storage.Quarantine.GetBlobClient(n == 1 ? name : $"{name}.{n}");
            try
            {
                var existing = await candidate.GetPropertiesAsync(cancellationToken: cancellationToken);
                if (existing.Value.Metadata.TryGetValue(QuarantineSourceETagMetadata, out var etag) && etag == sourceETag.ToString())
                {
                    return candidate;
                }
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                return candidate;
            }
        }
    }
}
