using Azure;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace FoiPipeline.Ocr.DocumentIntelligence;

/// <summary>
/// The one layer that retries calls to Document Intelligence (Azure.Core's retries are switched off): a retry
/// that honours Retry-After, around a circuit breaker that stops a failing service from being hammered.
/// </summary>
internal static class DocumentIntelligenceResilience
{
    /// <summary>Which request a retry is for (<c>analyze</c> or <c>poll</c>), for the log.</summary>
    public static readonly ResiliencePropertyKey<string> RequestName = new("FoiPipeline.DocumentIntelligence.Request");

    // The circuit opens when half of at least 8 calls in 30 s failed, and stays open 30 s. Eight is enough
    // evidence that the service, not one document, is at fault, and few enough to stop a storm quickly.
    internal const int CircuitMinimumThroughput = 8;
    internal const double CircuitFailureRatio = 0.5;
    internal static readonly TimeSpan CircuitSamplingDuration = TimeSpan.FromSeconds(30);
    internal static readonly TimeSpan CircuitBreakDuration = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    public static ResiliencePipeline<ServiceResponse> Build(int maxRetries, TimeSpan retryDelay, TimeProvider timeProvider, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder<ServiceResponse> { TimeProvider = timeProvider };
        if (maxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<ServiceResponse>
            {
                ShouldHandle = args => ValueTask.FromResult(IsTransientOutcome(args.Outcome, IsRetryableStatus)),
                MaxRetryAttempts = maxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = retryDelay,
                MaxDelay = MaxBackoff,
                // The service's own Retry-After wins over our back-off; null falls back to it.
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.RetryAfter),
                OnRetry = args =>
                {
                    logger.LogWarning(
                        "Document Intelligence {Request} request got {Outcome}; retry {Attempt} of {MaxRetries} in {Delay}",
                        args.Context.Properties.GetValue(RequestName, "unknown"),
                        Describe(args.Outcome),
                        args.AttemptNumber + 1,
                        maxRetries,
                        args.RetryDelay);
                    return default;
                },
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<ServiceResponse>
        {
            // Throttling (429) is a live service pacing us, not a failing one, so it does not count here.
            ShouldHandle = args => ValueTask.FromResult(IsTransientOutcome(args.Outcome, IsServiceFailureStatus)),
            FailureRatio = CircuitFailureRatio,
            MinimumThroughput = CircuitMinimumThroughput,
            SamplingDuration = CircuitSamplingDuration,
            BreakDuration = CircuitBreakDuration,
            OnOpened = args =>
            {
                logger.LogError(
                    "Document Intelligence is failing ({Outcome}); pausing calls to it for {BreakDuration}",
                    Describe(args.Outcome),
                    args.BreakDuration);
                return default;
            },
            OnClosed = _ =>
            {
                logger.LogInformation("Document Intelligence is answering again; calls resume");
                return default;
            },
        });

        return builder.Build();
    }

    /// <summary>Statuses worth another try: timeout, throttling and the service's transient 5xx.</summary>
    public static bool IsRetryableStatus(int status) => status is 408 or 429 or 500 or 502 or 503 or 504;

    /// <summary>Statuses that say the service itself is failing (counted by the circuit breaker).</summary>
    public static bool IsServiceFailureStatus(int status) => status is 408 or 500 or 502 or 503 or 504;

    /// <summary>The request never got an answer: connection refused or reset, DNS, or Azure.Core's network timeout.</summary>
    public static bool IsTransportFailure(Exception exception) =>
        exception is HttpRequestException or IOException or TimeoutException or RequestFailedException { Status: 0 };

    private static bool IsTransientOutcome(Outcome<ServiceResponse> outcome, Func<int, bool> isTransientStatus) =>
        outcome.Exception is { } exception ? IsTransportFailure(exception) : isTransientStatus(outcome.Result!.Status);

    private static string Describe(Outcome<ServiceResponse> outcome) =>
        outcome.Exception is { } exception
            ? $"{exception.GetType().Name}: {exception.Message}"
            : $"HTTP {outcome.Result?.Status}";
}
