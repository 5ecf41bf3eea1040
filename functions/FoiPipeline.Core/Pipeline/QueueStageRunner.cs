using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace FoiPipeline.Pipeline;

/// <summary>
/// Runs a queue-triggered stage for one delivery of a message, the same way in both hosts. A failure is
/// rethrown so the host makes the message visible again after the visibility timeout; on the last
/// allowed delivery, or for a message that can never succeed, the message goes to
/// <c>{queue}-poison</c> with the error instead, and is removed from the work queue. A service that is
/// throttling (<see cref="ServiceBusy"/>) is not a failure of the message: a fresh copy is sent to come back
/// after the service's Retry-After, and the stage pauses taking new work for as long (<see cref="StagePressure"/>),
/// so throttling slows the pipeline down but never poisons a letter and never makes it spin.
/// </summary>
public sealed class QueueStageRunner
{
    private readonly PipelineStorage _storage;
    private readonly HostQueueSettings _settings;
    private readonly TimeProvider _clock;
    private readonly StagePressure _pressure;
    private readonly ILogger<QueueStageRunner> _logger;
    private readonly PipelineMetrics _metrics;

    public QueueStageRunner(
        PipelineStorage storage, HostQueueSettings settings, TimeProvider clock, StagePressure pressure, ILogger<QueueStageRunner> logger, PipelineMetrics metrics)
    {
        _metrics = metrics;
        _storage = storage;
        _settings = settings;
        _clock = clock;
        _pressure = pressure;
        _logger = logger;
    }

    /// <param name="queue">The queue the message came from.</param>
    /// <param name="messageText">The decoded message text.</param>
    /// <param name="dequeueCount">How many times the message has been delivered, this time included.</param>
    /// <param name="stage">The stage handler.</param>
    /// <param name="cancellationToken">Cancelled when the host shuts down; the message is then left to reappear.</param>
    /// <returns>What became of the message; in every case the caller removes this delivery from the queue.</returns>
    public async Task<StageRunOutcome> RunAsync(
        string queue, string messageText, long dequeueCount, Func<StageMessage, CancellationToken, Task> stage, CancellationToken cancellationToken)
    {
        var stageName = queue == _storage.Names.Queues.Analyze ? PipelineMetrics.Analyze : queue == _storage.Names.Queues.Index ? PipelineMetrics.Index : "other";
        using var activity = PipelineMetrics.Activities.StartActivity(stageName, ActivityKind.Consumer);
        activity?.SetTag("stage", stageName);
        activity?.SetTag("delivery", dequeueCount);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var outcome = await RunStageAsync(queue, messageText, dequeueCount, stage, cancellationToken);
            var name = outcome switch
            {
                StageRunOutcome.Poisoned => "poisoned",
                StageRunOutcome.Deferred => "deferred",
                _ => "completed",
            };
            _metrics.StageFinished(stageName, name, Stopwatch.GetElapsedTime(started));
            activity?.SetTag("outcome", name);
            return outcome;
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            _metrics.StageFailed(stageName, ex, Stopwatch.GetElapsedTime(started));
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
    }

    private async Task<StageRunOutcome> RunStageAsync(
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
            return StageRunOutcome.Poisoned;
        }

        try
        {
            await stage(message, cancellationToken);
            return StageRunOutcome.Completed;
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            if (ex is not InvalidStageMessageException && ServiceBusy.In(ex) is { } busy)
            {
                await DeferAsync(queue, messageText, message.DocId, busy, cancellationToken);
                return StageRunOutcome.Deferred;
            }

            if (ex is InvalidStageMessageException || dequeueCount >= _settings.MaxDequeueCount)
            {
                await PoisonAsync(queue, messageText, dequeueCount, ex, cancellationToken);
                return StageRunOutcome.Poisoned;
            }

            _logger.LogWarning(ex, "Stage for {Queue} failed for {DocId} on delivery {DequeueCount} of {MaxDequeueCount}; it will be retried",
                queue, message.DocId, dequeueCount, _settings.MaxDequeueCount);
            throw;
        }
    }

    /// <summary>
    /// Sends the message again, invisible for the pause (with up to a quarter more at random, so a burst of deferred
    /// messages does not return at one instant). The copy starts at delivery 1: throttling used none of its tries.
    /// Sent before this delivery is removed, so a crash in between leaves a duplicate, which stages tolerate, never a loss.
    /// </summary>
    private async Task DeferAsync(string queue, string messageText, string docId, ServiceBusy busy, CancellationToken cancellationToken)
    {
        var pause = _pressure.Pause(queue, busy);
        var delay = pause + TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * pause.TotalMilliseconds / 4);
        await _storage.SendAsync(queue, messageText, delay, cancellationToken);
        _logger.LogWarning("{Service} is asking the pipeline to slow down; {DocId} on {Queue} will be tried again in {Delay} (not counted as a failed delivery)",
            busy.Service, docId, queue, delay);
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

/// <summary>What became of one delivery of a stage message.</summary>
public enum StageRunOutcome
{
    /// <summary>The stage did its work.</summary>
    Completed,

    /// <summary>The message can never succeed, or failed its last allowed delivery: it is in the poison queue.</summary>
    Poisoned,

    /// <summary>A service was throttling: a fresh copy of the message comes back after its Retry-After.</summary>
    Deferred,
}
