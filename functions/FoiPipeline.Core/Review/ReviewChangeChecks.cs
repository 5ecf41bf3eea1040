using System.Text.Json;

namespace FoiPipeline.Review;

/// <summary>
/// What every <see cref="IReviewStore"/> checks before it writes a change, so a caller's mistake fails loudly
/// instead of filing an audit entry under another request or storing JSON that cannot be read back.
/// </summary>
internal static class ReviewChangeChecks
{
    public static void ThrowIfInvalid(string requestId, ReviewChange change)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestId);
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(change.State);
        ArgumentNullException.ThrowIfNull(change.Audit);
        if (!string.Equals(change.Audit.RequestId, requestId, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The audit entry is for request '{change.Audit.RequestId}', but the change is for '{requestId}'.", nameof(change));
        }

        ThrowIfUndefined(change.Audit.Before, "Audit.Before");
        ThrowIfUndefined(change.Audit.After, "Audit.After");
        if (change.Correction is { } correction)
        {
            if (!string.Equals(correction.RequestId, requestId, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"The correction is for request '{correction.RequestId}', but the change is for '{requestId}'.", nameof(change));
            }

            ThrowIfUndefined(correction.Analyzer, "Correction.Analyzer");
            ThrowIfUndefined(correction.Corrected, "Correction.Corrected");
        }
    }

    // default(JsonElement) has no document behind it and cannot be written; a caller meaning "nothing" passes null.
    private static void ThrowIfUndefined(JsonElement? element, string name)
    {
        if (element is { ValueKind: JsonValueKind.Undefined })
        {
            throw new ArgumentException($"The change's {name} is an undefined JsonElement; pass null or a parsed value.");
        }
    }
}
