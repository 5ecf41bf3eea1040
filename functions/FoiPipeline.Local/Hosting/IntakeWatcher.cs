using System.Collections.Concurrent;
using Azure;
using FoiPipeline.Intake;
using FoiPipeline.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FoiPipeline.Local.Hosting;

/// <summary>
/// The local stand-in for the Event Grid blob trigger: scans the intake container and ingests every blob
/// that is not yet marked as ingested. Because the mark is on the blob, nothing depends on seeing an
/// event: letters that arrived while the host was down are found on the first scan. A blob whose ingest
/// keeps failing is retried after host.json's visibilityTimeout and, after maxDequeueCount failures,
/// quarantined with the last error, as the Functions host would move it to its blob poison queue. A throttling
/// OCR service is not the letter's failure: the letter waits for the service's Retry-After without using up a
/// try, and no other letter starts ingesting until then.
/// </summary>
public sealed class IntakeWatcher : BackgroundService
{
    private readonly PipelineStorage _storage;
    private readonly IngestHandler _ingest;
    private readonly HostQueueSettings _settings;
    private readonly LocalQueueSignals _signals;
    private readonly LocalHostOptions _options;
    private readonly TimeProvider _clock;
    private readonly StagePressure _pressure;
    private readonly ILogger<IntakeWatcher> _logger;
    private readonly ConcurrentDictionary<string, byte> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Failure> _failures = new(StringComparer.Ordinal);

    public IntakeWatcher(
        PipelineStorage storage,
        IngestHandler ingest,
        HostQueueSettings settings,
        LocalQueueSignals signals,
        LocalHostOptions options,
        TimeProvider clock,
        StagePressure pressure,
        ILogger<IntakeWatcher> logger)
    {
        _storage = storage;
        _ingest = ingest;
        _settings = settings;
        _signals = signals;
        _options = options;
        _clock = clock;
        _pressure = pressure;
        _logger = logger;
    }

    private sealed record Failure(int Count, DateTimeOffset RetryAt);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(_options.IngestConcurrency, _options.IngestConcurrency);
        var running = new ConcurrentDictionary<Task, byte>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await ScanAsync(slots, running, stoppingToken);
                }
                catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or AggregateException && !stoppingToken.IsCancellationRequested)
                {
                    _logger.LogWarning("Cannot scan the intake container ({Error}); trying again", ex.Message);
                }

                await _signals.WaitAsync(LocalQueueSignals.Intake, _options.IntakeScanInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(running.Keys);
    }

    private async Task ScanAsync(SemaphoreSlim slots, ConcurrentDictionary<Task, byte> running, CancellationToken stoppingToken)
    {
        await foreach (var name in IntakeScan.UnmarkedAsync(_storage.Intake, lastModifiedBefore: null, stoppingToken))
        {
            if (_inFlight.ContainsKey(name))
            {
                continue;
            }

            if (_failures.TryGetValue(name, out var failure) && failure.RetryAt > _clock.GetUtcNow())
            {
                continue;
            }

            await _pressure.WaitAsync(StagePressure.Ingest, stoppingToken);
            await slots.WaitAsync(stoppingToken);
            _inFlight[name] = 0;
            var task = IngestAsync(name, slots, stoppingToken);
            running[task] = 0;
            _ = task.ContinueWith(t => running.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    private async Task IngestAsync(string name, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await _ingest.IngestAsync(name, stoppingToken);
            _failures.TryRemove(name, out _);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested && ServiceBusy.In(ex) is { } busy)
        {
            var pause = _pressure.Pause(StagePressure.Ingest, busy);
            _failures.AddOrUpdate(
                name,
                _ => new Failure(0, _clock.GetUtcNow() + pause),
                (_, previous) => previous with { RetryAt = _clock.GetUtcNow() + pause });
            _logger.LogWarning("{Service} is asking the pipeline to slow down; {Blob} will be ingested again in {Delay} (not counted as a failed attempt)",
                busy.Service, name, pause);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            var failure = _failures.AddOrUpdate(
                name,
                _ => new Failure(1, _clock.GetUtcNow() + _settings.VisibilityTimeout),
                (_, previous) => new Failure(previous.Count + 1, _clock.GetUtcNow() + _settings.VisibilityTimeout));
            _logger.LogWarning(ex, "Ingest of {Blob} failed (attempt {Attempt} of {MaxAttempts})", name, failure.Count, _settings.MaxDequeueCount);
            if (failure.Count >= _settings.MaxDequeueCount)
            {
                await QuarantineAsync(name, failure.Count, ex, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down; the blob is still unmarked and is picked up on the next start.
        }
        finally
        {
            _inFlight.TryRemove(name, out _);
            slots.Release();
        }
    }

    private async Task QuarantineAsync(string name, int attempts, Exception error, CancellationToken stoppingToken)
    {
        try
        {
            await _ingest.QuarantineAfterFailuresAsync(name, attempts, error, stoppingToken);
            _failures.TryRemove(name, out _);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // Storage itself is failing; the blob stays in intake and is tried again later.
            _logger.LogError(ex, "Could not quarantine {Blob} after {Attempts} failed ingests", name, attempts);
        }
    }
}
