using System.Text.Json;

namespace FoiPipeline.Pipeline;

/// <summary>
/// The message passed between stages: a pointer to the blob the next stage reads, never the document
/// itself. <see cref="Blob"/> is <c>{container}/{name}</c>; <see cref="Attempt"/> counts pipeline runs
/// of the document (1 on first arrival, higher after a replay), not queue deliveries.
/// </summary>
public sealed record StageMessage
{
    public required string DocId { get; init; }

    public required string Blob { get; init; }

    public int Attempt { get; init; } = 1;

    public string ToJson() => JsonSerializer.Serialize(this, PipelineJson.Options);

    /// <summary>Every stage writes its output for a document as <c>{docId}.json</c> in its own container.</summary>
    public static string DocumentBlobName(string docId) => docId + ".json";

    /// <summary>A message pointing at <paramref name="docId"/>'s document in <paramref name="container"/>.</summary>
    public static StageMessage For(string container, string docId, int attempt = 1)
        => new() { DocId = docId, Blob = $"{container}/{DocumentBlobName(docId)}", Attempt = attempt };

    /// <summary>Parses and checks a queue message; the exception says what is wrong with it.</summary>
    /// <exception cref="InvalidStageMessageException">Not JSON, or missing or malformed fields.</exception>
    public static StageMessage Parse(string text)
    {
        StageMessage? message;
        try
        {
            message = JsonSerializer.Deserialize<StageMessage>(text, PipelineJson.Options);
        }
        catch (JsonException ex)
        {
            throw new InvalidStageMessageException($"The message is not a stage message ({{\"docId\", \"blob\", \"attempt\"}}): {ex.Message}", ex);
        }

        if (message is null)
        {
            throw new InvalidStageMessageException("The message is JSON null, not a stage message.");
        }

        if (!Pipeline.DocId.IsValid(message.DocId))
        {
            throw new InvalidStageMessageException($"The message's docId '{message.DocId}' is not a 64-character lowercase hex SHA-256.");
        }

        if (message.Attempt < 1)
        {
            throw new InvalidStageMessageException($"The message's attempt must be 1 or more (got {message.Attempt}).");
        }

        return message;
    }

    /// <summary>
    /// The blob name within <paramref name="expectedContainer"/>, after checking the message points at
    /// this document's blob there, so a message cannot send a stage to another container or document.
    /// </summary>
    public string BlobNameIn(string expectedContainer)
    {
        var expected = $"{expectedContainer}/{DocumentBlobName(DocId)}";
        if (Blob != expected)
        {
            throw new InvalidStageMessageException($"The message's blob '{Blob}' is not '{expected}', the document this stage reads for docId {DocId}.");
        }

        return DocumentBlobName(DocId);
    }
}

/// <summary>A queue message that can never be processed, however often it is retried.</summary>
public sealed class InvalidStageMessageException : Exception
{
    public InvalidStageMessageException(string message)
        : base(message)
    {
    }

    public InvalidStageMessageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
