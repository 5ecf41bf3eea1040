using System.Text.RegularExpressions;
using FoiPipeline.Intake;
using FoiPipeline.Intake.Email;

namespace FoiPipeline.Analysis.Layout;

/// <summary>What a stretch of a letter is.</summary>
public enum RegionKind
{
    /// <summary>Website furniture around a web-form submission: cookie banners, "Skip to content".</summary>
    Chrome,

    /// <summary>The fields of a web-form submission other than the request ("Title: Mr", "Telephone:").</summary>
    FormFields,

    /// <summary>A colleague's covering note on an internal forward; the forwarded message is the request.</summary>
    ForwardingNote,

    /// <summary>A heading or "Re:" line naming the request.</summary>
    Title,

    Salutation,

    /// <summary>The request itself: what is split into questions and tagged.</summary>
    Request,

    /// <summary>"Yours sincerely" and the signature block after it.</summary>
    Signature,

    QuotedReply,

    Disclaimer,

    /// <summary>The authority's own reply, when a response is filed with the request (published disclosure-log entries).</summary>
    AuthorityReply,
}

/// <summary>A span of the letter's text and what it is.</summary>
public sealed record Region(RegionKind Kind, int Start, int End);

/// <summary>
/// Where the request is in a letter's text, and what surrounds it. A text may hold several documents (an
/// email's body and each attachment); each is laid out on its own and its request spans are kept, so a
/// request that is in an attachment is found as well as one in the body.
/// </summary>
public sealed partial record LetterLayout
{
    public required IReadOnlyList<Region> Regions { get; init; }

    /// <summary>The spans analysis reads: the request regions, with quoted history and disclaimers cut out.</summary>
    public required IReadOnlyList<(int Start, int End)> RequestSpans { get; init; }

    public string? Title { get; init; }

    public string? Reference { get; init; }

    /// <summary>Where the first sign-off ("Yours sincerely") starts; the requester's name usually follows it.</summary>
    public int? SignOffStart { get; init; }

    /// <summary>
    /// On a forwarded email ("FW:"), who wrote the forwarded message: the requester, where the email's own
    /// headers name the colleague who passed it on.
    /// </summary>
    public EmailHeaders? ForwardedFrom { get; init; }

    /// <summary>Whether any text looks like a request; false for, say, a filed reply with no request in it.</summary>
    public bool HasRequest => RequestSpans.Count > 0;

    public static LetterLayout Of(ExtractedDocument document)
    {
        var text = document.Text;
        var marks = document.Kind == DocumentKind.Email ? document.Marks : [.. document.Marks, .. ReplyMarks.Find(text)];
        var regions = new List<Region>();
        var spans = new List<(int, int)>();
        string? title = null, reference = document.Email?.Subject is { } subject ? ReferenceIn(subject) : null;
        int? signOff = null;
        EmailHeaders? forwardedFrom = null;
        var forward = document.Email?.Subject is { } emailSubject && ForwardSubject().IsMatch(emailSubject);
        foreach (var (start, end) in Documents(document))
        {
            var from = start;
            if (forward && forwardedFrom is null && ForwardedMessage(text, start, end, marks) is { } forwarded)
            {
                // The covering note is not the request: lay out the forwarded message as the letter.
                regions.Add(new Region(RegionKind.ForwardingNote, start, forwarded.BodyStart));
                forwardedFrom = forwarded.From;
                from = forwarded.BodyStart;
                marks = [.. marks.Where(m => m != forwarded.Mark)];
            }

            var one = LayOut(text, from, end, marks);
            regions.AddRange(one.Regions);
            spans.AddRange(one.Spans);
            title ??= one.Title;
            reference ??= one.Reference;
            signOff ??= one.SignOff;
        }

        return new LetterLayout
        {
            Regions = regions,
            RequestSpans = spans,
            Title = title,
            Reference = reference,
            SignOffStart = signOff,
            ForwardedFrom = forwardedFrom,
        };
    }

    /// <summary>The first quoted block of a document and the sender its header names, when it has a header.</summary>
    private static (TextMark Mark, int BodyStart, EmailHeaders From)? ForwardedMessage(string text, int start, int end, IReadOnlyList<TextMark> marks)
    {
        var mark = marks.Where(m => m.Kind == MarkKind.QuotedReply && m.Start >= start && m.Start < end).MinBy(m => m.Start);
        if (mark is null)
        {
            return null;
        }

        var header = text[mark.Start..Math.Min(mark.End, mark.Start + 600)];
        var from = QuotedFrom().Match(header);
        if (!from.Success)
        {
            return null;
        }

        // The forwarded message's own header lines (From:, Sent:, To:, Subject:) are not part of its request.
        var bodyStart = mark.Start;
        foreach (var (lineStart, lineEnd) in Lines(text, mark.Start, Math.Min(mark.End, end)))
        {
            var line = text.AsSpan(lineStart, lineEnd - lineStart).Trim();
            if (line.Length > 0 && !QuotedHeaderLine().IsMatch(text[lineStart..lineEnd]) && !line.StartsWith("-----", StringComparison.Ordinal))
            {
                break;
            }

            bodyStart = Math.Min(lineEnd + 1, mark.End);
        }

        var name = from.Groups["name"].Value.Trim().Trim('"', '\'');
        return (mark, bodyStart, new EmailHeaders
        {
            FromName = name.Length > 0 ? name : null,
            FromAddress = from.Groups["address"].Value,
            Subject = QuotedSubject().Match(header) is { Success: true } subject ? subject.Groups["subject"].Value.Trim() : null,
        });
    }

    /// <summary>Lays out plain text with no extraction parts (one document).</summary>
    public static LetterLayout Of(string text) => Of(new ExtractedDocument
    {
        DocId = new string('0', 64),
        SourceBlob = "text",
        Kind = DocumentKind.PlainText,
        Length = text.Length,
        Method = "text",
        Text = text,
        ReceivedAt = DateTimeOffset.UnixEpoch,
        ReceivedAtSource = ReceivedAtSource.BlobCreated,
        ExtractedAt = DateTimeOffset.UnixEpoch,
        PipelineVersion = "layout",
    });

    /// <summary>
    /// The documents in a text: one per top-level part (an email's body, each attachment with all its pages),
    /// or the whole text when it is one letter.
    /// </summary>
    private static IEnumerable<(int Start, int End)> Documents(ExtractedDocument document)
    {
        if (document.Kind != DocumentKind.Email || document.Parts.Count <= 1)
        {
            yield return (0, document.Text.Length);
            yield break;
        }

        string? current = null;
        int start = 0, end = 0;
        foreach (var part in document.Parts)
        {
            var top = part.Name.Split(", ", 2)[0];
            if (top != current)
            {
                if (current is not null)
                {
                    yield return (start, end);
                }

                (current, start) = (top, part.Start);
            }

            end = part.End;
        }

        if (current is not null)
        {
            yield return (start, end);
        }
    }

    private sealed record Layout(List<Region> Regions, List<(int, int)> Spans, string? Title, string? Reference, int? SignOff);

    private static Layout LayOut(string text, int from, int to, IReadOnlyList<TextMark> marks)
    {
        var regions = new List<Region>();
        var lines = Lines(text, from, to);
        var index = 0;

        // Website chrome and blank lines at the top.
        var chromeStart = -1;
        while (index < lines.Count && (IsBlank(text, lines[index]) || Chrome().IsMatch(Line(text, lines[index]))))
        {
            if (!IsBlank(text, lines[index]) && chromeStart < 0)
            {
                chromeStart = lines[index].Start;
            }

            index++;
        }

        if (chromeStart >= 0)
        {
            regions.Add(new Region(RegionKind.Chrome, chromeStart, lines[Math.Max(0, index - 1)].End));
        }

        // A web form's submission: the request is the value of its request field, up to the next field.
        if (FormRequest(text, lines, index, to) is { } form)
        {
            form.Regions.InsertRange(0, regions);
            return form;
        }

        // The authority's reply, if one follows (or is all there is).
        var requestEnd = to;
        for (var i = index; i < lines.Count; i++)
        {
            if (AuthorityReply().IsMatch(Line(text, lines[i])))
            {
                regions.Add(new Region(RegionKind.AuthorityReply, lines[i].Start, to));
                requestEnd = lines[i].Start;
                break;
            }
        }

        // Quoted history ends the request; disclaimers are cut out of it.
        foreach (var mark in marks.Where(m => m.Start >= from && m.Start < requestEnd))
        {
            if (mark.Kind == MarkKind.QuotedReply && mark.End >= Math.Min(to, requestEnd) - 1)
            {
                requestEnd = mark.Start;
            }
        }

        // A title ("Terror Arrests (332_14)", "Re: ...") and the salutation.
        string? title = null, reference = null;
        var requestStart = index < lines.Count ? lines[index].Start : to;
        for (var i = index; i < lines.Count && lines[i].Start < requestEnd && i < index + 8; i++)
        {
            var line = Line(text, lines[i]).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (Salutation().IsMatch(line))
            {
                regions.Add(new Region(RegionKind.Salutation, lines[i].Start, lines[i].End));
                requestStart = lines[i].End;

                // A heading may follow the salutation: "Freedom of Information Act 2000 request: live facial recognition".
                var next = i + 1;
                while (next < lines.Count && IsBlank(text, lines[next]))
                {
                    next++;
                }

                if (next < lines.Count && lines[next].Start < requestEnd && SubjectHeading().IsMatch(Line(text, lines[next]).Trim()))
                {
                    title = Line(text, lines[next]).Trim();
                    regions.Add(new Region(RegionKind.Title, lines[next].Start, lines[next].End));
                    requestStart = lines[next].End;
                }

                break;
            }

            if (TitleLine().Match(line) is { Success: true } heading)
            {
                title = title is null || GenericTitle().IsMatch(title) ? heading.Groups["title"].Value.Trim() : title;
                reference ??= ReferenceIn(line);
                regions.Add(new Region(RegionKind.Title, lines[i].Start, lines[i].End));
                requestStart = lines[i].End;
                continue;
            }

            var following = i + 1 < lines.Count ? Line(text, lines[i + 1]).Trim() : string.Empty;
            if (!LooksLikeHeading(line, following))
            {
                break;
            }

            title ??= Heading().Match(line) is { Success: true } named ? named.Groups["title"].Value.Trim() : line;
            reference ??= ReferenceIn(line);
            regions.Add(new Region(RegionKind.Title, lines[i].Start, lines[i].End));
            requestStart = lines[i].End;
        }

        reference ??= ReferenceIn(text[from..Math.Min(to, from + 600)]);

        // The sign-off and the signature block after it.
        int? signOff = null;
        foreach (var line in lines.Where(l => l.Start >= requestStart && l.Start < requestEnd))
        {
            if (SignOff().IsMatch(Line(text, line)))
            {
                signOff = line.Start;
                regions.Add(new Region(RegionKind.Signature, line.Start, requestEnd));
                requestEnd = line.Start;
                break;
            }
        }

        var spans = new List<(int, int)>();
        if (requestEnd > requestStart && text.AsSpan(requestStart, requestEnd - requestStart).Trim().Length > 0)
        {
            regions.Add(new Region(RegionKind.Request, requestStart, requestEnd));
            spans.AddRange(CutOut(requestStart, requestEnd, marks));
        }

        foreach (var mark in marks.Where(m => m.Start >= from && m.End <= to))
        {
            regions.Add(new Region(mark.Kind == MarkKind.Disclaimer ? RegionKind.Disclaimer : RegionKind.QuotedReply, mark.Start, mark.End));
        }

        return new Layout(regions, spans, title, reference, signOff);
    }

    private static Layout? FormRequest(string text, List<(int Start, int End)> lines, int index, int to)
    {
        for (var i = index; i < lines.Count; i++)
        {
            var field = FormRequestField().Match(Line(text, lines[i]));
            if (!field.Success)
            {
                continue;
            }

            var regions = new List<Region>();
            if (lines[i].Start > lines[index].Start)
            {
                regions.Add(new Region(RegionKind.FormFields, lines[index].Start, lines[i].Start));
            }

            var start = lines[i].Start + field.Groups["value"].Index;
            var end = to;
            for (var j = i + 1; j < lines.Count; j++)
            {
                var line = Line(text, lines[j]);
                var reply = AuthorityReply().IsMatch(line);
                if (reply || FormField().IsMatch(line) || Chrome().IsMatch(line) || FormFooter().IsMatch(line))
                {
                    end = lines[j].Start;
                    regions.Add(new Region(reply ? RegionKind.AuthorityReply : RegionKind.FormFields, lines[j].Start, to));
                    break;
                }
            }

            regions.Add(new Region(RegionKind.Request, start, end));
            return new Layout(regions, [(start, end)], null, ReferenceIn(text[lines[index].Start..start]), null);
        }

        return null;
    }

    private static IEnumerable<(int, int)> CutOut(int start, int end, IReadOnlyList<TextMark> marks)
    {
        var position = start;
        foreach (var mark in marks.Where(m => m.End > start && m.Start < end).OrderBy(m => m.Start))
        {
            if (mark.Start > position)
            {
                yield return (position, mark.Start);
            }

            position = Math.Max(position, mark.End);
        }

        if (position < end)
        {
            yield return (position, end);
        }
    }

    /// <summary>
    /// A short line standing alone near the top, not a sentence: "CTSAs Performance Indicators (11177_16)",
    /// "Freedom of Information request". It is followed by a blank line or another heading line, which is what
    /// tells it from the first line of a wrapped paragraph.
    /// </summary>
    private static bool LooksLikeHeading(string line, string following)
        => line.Length <= 90 && !line.EndsWith('.') && !line.EndsWith(':') && !line.EndsWith(',')
            && (following.Length == 0 || TitleLine().IsMatch(following))
            && !QuestionMarker().IsMatch(line)
            && (Heading().IsMatch(line) || (char.IsUpper(line[0]) && line.Split(' ').Length <= 12 && !line.Contains('?', StringComparison.Ordinal)));

    public static string? ReferenceIn(string text)
    {
        foreach (var pattern in new[] { ParenthesisedReference(), LabelledReference() })
        {
            var match = pattern.Match(text);
            if (match.Success)
            {
                return match.Groups["reference"].Value.TrimEnd('.', ',', ')');
            }
        }

        return null;
    }

    internal static List<(int Start, int End)> Lines(string text, int from, int to)
    {
        var lines = new List<(int, int)>();
        var start = from;
        while (start < to)
        {
            var newline = text.IndexOf('\n', start, to - start);
            var end = newline < 0 ? to : newline;
            lines.Add((start, end));
            start = end + 1;
        }

        return lines;
    }

    private static string Line(string text, (int Start, int End) line) => text[line.Start..line.End];

    private static bool IsBlank(string text, (int Start, int End) line) => text.AsSpan(line.Start, line.End - line.Start).Trim().Length == 0;

    [GeneratedRegex(@"^\s*(?:skip to (?:main )?content|coronavirus \(covid-19\)|how we are working to keep our foi requests running|we use (?:some )?(?:essential )?cookies|you can manage your preferences|your cookie preferences|(?:accept|reject|customise|manage) (?:all |additional )?cookies|cookies? (?:notice|policy|settings)|quickly exit this site|leave this site|this site is a beta|sorry, there was a technical problem|your feedback (?:helps|will help)|back to top|home\s*[>›]|menu$|search$|print this page)", RegexOptions.IgnoreCase)]
    private static partial Regex Chrome();

    // Only the authority thanks the requester for their request. Requesters replying to a clarification thank the
    // authority for its email or letter too, so those open a reply only when they go on to name what was requested.
    [GeneratedRegex(@"^\s*(?:we can confirm that|we are (?:withholding|unable to provide)|(?:[a-z][\w ]{0,40} )?(?:can|will) neither confirm nor deny|i have today decided to|please find (?:the |our |attached )?(?:data|information|response|figures|table|attached)|this letter serves as a refusal notice|this response serves as a refusal notice|reason(?:s)? for decision|public interest test\b|the freedom of information act (?:2000 )?places two (?:responsibilities|duties)|thank you for your request (?:dated|received|of|for information)|thank you for your (?:e-?mail|letter) (?:dated|received|of)\b[^\n]{0,80}?\b(?:in which you|requesting|you requested|request(?:ed|ing) information)|your request has been (?:considered|received|logged)|in response to your request|decision\s*:|response\s*:|(?:our |the |foi )?response\s*$|our response\s*:?$)", RegexOptions.IgnoreCase)]
    private static partial Regex AuthorityReply();

    // A heading that names no subject: "Freedom of Information request", "FOI Act 2000".
    [GeneratedRegex(@"^\s*(?:freedom of information|foi)(?: act)?(?: 2000)?(?: request)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex GenericTitle();

    // "Freedom of Information Act 2000 request: live facial recognition", "FOI request – royal visit".
    [GeneratedRegex(@"^(?:freedom of information|foi)\b[^:\n]{0,60}?(?:request|act(?: 2000)?)\s*[:\-\u2013]\s*\S.{2,}$", RegexOptions.IgnoreCase)]
    private static partial Regex SubjectHeading();

    [GeneratedRegex(@"^\s*(?:FW|FWD|Fwd|Fw)\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex ForwardSubject();

    [GeneratedRegex(@"^[ \t>]*From:[ \t]*(?:(?<name>[^<\n]*?)[ \t]*<(?<address>[^>\s]+@[^>\s]+)>|(?<address>\S+@\S+))", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex QuotedFrom();

    [GeneratedRegex(@"^[ \t>]*(?:from|sent|date|to|cc|subject|importance)\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex QuotedHeaderLine();

    [GeneratedRegex(@"^[ \t>]*Subject:[ \t]*(?<subject>.+)$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex QuotedSubject();

    // The request field of a web form: "Details of your request:", "Your request:", "Information requested:".
    [GeneratedRegex(@"^\s*(?:details of (?:your|the) request|(?:your|the) request(?: details)?|request details|information (?:requested|required|you (?:are )?request(?:ing)?)|what information (?:are you requesting|do you want|would you like)|description of (?:the )?information(?: requested)?)\s*[:\-]\s*(?<value>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex FormRequestField();

    // Another form field after the request: a short label and a colon ("How would you like to receive the information: Email").
    [GeneratedRegex(@"^\s*(?:how would you like|preferred (?:format|method)|format|declaration|i confirm|date (?:submitted|of submission)|submitted|telephone|phone|address|postcode|signature|attachments?|consent|privacy|are you requesting|title|first name|surname|last name|e-?mail(?: address)?)\b[^:\n]{0,60}:", RegexOptions.IgnoreCase)]
    private static partial Regex FormField();

    [GeneratedRegex(@"^\s*(?:was this page useful|report a problem with this page|accessibility\s*\||©)", RegexOptions.IgnoreCase)]
    private static partial Regex FormFooter();

    [GeneratedRegex(@"^\s*(?:dear\b.*|to whom it may concern.*|hello\b.{0,40}|hi\b.{0,40}|good (?:morning|afternoon|evening)\b.{0,40})$", RegexOptions.IgnoreCase)]
    private static partial Regex Salutation();

    [GeneratedRegex(@"^\s*(?:yours (?:sincerely|faithfully|truly)|(?:kind|best|warm|many)\s+(?:regards|thanks|wishes)|with (?:best|kind|warm|many) (?:regards|wishes|thanks)|with thanks|regards|sincerely|thanks(?: (?:again|in advance))?|thank you(?: (?:very much|in advance|for your (?:help|time|assistance)))?|diolch(?: \/ thank you)?|cheers)\s*[,.!]?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex SignOff();

    [GeneratedRegex(@"^\s*(?:re|subject|ref|title)\s*:\s*(?<title>\S.{2,})$", RegexOptions.IgnoreCase)]
    private static partial Regex TitleLine();

    [GeneratedRegex(@"^(?<title>.*?)\s*\((?<reference>[0-9]{1,6}[A-Z]?[_/][0-9]{2,4})\)\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"\((?<reference>[0-9]{1,6}[A-Z]?[_/][0-9]{2,4})\)")]
    private static partial Regex ParenthesisedReference();

    // A reference has a digit in it: "Reference: WEB-58120", "Ref 2291/24"; not "the reference used".
    [GeneratedRegex(@"\b(?:reference|ref)(?:\s+(?:no|number))?\.?\s*[:#]?\s*(?<reference>(?=[A-Z./_-]*[0-9])[A-Z0-9][A-Z0-9./_-]{3,})", RegexOptions.IgnoreCase)]
    private static partial Regex LabelledReference();

    [GeneratedRegex(@"^\s*(?:\(?\d{1,2}[.)]|\(?[a-z][.)]|[-*\u2022]\s|Q\d)", RegexOptions.IgnoreCase)]
    private static partial Regex QuestionMarker();
}
