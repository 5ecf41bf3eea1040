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

    // Gmail's "---------- Forwarded message ---------", Apple Mail's "Begin forwarded message:", Outlook's "Subject: FW: ...".
    [GeneratedRegex(@"^[ \t]*(?:-{2,}[ \t]*Forwarded message[ \t]*-{2,}|Begin forwarded message:)|^[ \t]*Subject:[ \t]*(?:FW|Fwd):", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex ForwardSign();

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
        var forward = quoteStart is { } header && IsForward(text, header);
        if (quoteStart is { } start && !forward)
        {
            marks.Add(new TextMark(MarkKind.QuotedReply, start, text.Length));
        }

        // "> " lines are history only when the sender wrote something of their own; otherwise they are what is passed on.
        if (!forward && NewText(text[..(quoteStart ?? text.Length)]).Length >= MinimumReplyLength)
        {
            foreach (Match quoted in QuotedLines().Matches(text))
            {
                if (!Covered(marks, quoted.Index))
                {
                    marks.Add(new TextMark(MarkKind.QuotedReply, quoted.Index, TrimEnd(text, quoted.Index + quoted.Length)));
                }
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

    /// <summary>
    /// A forwarded message is the content being passed on, not history: a forward separator just above or
    /// inside the header block, a "FW:" subject in it, or no new words above it at all.
    /// </summary>
    private static bool IsForward(string text, int quoteStart)
    {
        // From the line above the quote header to the end of the header block.
        var lineAbove = quoteStart >= 2 ? text.LastIndexOf('\n', quoteStart - 2) : -1;
        var blankLine = text.IndexOf("\n\n", quoteStart, StringComparison.Ordinal);
        var around = text[Math.Max(0, lineAbove)..(blankLine < 0 ? text.Length : blankLine)];
        return ForwardSign().IsMatch(around) || NewText(text[..quoteStart]).Length < MinimumReplyLength;
    }

    // A line that is only a greeting, a sign-off or a name-length signature, not new words.
    [GeneratedRegex(@"^(?:(?:hi|hello|dear)\b.{0,40}|(?:many |kind |best )?(?:thanks|thank you|regards|wishes)|cheers|best|sent from my .{0,40})[,.!]*$", RegexOptions.IgnoreCase)]
    private static partial Regex GreetingOrSignOff();

    // What the sender wrote above a quote, without greetings, sign-offs and whitespace.
    private static string NewText(string above)
        => string.Concat(above.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('>') && !GreetingOrSignOff().IsMatch(l)));

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
