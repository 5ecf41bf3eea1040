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

    /// <summary>Splits <see cref="Blob"/> and checks it names <paramref name="expectedContainer"/>, so a message cannot point a stage at another container.</summary>
    public string BlobNameIn(string expectedContainer)
    {
        var prefix = expectedContainer + "/";
        if (!Blob.StartsWith(prefix, StringComparison.Ordinal) || Blob.Length == prefix.Length)
        {
            throw new InvalidStageMessageException($"The message's blob '{Blob}' is not in the '{expectedContainer}' container this stage reads.");
        }

        return Blob[prefix.Length..];
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
