using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FoiPipeline.Intake;
using FoiPipeline.Pipeline;

namespace FoiPipeline.IntegrationTests.Support;

/// <summary>Poison messages and quarantined letters made the way the pipeline makes them, for tests of replaying them.</summary>
public static class FailedItems
{
    /// <summary>Puts a message in <paramref name="queue"/>'s poison queue as the stage runner does after five failed deliveries.</summary>
    public static async Task PoisonAsync(PipelineStorage storage, string queue, string original)
        => await storage.SendToPoisonAsync(new PoisonMessage
        {
            Queue = queue,
            Message = original,
            DequeueCount = 5,
            Error = "extracted/x.json does not exist; re-ingest the letter.",
            ErrorType = typeof(InvalidOperationException).FullName!,
            FailedAt = DateTimeOffset.UtcNow,
        }, CancellationToken.None);

    /// <summary>Puts a letter in quarantine as ingest does: the bytes with the original's metadata, and the reason beside them.</summary>
    public static async Task QuarantineAsync(PipelineStorage storage, string name, byte[] content, IDictionary<string, string>? metadata = null)
    {
        await storage.Quarantine.GetBlobClient(name).UploadAsync(new BinaryData(content), new BlobUploadOptions
        {
            Metadata = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>()) { [IngestHandler.QuarantineSourceETagMetadata] = "\"0x8DC0000000000\"" },
        });
        await PipelineStorage.WriteJsonAsync(storage.Quarantine, QuarantineReason.BlobNameFor(name), new QuarantineReason
        {
            Blob = name,
            Code = QuarantineCode.Corrupt,
            Reason = "The file says it is a Word document but cannot be opened.",
            Hint = "Send it again as PDF.",
            Sha256 = DocId.Of(content),
            QuarantinedAt = DateTimeOffset.UtcNow,
            PipelineVersion = "test",
        }, CancellationToken.None);
    }

    public static async Task<List<string>> NamesAsync(BlobContainerClient container)
    {
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        return names;
    }
}
