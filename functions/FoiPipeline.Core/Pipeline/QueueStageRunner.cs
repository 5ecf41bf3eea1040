using Microsoft.Extensions.Logging;

namespace FoiPipeline.Pipeline;

/// <summary>
/// Runs a queue-triggered stage for one delivery of a message, the same way in both hosts. A failure is
/// rethrown so the host makes the message visible again after the visibility timeout; on the last
/// allowed delivery, or for a message that can never succeed, the message goes to
/// <c>{queue}-poison</c> with the error instead, and is removed from the work queue.
/// </summary>
public sealed class QueueStageRunner
{
    private readonly PipelineStorage _storage;
    private readonly HostQueueSettings _settings;
    private readonly TimeProvider _clock;
    private readonly ILogger<QueueStageRunner> _logger;

    public QueueStageRunner(PipelineStorage storage, HostQueueSettings settings, TimeProvider clock, ILogger<QueueStageRunner> logger)
    {
        _storage = storage;
        _settings = settings;
        _clock = clock;
        _logger = logger;
    }

    /// <param name="queue">The queue the message came from.</param>
    /// <param name="messageText">The decoded message text.</param>
    /// <param name="dequeueCount">How many times the message has been delivered, this time included.</param>
    /// <param name="stage">The stage handler.</param>
    /// <param name="cancellationToken">Cancelled when the host shuts down; the message is then left to reappear.</param>
    /// <returns>True when the stage completed; false when the message was moved to the poison queue.</returns>
    public async Task<bool> RunAsync(
        string queue, string messageText, long dequeueCount, Func<StageMessage, CancellationToken, Task> stage, CancellationToken cancellationToken)
    {
        StageMessage message;
        try
        {
            message = StageMessage.Parse(messageText);
        }
        catch (InvalidStageMessageException ex)
        {
            // Retrying cannot fix a malformed message; poison it at once rather than after N deliveries.
            await PoisonAsync(queue, messageText, dequeueCount, ex, cancellationToken);
            return false;
        }

        try
        {
            await stage(message, cancellationToken);
            return true;
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            if (ex is InvalidStageMessageException || dequeueCount >= _settings.MaxDequeueCount)
            {
                await PoisonAsync(queue, messageText, dequeueCount, ex, cancellationToken);
                return false;
            }

            _logger.LogWarning(ex, "Stage for {Queue} failed for {DocId} on delivery {DequeueCount} of {MaxDequeueCount}; it will be retried",
                queue, message.DocId, dequeueCount, _settings.MaxDequeueCount);
            throw;
        }
    }

    private async Task PoisonAsync(string queue, string messageText, long dequeueCount, Exception error, CancellationToken cancellationToken)
    {
        _logger.LogError(error, "Moving a message from {Queue} to {PoisonQueue} after delivery {DequeueCount}",
            queue, QueueNames.PoisonOf(queue), dequeueCount);
        await _storage.SendToPoisonAsync(
            new PoisonMessage
            {
                Queue = queue,
                Message = messageText,
                DequeueCount = dequeueCount,
                Error = error.Message,
                ErrorType = error.GetType().FullName ?? error.GetType().Name,
                FailedAt = _clock.GetUtcNow(),
            },
            cancellationToken);
    }
}
