using System.Text.RegularExpressions;

namespace FoiPipeline.Analysis;

/// <summary>
/// Where the request itself sits in a letter: after any salutation, before the sign-off and before any
/// quoted earlier correspondence. Offsets are into the letter's text.
/// </summary>
public sealed partial record LetterStructure(int BodyStart, int BodyEnd, int? SignOffStart)
{
    public static LetterStructure Of(string text)
    {
        var lines = Lines(text);
        var bodyStart = 0;
        foreach (var (start, end) in lines.Take(20))
        {
            if (Salutation().IsMatch(text.AsSpan(start, end - start)))
            {
                bodyStart = Math.Min(text.Length, end + 1);
                break;
            }
        }

        int bodyEnd = text.Length;
        int? signOff = null;
        foreach (var (start, end) in lines)
        {
            if (start < bodyStart)
            {
                continue;
            }

            var line = text.AsSpan(start, end - start);
            if (SignOff().IsMatch(line))
            {
                bodyEnd = start;
                signOff = start;
                break;
            }

            if (QuotedHistory().IsMatch(line))
            {
                bodyEnd = start;
                break;
            }
        }

        return new LetterStructure(bodyStart, Math.Max(bodyStart, bodyEnd), signOff);
    }

    /// <summary>Each line's start and end (exclusive, before the "\n").</summary>
    internal static List<(int Start, int End)> Lines(string text)
    {
        var lines = new List<(int, int)>();
        var start = 0;
        while (start <= text.Length)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline;
            lines.Add((start, end));
            if (newline < 0)
            {
                break;
            }

            start = newline + 1;
        }

        return lines;
    }

    [GeneratedRegex(@"^\s*(dear\b.*|to whom it may concern.*|hello\b.*|hi\b.*|good (morning|afternoon|evening)\b.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex Salutation();

    [GeneratedRegex(@"^\s*(yours (sincerely|faithfully|truly)|(kind|best|warm|many)\s+(regards|thanks|wishes)|regards|sincerely|thanks( again)?|thank you( (very much|in advance|for your (help|time|assistance)))?)\s*[,.!]?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex SignOff();

    [GeneratedRegex(@"^\s*(-{2,}\s*original message\s*-{2,}|on .{4,200} wrote:\s*$|>)", RegexOptions.IgnoreCase)]
    private static partial Regex QuotedHistory();
}
