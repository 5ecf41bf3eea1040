using System.Globalization;
using System.Text.RegularExpressions;

namespace FoiPipeline.Intake.Email;

/// <summary>Parses RFC 5322 dates ("Tue, 5 Mar 2024 09:12:00 +0000"), including the obsolete forms mail still carries.</summary>
public static partial class MailDate
{
    [GeneratedRegex(
        @"^\s*(?:[A-Za-z]{3},?\s*)?(?<day>\d{1,2})\s+(?<month>[A-Za-z]{3})[a-z]*\s+(?<year>\d{2,4})\s+(?<hour>\d{1,2}):(?<minute>\d{2})(?::(?<second>\d{2}))?\s*(?<zone>[+-]\d{4}|[A-Za-z]{1,5})?")]
    private static partial Regex DatePattern();

    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    private static readonly Dictionary<string, int> NamedZones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UT"] = 0, ["UTC"] = 0, ["GMT"] = 0, ["Z"] = 0,
        ["EST"] = -5, ["EDT"] = -4, ["CST"] = -6, ["CDT"] = -5, ["MST"] = -7, ["MDT"] = -6, ["PST"] = -8, ["PDT"] = -7,
        ["BST"] = 1, ["CET"] = 1, ["CEST"] = 2,
    };

    public static bool TryParse(string? value, out DateTimeOffset date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var match = DatePattern().Match(value);
        if (!match.Success)
        {
            return false;
        }

        var month = Array.IndexOf(Months, match.Groups["month"].Value.ToLowerInvariant()) + 1;
        if (month == 0)
        {
            return false;
        }

        var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
        if (match.Groups["year"].Value.Length == 2)
        {
            year += year < 50 ? 2000 : 1900; // RFC 5322 4.3
        }

        var day = int.Parse(match.Groups["day"].Value, CultureInfo.InvariantCulture);
        var hour = int.Parse(match.Groups["hour"].Value, CultureInfo.InvariantCulture);
        var minute = int.Parse(match.Groups["minute"].Value, CultureInfo.InvariantCulture);
        var second = match.Groups["second"].Success ? int.Parse(match.Groups["second"].Value, CultureInfo.InvariantCulture) : 0;
        var offset = ParseZone(match.Groups["zone"].Value);
        if (offset is null || day > DateTime.DaysInMonth(Math.Clamp(year, 1, 9999), month) || hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        try
        {
            date = new DateTimeOffset(year, month, day, hour, minute, Math.Min(second, 59), offset.Value);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private static TimeSpan? ParseZone(string zone)
    {
        if (zone.Length == 0)
        {
            return TimeSpan.Zero; // RFC 5322 "-0000": no zone information; treat as UTC
        }

        if (zone[0] is '+' or '-')
        {
            var hours = int.Parse(zone.AsSpan(1, 2), CultureInfo.InvariantCulture);
            var minutes = int.Parse(zone.AsSpan(3, 2), CultureInfo.InvariantCulture);
            if (hours > 14 || minutes > 59)
            {
                return null;
            }

            var span = new TimeSpan(hours, minutes, 0);
            return zone[0] == '-' ? -span : span;
        }

        return NamedZones.TryGetValue(zone, out var named) ? TimeSpan.FromHours(named) : TimeSpan.Zero;
    }
}
