using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using FoiPipeline.Pipeline;

namespace FoiPipeline.Intake.SharedMailbox;

/// <summary>
/// Where the connector is in a mailbox folder: the Graph link to call next (a next link in the middle of a round,
/// or the delta link that starts the next round). It is saved only after every message on a page is in intake and
/// marked, so a run that stops part-way resumes at the first page not finished.
/// </summary>
public sealed record MailboxSyncState
{
    public required string Mailbox { get; init; }

    public required string Folder { get; init; }

    public required Uri Link { get; init; }

    /// <summary>True when <see cref="Link"/> is a delta link (the last round finished), false for a next link.</summary>
    public required bool RoundComplete { get; init; }

    public required DateTimeOffset SavedAt { get; init; }
}

/// <summary>
/// The sync state as one small JSON blob per mailbox and folder. Writes are conditional (If-None-Match: * for the
/// first, If-Match on the ETag read after that), so of two runs at once only one moves the state on, and a slow
/// run never puts back an older link over a newer one.
/// </summary>
public sealed class MailboxSyncStateStore
{
    private readonly BlobContainerClient _container;
    private readonly string _blobName;

    public MailboxSyncStateStore(BlobServiceClient blobs, string container, string mailbox, string folder)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        _container = blobs.GetBlobContainerClient(container);
        _blobName = BlobNameFor(mailbox, folder);
    }

    public string ContainerName => _container.Name;

    public string BlobName => _blobName;

    /// <summary>The blob's name: a hash of mailbox and folder, so an address never has to fit blob naming rules.</summary>
    public static string BlobNameFor(string mailbox, string folder)
    {
        var key = mailbox.Trim().ToLowerInvariant() + "\n" + folder.Trim().ToLowerInvariant();
        return "delta-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32] + ".json";
    }

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
        => await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

    public Task<Stored<MailboxSyncState>?> ReadAsync(CancellationToken cancellationToken)
        => PipelineStorage.ReadJsonAsync<MailboxSyncState>(_container, _blobName, cancellationToken);

    /// <summary>Saves the state if it is still at <paramref name="expected"/> (null: if there is none yet).</summary>
    /// <returns>The new ETag, or null when another run saved in between.</returns>
    public async Task<ETag?> TrySaveAsync(MailboxSyncState state, ETag? expected, CancellationToken cancellationToken)
    {
        try
        {
            return expected is { } etag
                ? await PipelineStorage.WriteJsonAsync(_container, _blobName, state, cancellationToken, ifMatch: etag)
                : await PipelineStorage.WriteJsonAsync(_container, _blobName, state, cancellationToken, ifNoneMatch: ETag.All);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return null;
        }
    }
}
