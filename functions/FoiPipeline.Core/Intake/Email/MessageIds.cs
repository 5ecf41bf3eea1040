using System.Text.RegularExpressions;

namespace FoiPipeline.Intake.Email;

/// <summary>
/// Reads the msg-id lists of Message-ID, In-Reply-To and References (RFC 5322 section 3.6.4): each id is
/// <c>&lt;left@right&gt;</c>; ids are returned without their angle brackets, in the order written.
/// </summary>
public static partial class MessageIds
{
    /// <summary>The most ids kept from one header: a long thread's References grows by one per message.</summary>
    public const int MaxIds = 50;

    public static IReadOnlyList<string> Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return [];
        }

        var ids = MsgId().Matches(header).Select(m => m.Groups["id"].Value).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0 && !header.Contains('<', StringComparison.Ordinal) && header.Trim() is { Length: > 2 } bare && bare.Contains('@', StringComparison.Ordinal) && !bare.Contains(' ', StringComparison.Ordinal))
        {
            // Some mailers write a lone id without brackets; take it rather than lose the thread.
            ids.Add(bare);
        }

        return ids.Count <= MaxIds ? ids : ids.GetRange(ids.Count - MaxIds, MaxIds);
    }

    /// <summary>The first id in a header (the one a Message-ID header holds); null when there is none.</summary>
    public static string? First(string? header) => Parse(header) is { Count: > 0 } ids ? ids[0] : null;

    [GeneratedRegex(@"<(?<id>[^<>\s]+@[^<>\s]+)>")]
    private static partial Regex MsgId();
}
