using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FoiPipeline.Intake;
using FoiPipeline.Pipeline;

namespace FoiPipeline.Local.Hosting;

/// <summary>The outcome of putting one file into the intake container.</summary>
public sealed record UploadResult(string File, string Blob, string DocId, bool AlreadyThere);

/// <summary>
/// Uploads letters to the intake container without ever overwriting one: a different file that happens
/// to share a name (scanners reuse "scan0001.pdf") gets a name with its hash, and the same file uploaded
/// again is recognised and left alone.
/// </summary>
public static class IntakeUploader
{
    public static async Task<UploadResult> UploadAsync(BlobContainerClient intake, string path, DateTimeOffset? receivedAt, CancellationToken cancellationToken)
    {
        await using var content = File.OpenRead(path);
        return await UploadAsync(intake, path, content, receivedAt, cancellationToken);
    }

    /// <summary>
    /// Uploads <paramref name="content"/> (seekable; read from its start, not disposed) under <paramref name="path"/>'s
    /// file name. The dropbox uses this to upload from the handle it holds exclusively, so the bytes cannot change under it.
    /// </summary>
    public static async Task<UploadResult> UploadAsync(BlobContainerClient intake, string path, Stream content, DateTimeOffset? receivedAt, CancellationToken cancellationToken)
    {
        content.Position = 0;
        var docId = await DocId.OfAsync(content, cancellationToken);

        var fileName = Path.GetFileName(path);
        var candidates = new[] { fileName, $"{Path.GetFileNameWithoutExtension(fileName)}-{docId[..12]}{Path.GetExtension(fileName)}" };
        foreach (var name in candidates)
        {
            var blob = intake.GetBlobClient(name);
            try
            {
                content.Position = 0;
                var options = new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } };
                if (receivedAt is { } at)
                {
                    options.Metadata = new Dictionary<string, string> { [IngestHandler.ReceivedAtMetadata] = at.ToString("O", System.Globalization.CultureInfo.InvariantCulture) };
                }

                await blob.UploadAsync(content, options, cancellationToken);
                return new UploadResult(path, name, docId, AlreadyThere: false);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                if (await HoldsAsync(blob, docId, cancellationToken))
                {
                    return new UploadResult(path, name, docId, AlreadyThere: true);
                }
            }
        }

        throw new InvalidOperationException($"Cannot find a free intake name for {path}: both {string.Join(" and ", candidates)} hold other letters.");
    }

    private static async Task<bool> HoldsAsync(BlobClient blob, string docId, CancellationToken cancellationToken)
    {
        var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        if (properties.Metadata.TryGetValue(IngestHandler.DocIdMetadata, out var existing))
        {
            return existing == docId;
        }

        // Not ingested yet: compare the bytes themselves.
        var content = await blob.DownloadContentAsync(cancellationToken);
        return DocId.Of(content.Value.Content.ToMemory().Span) == docId;
    }
}
