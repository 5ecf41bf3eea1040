using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using FoiPipeline.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FoiPipeline.Local.Hosting;

/// <summary>
/// Polls one queue and runs its stage for each message, with the Functions host's semantics: up to
/// host.json's batchSize + newBatchThreshold messages at once, back-off to maxPollingInterval when the queue
/// is empty, a failed message made visible again after visibilityTimeout, and (through the shared
/// <see cref="QueueStageRunner"/>) the poison queue after maxDequeueCount deliveries. While a service the stage
/// calls is throttling, it takes no new messages until the service's Retry-After has passed.
/// </summary>
public sealed class QueueWorker : BackgroundService
{
    private readonly string _queueName;
    private readonly Func<StageMessage, CancellationToken, Task> _stage;
    private readonly QueueClient _queue;
    private readonly QueueStageRunner _runner;
    private readonly HostQueueSettings _settings;
    private readonly LocalQueueSignals _signals;
    private readonly LocalHostOptions _options;
    private readonly StagePressure _pressure;
    private readonly ILogger<QueueWorker> _logger;

    public QueueWorker(
        string queueName,
        Func<StageMessage, CancellationToken, Task> stage,
        PipelineStorage storage,
        QueueStageRunner runner,
        HostQueueSettings settings,
        LocalQueueSignals signals,
        LocalHostOptions options,
        StagePressure pressure,
        ILogger<QueueWorker> logger)
    {
        _queueName = queueName;
        _stage = stage;
        _queue = storage.Queue(queueName);
        _runner = runner;
        _settings = settings;
        _signals = signals;
        _options = options;
        _pressure = pressure;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var slots = new SemaphoreSlim(_settings.MaxConcurrency, _settings.MaxConcurrency);
        var running = new HashSet<Task>();
        var idle = _options.MinPollingInterval;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                running.RemoveWhere(t => t.IsCompleted);
                var free = slots.CurrentCount;
                if (free == 0)
                {
                    await Task.WhenAny(running);
                    continue;
                }

                await _pressure.WaitAsync(_queueName, stoppingToken);
                QueueMessage[] messages;
                try
                {
                    messages = (await _queue.ReceiveMessagesAsync(Math.Min(Math.Min(free, _settings.BatchSize), 32), _options.MessageLease, stoppingToken)).Value;
                }
                catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or AggregateException && !stoppingToken.IsCancellationRequested)
                {
                    _logger.LogWarning("Cannot read queue {Queue} ({Error}); trying again in {Delay}", _queueName, ex.Message, _settings.MaxPollingInterval);
                    await Task.Delay(_settings.MaxPollingInterval, stoppingToken);
                    continue;
                }

                if (messages.Length == 0)
                {
                    await _signals.WaitAsync(_queueName, idle, stoppingToken);
                    idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, _settings.MaxPollingInterval.Ticks));
                    continue;
                }

                idle = _options.MinPollingInterval;
                foreach (var message in messages)
                {
                    await slots.WaitAsync(stoppingToken);
                    running.Add(ProcessAsync(message, slots, stoppingToken));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(running);
        slots.Dispose();
    }

    private async Task ProcessAsync(QueueMessage message, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await using var lease = new MessageLease(_queue, message, _options.MessageLease, _logger);
            try
            {
                await _runner.RunAsync(_queueName, message.Body.ToString(), message.DequeueCount, _stage, stoppingToken);
                await lease.CompleteAsync(CancellationToken.None);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Shutting down: hand the message straight back so the next start takes it at once.
                await lease.ReleaseAsync(TimeSpan.Zero, CancellationToken.None);
            }
            catch (Exception)
            {
                // The runner logged it; the message comes back after host.json's visibilityTimeout.
                await lease.ReleaseAsync(_settings.VisibilityTimeout, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException)
        {
            // Storage unreachable while settling: the lease simply expires and the message is delivered again.
            _logger.LogWarning("Could not settle message {MessageId} on {Queue}: {Error}", message.MessageId, _queueName, ex.Message);
        }
        finally
        {
            slots.Release();
        }
    }
}
