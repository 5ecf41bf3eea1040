using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FoiPipeline.Pipeline;

namespace FoiPipeline.Review;

/// <summary>
/// The Azure <see cref="IReviewStore"/>: one JSON blob per request (<c>{requestId}.json</c>) holding the review
/// state, the request's whole audit trail and its corrections. Blob Storage has no transactions across blobs,
/// so keeping them in one document is what lets a change and its audit entry be written together: one
/// conditional upload (If-None-Match: * for the first write, If-Match on the ETag after that) either lands
/// all of it or none. The version is the blob's ETag without its quotes, so the API can quote it once in its own ETag header.
/// </summary>
public sealed class BlobReviewStore : IReviewStore
{
    /// <summary>The container used unless configured otherwise (<see cref="ReviewStoreOptions.Container"/>).</summary>
    public const string DefaultContainer = "reviews";

    private readonly BlobContainerClient _container;

    public BlobReviewStore(BlobServiceClient blobs, string container = DefaultContainer)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentException.ThrowIfNullOrWhiteSpace(container);
        _container = blobs.GetBlobContainerClient(container);
    }

    public string ContainerName => _container.Name;

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
        => await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

    public async Task<VersionedReview?> GetAsync(string requestId, CancellationToken cancellationToken)
    {
        var stored = await ReadAsync(requestId, cancellationToken);
        return stored is null ? null : new VersionedReview(stored.Value.State, VersionOf(stored.ETag));
    }

    public async Task<string?> TryCommitAsync(string requestId, string? expectedVersion, ReviewChange change, CancellationToken cancellationToken)
    {
        ReviewChangeChecks.ThrowIfInvalid(requestId, change);
        ReviewDocument document;
        ETag? ifMatch = null;
        ETag? ifNoneMatch = null;
        if (expectedVersion is null)
        {
            document = new ReviewDocument
            {
                State = change.State,
                Audit = [change.Audit],
                Corrections = change.Correction is null ? [] : [change.Correction],
            };
            ifNoneMatch = ETag.All;
        }
        else
        {
            // The new document is the trail read here plus this change, so the upload is conditioned on the ETag of
            // this read: whatever is written in between makes it fail rather than be overwritten. The change is
            // stale unless that ETag is the version the caller expected.
            var current = await ReadAsync(requestId, cancellationToken);
            if (current is null || VersionOf(current.ETag) != expectedVersion)
            {
                return null;
            }

            document = new ReviewDocument
            {
                State = change.State,
                Audit = [.. current.Value.Audit, change.Audit],
                Corrections = change.Correction is null ? current.Value.Corrections : [.. current.Value.Corrections, change.Correction],
            };
            ifMatch = current.ETag;
        }

        try
        {
            var written = await PipelineStorage.WriteJsonAsync(_container, BlobName(requestId), document, cancellationToken, ifMatch, ifNoneMatch);
            return VersionOf(written);
        }
        catch (RequestFailedException ex) when (IsConflict(ex))
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(string requestId, CancellationToken cancellationToken)
    {
        var stored = await ReadAsync(requestId, cancellationToken);
        return stored?.Value.Audit ?? [];
    }

    /// <summary>
    /// Corrections recorded at or after <paramref name="since"/>, oldest first, at most <paramref name="take"/>.
    /// </summary>
    /// <remarks>
    /// This is an admin export, not a query a reviewer's page runs: corrections live inside each request's
    /// document, so it lists the container and downloads every document in it. Its cost grows with the number
    /// of requests ever reviewed, whatever <paramref name="since"/> and <paramref name="take"/> are.
    /// </remarks>
    public async Task<IReadOnlyList<CorrectionRecord>> ReadCorrectionsAsync(DateTimeOffset since, int take, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        if (take == 0)
        {
            return [];
        }

        var found = new List<CorrectionRecord>();
        await foreach (var item in _container.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            if (!item.Name.EndsWith(BlobSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            // Null when the blob went between the listing and the download; nothing of it to export.
            var stored = await PipelineStorage.ReadJsonAsync<ReviewDocument>(_container, item.Name, cancellationToken);
            if (stored is not null)
            {
                found.AddRange(stored.Value.Corrections.Where(c => c.At >= since));
            }
        }

        // Ties broken by request and then by position in the document, so the export is the same on every run.
        return [.. found
            .Select((correction, position) => (correction, position))
            .OrderBy(c => c.correction.At)
            .ThenBy(c => c.correction.RequestId, StringComparer.Ordinal)
            .ThenBy(c => c.position)
            .Take(take)
            .Select(c => c.correction)];
    }

    private const string BlobSuffix = ".json";

    private static string BlobName(string requestId) => requestId + BlobSuffix;

    private async Task<Stored<ReviewDocument>?> ReadAsync(string requestId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestId);
        return await PipelineStorage.ReadJsonAsync<ReviewDocument>(_container, BlobName(requestId), cancellationToken);
    }

    // 412: If-Match named an older ETag. 409 BlobAlreadyExists: If-None-Match: * on a blob that exists
    // (Azure reports that as 409, not 412).
    private static bool IsConflict(RequestFailedException ex)
        => ex.Status == 412 || (ex.Status == 409 && ex.ErrorCode == BlobErrorCode.BlobAlreadyExists.ToString());

    /// <summary>Everything stored for one request, in one blob so that one conditional upload writes it all.</summary>
    internal sealed record ReviewDocument
    {
        public required ReviewState State { get; init; }

        /// <summary>Oldest first; only ever appended to.</summary>
        public IReadOnlyList<AuditEntry> Audit { get; init; } = [];

        public IReadOnlyList<CorrectionRecord> Corrections { get; init; } = [];
    }

    private static string VersionOf(ETag etag) => etag.ToString().Trim('"');
}
