using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace FoiPipeline.Intake.Email;

/// <summary>An email as the pipeline needs it: who sent it, when it arrived, and its readable text.</summary>
public sealed record EmailMessage
{
    public Mailbox? From { get; init; }

    public string? To { get; init; }

    public string? Subject { get; init; }

    /// <summary>The Date header: when the sender's software says it was written.</summary>
    public DateTimeOffset? Date { get; init; }

    /// <summary>The newest Received header: when it reached our mail server, which is the legal date of receipt.</summary>
    public DateTimeOffset? ReceivedAt { get; init; }

    public string? MessageId { get; init; }

    public required string Body { get; init; }

    /// <summary>The media type the body text came from: text/plain, or text/html turned into text.</summary>
    public required string BodyMediaType { get; init; }

    public string? BodyCharset { get; init; }

    public required MimeHeaders Headers { get; init; }
}

/// <summary>The email cannot be read; the message says why in words a person can act on.</summary>
public sealed class EmailFormatException(string message) : Exception(message);

/// <summary>
/// Reads .eml files (RFC 5322 with MIME): headers with encoded words, single-part and multipart bodies,
/// base64 and quoted-printable, any charset .NET knows. It picks the first text/plain part that is not an
/// attachment, else the first text/html part as text.
/// </summary>
public static partial class EmailReader
{
    private const int MaxDepth = 8;

    public static EmailMessage Read(ReadOnlySpan<byte> raw)
    {
        var headers = MimeHeaders.Parse(raw, out var bodyStart);
        if (headers.Fields.Count == 0)
        {
            throw new EmailFormatException("The file has no email headers: it does not start with lines such as 'From:' and 'Subject:'.");
        }

        var body = FindBody(headers, raw[bodyStart..], depth: 0)
            ?? throw new EmailFormatException("The email has no text/plain or text/html part to read; it may hold only attachments, which this build cannot read yet.");

        return new EmailMessage
        {
            From = Mailbox.ParseFirst(headers.First("From")?.RawValue),
            To = headers["To"],
            Subject = headers["Subject"],
            Date = MailDate.TryParse(headers["Date"], out var date) ? date : null,
            ReceivedAt = NewestReceived(headers),
            MessageId = headers["Message-ID"]?.Trim(),
            Body = body.Text,
            BodyMediaType = body.MediaType,
            BodyCharset = body.Charset,
            Headers = headers,
        };
    }

    private sealed record BodyText(string Text, string MediaType, string? Charset);

    private static BodyText? FindBody(MimeHeaders headers, ReadOnlySpan<byte> body, int depth)
    {
        var contentType = ContentType.Parse(headers["Content-Type"]);
        if (contentType.IsMultipart)
        {
            if (depth >= MaxDepth || contentType.Boundary is not { Length: > 0 } boundary)
            {
                return null;
            }

            BodyText? html = null;
            foreach (var part in SplitMultipart(body, boundary))
            {
                var partHeaders = MimeHeaders.Parse(part.Span, out var partBodyStart);
                var found = FindBody(partHeaders, part.Span[partBodyStart..], depth + 1);
                if (found is null)
                {
                    continue;
                }

                if (found.MediaType == "text/plain")
                {
                    return found;
                }

                html ??= found;
            }

            return html;
        }

        if (IsAttachment(headers))
        {
            return null;
        }

        if (contentType.MediaType is not ("text/plain" or "text/html"))
        {
            return null;
        }

        var decoded = DecodeTransfer(body, headers["Content-Transfer-Encoding"]);
        var text = TextDecoding.Decode(decoded, contentType.Charset);
        var content = contentType.MediaType == "text/html" ? HtmlToText(text.Text) : text.Text;
        return new BodyText(content, contentType.MediaType, text.EncodingName);
    }

    private static bool IsAttachment(MimeHeaders headers)
        => headers["Content-Disposition"]?.TrimStart().StartsWith("attachment", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Splits a multipart body at its boundary lines; the preamble and epilogue are dropped.</summary>
    private static List<ReadOnlyMemory<byte>> SplitMultipart(ReadOnlySpan<byte> body, string boundary)
    {
        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var parts = new List<ReadOnlyMemory<byte>>();
        var copy = body.ToArray();
        int? partStart = null;
        var position = 0;
        while (position < copy.Length)
        {
            var next = MimeHeaders.NextLine(copy, position, out var lineLength);
            var line = copy.AsSpan(position, lineLength).TrimEnd((ReadOnlySpan<byte>)[(byte)' ', (byte)'\t']);
            if (line.StartsWith(delimiter))
            {
                var rest = line[delimiter.Length..];
                var closing = rest.SequenceEqual("--"u8);
                if (rest.IsEmpty || closing)
                {
                    if (partStart is { } start)
                    {
                        // The line break before a boundary belongs to the boundary, not the part.
                        var end = position;
                        if (end > start && copy[end - 1] == '\n')
                        {
                            end--;
                        }

                        if (end > start && copy[end - 1] == '\r')
                        {
                            end--;
                        }

                        parts.Add(copy.AsMemory(start, end - start));
                    }

                    if (closing)
                    {
                        return parts;
                    }

                    partStart = next;
                }
            }

            position = next;
        }

        // No closing boundary: keep the last part rather than lose it.
        if (partStart is { } last && last < copy.Length)
        {
            parts.Add(copy.AsMemory(last));
        }

        return parts;
    }

    private static byte[] DecodeTransfer(ReadOnlySpan<byte> body, string? encoding)
    {
        switch (encoding?.Trim().ToLowerInvariant())
        {
            case "base64":
                var clean = new StringBuilder(body.Length);
                foreach (var b in body)
                {
                    if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'+' or (byte)'/')
                    {
                        clean.Append((char)b);
                    }
                }

                // Drop an incomplete trailing group rather than fail the whole part.
                var usable = clean.Length - (clean.Length % 4 == 1 ? 1 : 0);
                var padded = clean.ToString(0, usable).PadRight(usable + ((4 - (usable % 4)) % 4), '=');
                return Convert.FromBase64String(padded);
            case "quoted-printable":
                return QuotedPrintable.DecodeBody(body);
            default:
                return body.ToArray();
        }
    }

    private static DateTimeOffset? NewestReceived(MimeHeaders headers)
    {
        // Each server prepends its Received header, so the first one is the last hop: our own server.
        foreach (var received in headers.All("Received"))
        {
            var semicolon = received.RawValue.LastIndexOf(';');
            if (semicolon >= 0 && MailDate.TryParse(received.RawValue[(semicolon + 1)..], out var date))
            {
                return date;
            }
        }

        return null;
    }

    [GeneratedRegex(@"<(script|style|head)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex HiddenElements();

    [GeneratedRegex(@"<\s*(br|/p|/div|/li|/tr|/h[1-6]|p|div|li|tr|h[1-6])\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockBreaks();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"[ \t]+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\n\s*\n\s*(\n\s*)+")]
    private static partial Regex ManyBlankLines();

    /// <summary>A plain reading of an HTML body: block elements become line breaks, tags go, entities are decoded.</summary>
    internal static string HtmlToText(string html)
    {
        var text = HiddenElements().Replace(html, string.Empty);
        text = BlockBreaks().Replace(text, "\n");
        text = Tags().Replace(text, string.Empty);
        text = WebUtility.HtmlDecode(text).Replace('\u00A0', ' ');
        text = Spaces().Replace(text, " ");
        text = string.Join('\n', text.Split('\n').Select(line => line.Trim()));
        return ManyBlankLines().Replace(text, "\n\n").Trim();
    }
}
