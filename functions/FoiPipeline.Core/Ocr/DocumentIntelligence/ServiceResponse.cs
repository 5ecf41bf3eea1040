using System.Globalization;
using Azure;

namespace FoiPipeline.Ocr.DocumentIntelligence;

/// <summary>
/// One answer from the service, read in full so it outlives its <see cref="Azure.Core.HttpMessage"/> and the
/// retry strategy can look at its status and Retry-After.
/// </summary>
internal sealed record ServiceResponse(int Status, BinaryData Content, string? OperationLocation, TimeSpan? RetryAfter)
{
    public static ServiceResponse From(Response response, DateTimeOffset now)
    {
        var headers = response.Headers;
        headers.TryGetValue("Operation-Location", out var operationLocation);
        headers.TryGetValue("Retry-After", out var retryAfter);
        if (!headers.TryGetValue("retry-after-ms", out var retryAfterMs))
        {
            headers.TryGetValue("x-ms-retry-after-ms", out retryAfterMs);
        }

        return new ServiceResponse(
            response.Status,
            BinaryData.FromBytes(response.Content.ToArray()),
            operationLocation,
            ParseRetryAfter(retryAfter, retryAfterMs, now));
    }

    /// <summary>
    /// The wait the service asked for: Azure's <c>retry-after-ms</c> when present, else <c>Retry-After</c> as
    /// delta-seconds or an HTTP-date (RFC 9110 10.2.3). Null when absent or unreadable; never negative.
    /// </summary>
    internal static TimeSpan? ParseRetryAfter(string? retryAfter, string? retryAfterMs, DateTimeOffset now)
    {
        if (int.TryParse(retryAfterMs, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        if (string.IsNullOrWhiteSpace(retryAfter))
        {
            return null;
        }

        if (int.TryParse(retryAfter.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (DateTimeOffset.TryParseExact(retryAfter.Trim(), "r", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
