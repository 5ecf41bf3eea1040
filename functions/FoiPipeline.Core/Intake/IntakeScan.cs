using System.Runtime.CompilerServices;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace FoiPipeline.Intake;

/// <summary>
/// Finds intake blobs that still wait to be ingested: those without the ingest mark
/// (<see cref="IngestHandler.DocIdMetadata"/>). The local host's intake watcher scans with it continuously; the
/// deadline sweep uses it to reconcile letters whose Event Grid delivery never arrived or was given up.
/// </summary>
public static class IntakeScan
{
    /// <param name="intake">The intake container.</param>
    /// <param name="lastModifiedBefore">Only blobs last written before this instant (null: all), so a reconcile never races a delivery still on its way.</param>
    /// <param name="cancellationToken">Stops the listing.</param>
    /// <returns>Names of unmarked blobs, in the listing's (name) order.</returns>
    public static async IAsyncEnumerable<string> UnmarkedAsync(
        BlobContainerClient intake, DateTimeOffset? lastModifiedBefore, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var blob in intake.GetBlobsAsync(BlobTraits.Metadata, cancellationToken: cancellationToken))
        {
            if (blob.Metadata.ContainsKey(IngestHandler.DocIdMetadata))
            {
                continue;
            }

            if (lastModifiedBefore is { } before && blob.Properties.LastModified is { } modified && modified >= before)
            {
                continue;
            }

            yield return blob.Name;
        }
    }
}
