using System.Text.RegularExpressions;

namespace FoiPipeline.Intake.Email;

/// <summary>
/// Finds the parts of an email body that are not the sender's new words: quoted earlier correspondence
/// ("On ... wrote:", "-----Original Message-----", an Outlook "From: / Sent: / To:" block, "&gt; " lines) and
/// disclaimers. They are kept in the text and marked, so a reviewer still sees them but analysis can skip
/// them. A forward whose own text is empty is the request itself: its quoted block is not marked.
/// </summary>
public static partial class ReplyMarks
{
    /// <summary>New text shorter than this above a quote header means the message is a forward, not a reply.</summary>
    private const int MinimumReplyLength = 40;

    [GeneratedRegex(@"^[ \t]*On\b[^\n]{4,300}?(?:\n[^\n]{0,200}?)?\bwrote:[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex WroteHeader();

    [GeneratedRegex(@"^[ \t]*-{2,}[ \t]*Original Message[ \t]*-{2,}[ \t]*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex OriginalMessage();

    [GeneratedRegex(@"^(?:_{8,}[ \t]*\n)?[ \t]*From:[^\n]+\n(?:[^\n]*\n){0,2}?[ \t]*(?:Sent|Date):[^\n]+\n(?:[^\n]*\n){0,3}?[ \t]*(?:To|Subject):", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex OutlookHeader();

    [GeneratedRegex(@"(?:^[ \t]*>[^\n]*(?:\n|$))+", RegexOptions.Multiline)]
    private static partial Regex QuotedLines();

    [GeneratedRegex(
        @"(?:this (?:e-?mail|message|communication)(?: and any (?:files|attachments)(?: transmitted with it)?)? (?:is|are|may be|contains?) (?:confidential|private|privileged|intended (?:solely|only))|if you (?:are not|have received this (?:e-?mail|message)? ?in error)|(?:not|n't) the intended recipient|please notify the sender|scanned for (?:viruses|malware)|(?:views|opinions) (?:expressed|contained) (?:in this|herein)|think before you print|please consider the environment before printing|communications? (?:via|through) (?:this|the) .{0,40}(?:monitored|recorded)|registered (?:office|in England)|government secure intranet)",
        RegexOptions.IgnoreCase)]
    private static partial Regex DisclaimerWords();

    public static IReadOnlyList<TextMark> Find(string text)
    {
        var marks = new List<TextMark>();
        var quoteStart = FirstQuoteHeader(text);
        if (quoteStart is { } start && NewText(text[..start]).Length >= MinimumReplyLength)
        {
            marks.Add(new TextMark(MarkKind.QuotedReply, start, text.Length));
        }

        foreach (Match quoted in QuotedLines().Matches(text))
        {
            if (!Covered(marks, quoted.Index))
            {
                marks.Add(new TextMark(MarkKind.QuotedReply, quoted.Index, TrimEnd(text, quoted.Index + quoted.Length)));
            }
        }

        foreach (var (paragraphStart, paragraphEnd) in Paragraphs(text))
        {
            if (!Covered(marks, paragraphStart) && DisclaimerWords().IsMatch(text.AsSpan(paragraphStart, paragraphEnd - paragraphStart)))
            {
                marks.Add(new TextMark(MarkKind.Disclaimer, paragraphStart, paragraphEnd));
            }
        }

        return [.. marks.OrderBy(m => m.Start)];
    }

    private static int? FirstQuoteHeader(string text)
    {
        int? first = null;
        foreach (var pattern in new[] { WroteHeader(), OriginalMessage(), OutlookHeader() })
        {
            var match = pattern.Match(text);
            if (match.Success && (first is null || match.Index < first))
            {
                first = match.Index;
            }
        }

        return first;
    }

    // What the sender wrote above a quote, without greetings, sign-offs and whitespace.
    private static string NewText(string above)
        => string.Concat(above.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('>') && !Regex.IsMatch(l, @"^(hi|hello|dear|thanks|thank you|regards|kind regards|best|cheers|sent from my)\b", RegexOptions.IgnoreCase)));

    private static bool Covered(List<TextMark> marks, int position) => marks.Exists(m => position >= m.Start && position < m.End);

    private static int TrimEnd(string text, int end)
    {
        while (end > 0 && text[end - 1] is '\n' or '\r')
        {
            end--;
        }

        return end;
    }

    private static IEnumerable<(int Start, int End)> Paragraphs(string text)
    {
        var start = 0;
        while (start < text.Length)
        {
            var gap = text.IndexOf("\n\n", start, StringComparison.Ordinal);
            var end = gap < 0 ? text.Length : gap;
            if (text.AsSpan(start, end - start).Trim().Length > 0)
            {
                yield return (start, end);
            }

            start = gap < 0 ? text.Length : gap + 2;
        }
    }
}
