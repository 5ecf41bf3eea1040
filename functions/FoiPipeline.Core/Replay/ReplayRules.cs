using System.Globalization;
using System.Text.Json;
using FoiPipeline.Intake;
using FoiPipeline.Pipeline;

namespace FoiPipeline.Replay;

/// <summary>The decisions of a replay that need no storage: what to send again, under which name, with which metadata.</summary>
public static class ReplayRules
{
    /// <summary>Set on an intake blob put back from quarantine: the quarantined name it came from.</summary>
    public const string ReplayedFromMetadata = "foi_replayed_from";

    public const string ReplayedAtMetadata = "foi_replayed_at";

    /// <summary>The ETag of the quarantined copy it was made from, so a replay that crashed and runs again recognises its own copy.</summary>
    public const string ReplayedETagMetadata = "foi_replayed_etag";

    /// <summary>The queue the Functions host moves a blob trigger's letter to after <c>maxDequeueCount</c> failures (HostQueueNames.BlobTriggerPoisonQueue).</summary>
    public const string BlobTriggerPoisonQueue = "webjobs-blobtrigger-poison";

    /// <summary>Metadata that records an ingest or a quarantine: left behind so the copy in intake is ingested afresh.</summary>
    private static readonly string[] IngestMarks = [IngestHandler.DocIdMetadata, IngestHandler.IngestedAtMetadata, IngestHandler.QuarantineSourceETagMetadata];

    /// <summary>
    /// The message to send again for a poison message's original text: the same stage message one attempt later,
    /// or null with the reason when the text is not a stage message (sending it again could never succeed).
    /// </summary>
    public static StageMessage? NextAttempt(string original, out string? whyNot)
    {
        try
        {
            var message = StageMessage.Parse(original);
            whyNot = null;
            return message with { Attempt = message.Attempt + 1 };
        }
        catch (InvalidStageMessageException ex)
        {
            whyNot = $"Not replayed: the original is not a stage message and would fail again ({ex.Message}). Remove it from the poison queue once you have looked at it.";
            return null;
        }
    }

    /// <summary>
    /// The intake names to try for a letter put back from quarantine, in order: its own name, then names with its hash
    /// (or a number) added before the extension, the way <c>foi ingest</c> keeps two different files of one name.
    /// </summary>
    public static IEnumerable<string> IntakeNames(string original, string? sha256)
    {
        yield return original;
        var extension = Path.GetExtension(original);
        var stem = original[..^extension.Length];
        var tag = sha256 is { Length: >= 12 } ? sha256[..12] : "replayed";
        yield return $"{stem}-{tag}{extension}";
        for (var n = 2; n <= 20; n++)
        {
            yield return $"{stem}-{tag}-{n}{extension}";
        }
    }

    /// <summary>
    /// The metadata of the copy put back into intake: the quarantined copy's (the uploader's <c>receivedat</c> and any
    /// other), without the marks of the earlier ingest and quarantine, and with where and when it was replayed from.
    /// </summary>
    public static Dictionary<string, string> IntakeMetadata(IDictionary<string, string> quarantined, string quarantineName, string quarantineETag, DateTimeOffset now)
    {
        var metadata = new Dictionary<string, string>(quarantined, StringComparer.OrdinalIgnoreCase);
        foreach (var mark in IngestMarks)
        {
            metadata.Remove(mark);
        }

        metadata[ReplayedFromMetadata] = quarantineName;
        metadata[ReplayedAtMetadata] = now.ToString("O", CultureInfo.InvariantCulture);
        metadata[ReplayedETagMetadata] = quarantineETag;
        return metadata;
    }

    /// <summary>True when an intake blob's metadata says it is the copy of this very quarantined version.</summary>
    public static bool IsCopyOf(IDictionary<string, string> intakeMetadata, string quarantineName, string quarantineETag)
    {
        var metadata = new Dictionary<string, string>(intakeMetadata, StringComparer.OrdinalIgnoreCase);
        return metadata.TryGetValue(ReplayedFromMetadata, out var from) && from == quarantineName
            && metadata.TryGetValue(ReplayedETagMetadata, out var etag) && etag == quarantineETag;
    }

    /// <summary>The blob an entry of <see cref="BlobTriggerPoisonQueue"/> names, when it names one in <paramref name="container"/>; null otherwise.</summary>
    public static string? BlobTriggerPoisonBlob(string entry, string container)
    {
        try
        {
            using var document = JsonDocument.Parse(entry);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("ContainerName", out var name) && name.ValueKind == JsonValueKind.String && name.GetString() == container
                && root.TryGetProperty("BlobName", out var blob) && blob.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(blob.GetString())
                    ? blob.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
