using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using FoiPipeline.Ocr;

namespace FoiPipeline.Pipeline;

/// <summary>
/// A cloud service the pipeline calls (Document Intelligence, AI Search) asking it to slow down: 429, or 503 "too
/// busy", still there after the client's own retries. Such a failure says nothing about the letter, so it must
/// not count towards quarantine or the poison queue; the stage is tried again after the service's Retry-After.
/// </summary>
/// <param name="Service">Which service, for the log.</param>
/// <param name="RetryAfter">What the service asked for, when it said.</param>
public sealed record ServiceBusy(string Service, TimeSpan? RetryAfter)
{
    /// <summary>Finds throttling in a stage's failure (in it or any inner exception); null when the failure is something else.</summary>
    public static ServiceBusy? In(Exception failure)
    {
        for (var exception = failure; exception is not null; exception = exception.InnerException)
        {
            switch (exception)
            {
                case OcrException { IsThrottled: true } ocr:
                    return new ServiceBusy("Document Intelligence", ocr.RetryAfter);
                case RequestFailedException { Status: 429 or 503 } request:
                    return new ServiceBusy($"a service answering {request.Status} ({request.ErrorCode ?? "no error code"})", RetryAfterOf(request));
            }
        }

        return null;
    }

    private static TimeSpan? RetryAfterOf(RequestFailedException request)
    {
        if (request.GetRawResponse() is not { } response)
        {
            return null;
        }

        if (response.Headers.TryGetValue("retry-after-ms", out var milliseconds)
            && double.TryParse(milliseconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        if (response.Headers.TryGetValue("Retry-After", out var retryAfter))
        {
            if (int.TryParse(retryAfter, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                return at - DateTimeOffset.UtcNow;
            }
        }

        return null;
    }
}

/// <summary>
/// Holds back new work for a stage while a service it calls is throttling: a host's workers wait here before they
/// take the next letter or message, so a throttled service sees fewer requests, not the same number retried.
/// One instance per host process; the pause is the longest Retry-After seen, within <see cref="MinimumPause"/> and
/// <see cref="MaximumPause"/>.
/// </summary>
public sealed class StagePressure
{
    /// <summary>The ingest stage's name here (the queue stages use their queue's name).</summary>
    public const string Ingest = "ingest";

    /// <summary>Never less: a Retry-After of 0 must still not become a tight loop.</summary>
    public static readonly TimeSpan MinimumPause = TimeSpan.FromSeconds(1);

    /// <summary>Never more, whatever a service asks: the pause is re-learnt from the next answer anyway.</summary>
    public static readonly TimeSpan MaximumPause = TimeSpan.FromMinutes(5);

    /// <summary>When a service gave no Retry-After.</summary>
    public static readonly TimeSpan DefaultPause = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _pausedUntil = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;

    public StagePressure(TimeProvider clock) => _clock = clock;

    /// <summary>Pauses <paramref name="stage"/> for what <paramref name="busy"/> asked; returns how long from now.</summary>
    public TimeSpan Pause(string stage, ServiceBusy busy)
    {
        var pause = PauseFor(busy);
        var until = _clock.GetUtcNow() + pause;
        _pausedUntil.AddOrUpdate(stage, until, (_, current) => current > until ? current : until);
        return pause;
    }

    /// <summary>How long <paramref name="stage"/> is still paused for; zero when it is not.</summary>
    public TimeSpan Remaining(string stage)
    {
        var remaining = _pausedUntil.TryGetValue(stage, out var until) ? until - _clock.GetUtcNow() : TimeSpan.Zero;
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    /// <summary>Returns when <paramref name="stage"/> may take new work.</summary>
    public async Task WaitAsync(string stage, CancellationToken cancellationToken)
    {
        for (var remaining = Remaining(stage); remaining > TimeSpan.Zero; remaining = Remaining(stage))
        {
            await Task.Delay(remaining, _clock, cancellationToken);
        }
    }

    /// <summary>The pause for one throttled answer: its Retry-After, kept within sane bounds.</summary>
    public static TimeSpan PauseFor(ServiceBusy busy)
    {
        var asked = busy.RetryAfter ?? DefaultPause;
        return asked < MinimumPause ? MinimumPause : asked > MaximumPause ? MaximumPause : asked;
    }
}
