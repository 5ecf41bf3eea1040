using System.Globalization;

namespace FoiPipeline.Intake;

/// <summary>When a letter was received, where that came from, and anything a reviewer should know about it.</summary>
public sealed record Receipt(DateTimeOffset At, ReceivedAtSource Source, IReadOnlyList<string> Warnings);

/// <summary>
/// Decides the date of receipt, the day the statutory clock starts from. In order: a date the uploader
/// stated (the post room's date stamp), the newest Received header of an email (when our server took it,
/// which is what counts, not when the sender wrote it), the email's Date header, and finally when the
/// file itself was created. Implausible dates are ignored with a warning.
/// </summary>
public static class ReceiptDate
{
    /// <summary>FOIA came into force on 1 January 2005; nothing earlier can be a date of receipt.</summary>
    private static readonly DateTimeOffset Earliest = new(2005, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static Receipt Decide(Extraction extraction, string? stated, DateTimeOffset fileCreated, DateTimeOffset now)
    {
        var warnings = new List<string>();
        var latest = (fileCreated < now ? fileCreated : now).AddDays(1);
        bool Plausible(DateTimeOffset at) => at >= Earliest && at <= latest;

        if (stated is not null)
        {
            if (DateTimeOffset.TryParse(stated, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var statedAt) && Plausible(statedAt))
            {
                return new Receipt(statedAt, ReceivedAtSource.UploadMetadata, warnings);
            }

            warnings.Add($"The stated date of receipt '{stated}' is not a plausible date; it was ignored.");
        }

        if (extraction.Email?.ReceivedAt is { } received && Plausible(received))
        {
            return new Receipt(received, ReceivedAtSource.EmailReceivedHeader, warnings);
        }

        if (extraction.Email?.Date is { } sent && Plausible(sent))
        {
            warnings.Add("The email has no readable Received header, so its Date header (when it was written) is used as the date of receipt.");
            return new Receipt(sent, ReceivedAtSource.EmailDateHeader, warnings);
        }

        return new Receipt(fileCreated, ReceivedAtSource.BlobCreated, warnings);
    }
}
