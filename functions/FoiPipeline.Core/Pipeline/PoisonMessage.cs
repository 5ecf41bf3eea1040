using System.Text.Json;

namespace FoiPipeline.Pipeline;

/// <summary>
/// What lands in <c>{queue}-poison</c> when a message has failed <c>maxDequeueCount</c> times, or can
/// never succeed: the original message text unchanged, plus why it failed, so an operator can fix the
/// cause and replay it.
/// </summary>
public sealed record PoisonMessage
{
    public required string Queue { get; init; }

    /// <summary>The original message text, exactly as it was received.</summary>
    public required string Message { get; init; }

    public required long DequeueCount { get; init; }

    public required string Error { get; init; }

    public required string ErrorType { get; init; }

    public required DateTimeOffset FailedAt { get; init; }

    public string PipelineVersion { get; init; } = Pipeline.PipelineVersion.Current;

    public string ToJson() => JsonSerializer.Serialize(this, PipelineJson.Options);

    public static PoisonMessage? TryParse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<PoisonMessage>(text, PipelineJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
