using FoiPipeline.Intake.Html;

namespace FoiPipeline.Intake.Email;

/// <summary>An email as the pipeline needs it: who sent it, when it arrived, its readable body and what came with it.</summary>
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

    /// <summary>The body text; empty when the email has none (only attachments).</summary>
    public required string Body { get; init; }

    /// <summary>The media type the body text came from: text/plain, or text/html turned into text.</summary>
    public required string BodyMediaType { get; init; }

    public string? BodyCharset { get; init; }

    public required MimeHeaders Headers { get; init; }

    /// <summary>Everything else the email carries, in order: attachments, inline images, forwarded messages.</summary>
    public required IReadOnlyList<EmailAttachment> Attachments { get; init; }
}

/// <summary>A part of an email other than its body: a file, an inline image, or a forwarded message.</summary>
public sealed record EmailAttachment(string Name, string MediaType, bool Inline, MimeEntity Entity)
{
    /// <summary>A forwarded email (message/rfc822): read it as an email of its own.</summary>
    public bool IsMessage => Entity.Message is not null;
}

/// <summary>The email cannot be read; the message says why in words a person can act on.</summary>
public sealed class EmailFormatException(string message) : Exception(message);

/// <summary>
/// Reads .eml files (RFC 5322 with MIME): headers with encoded words, single-part and multipart bodies,
/// base64 and quoted-printable, any charset .NET knows. The body is the first text/plain part that is not
/// an attachment, else the first text/html part as text; every other part is listed as an attachment.
/// </summary>
public static class EmailReader
{
    public static EmailMessage Read(ReadOnlyMemory<byte> raw)
    {
        var root = MimeEntity.Parse(raw);
        if (root.Headers.Fields.Count == 0)
        {
            throw new EmailFormatException("The file has no email headers: it does not start with lines such as 'From:' and 'Subject:'.");
        }

        var body = FindBody(root);
        var skipped = body is null ? [] : Alternatives(root, body);
        var text = body is null ? null : BodyText(body);
        return new EmailMessage
        {
            From = Mailbox.ParseFirst(root.Headers.First("From")?.RawValue),
            To = root.Headers["To"],
            Subject = root.Headers["Subject"],
            Date = MailDate.TryParse(root.Headers["Date"], out var date) ? date : null,
            ReceivedAt = NewestReceived(root.Headers),
            MessageId = root.Headers["Message-ID"]?.Trim(),
            Body = text?.Text ?? string.Empty,
            BodyMediaType = body?.ContentType.MediaType ?? "none",
            BodyCharset = text?.EncodingName,
            Headers = root.Headers,
            Attachments = Attachments(root, skipped),
        };
    }

    /// <summary>The first text/plain part that is not an attachment, else the first such text/html part.</summary>
    private static MimeEntity? FindBody(MimeEntity root)
    {
        var candidates = root.Descendants().Where(e => e.Children.Count == 0 && e.ContentType.IsText && !e.IsAttachment).ToList();
        return candidates.Find(e => e.ContentType.MediaType == "text/plain") ?? candidates.FirstOrDefault();
    }

    /// <summary>The body and the other versions of it in its multipart/alternative, which are not attachments.</summary>
    private static HashSet<MimeEntity> Alternatives(MimeEntity root, MimeEntity body)
    {
        var result = new HashSet<MimeEntity> { body };
        foreach (var alternative in root.Descendants().Where(e => e.ContentType.MediaType == "multipart/alternative"))
        {
            if (alternative.Descendants().Contains(body))
            {
                result.UnionWith(alternative.Descendants().Where(e => e.ContentType.IsText && !e.IsAttachment));
            }
        }

        return result;
    }

    private static List<EmailAttachment> Attachments(MimeEntity root, HashSet<MimeEntity> body)
    {
        var attachments = new List<EmailAttachment>();
        foreach (var entity in root.Descendants().Where(e => e.Children.Count == 0 && !body.Contains(e)))
        {
            if (entity == root && entity.ContentType.IsText && !entity.IsAttachment)
            {
                continue; // a single-part email whose only part is its (empty) body
            }

            var name = entity.FileName
                ?? (entity.Message is { } message ? $"forwarded message: {message.Headers["Subject"] ?? "(no subject)"}" : null)
                ?? $"part {attachments.Count + 1} ({entity.ContentType.MediaType})";
            var inline = entity.IsInline || (!entity.IsAttachment && entity.ContentId is not null);
            attachments.Add(new EmailAttachment(name, entity.ContentType.MediaType, inline, entity));
        }

        return attachments;
    }

    private static DecodedText BodyText(MimeEntity body)
    {
        var decoded = TextDecoding.Decode(body.DecodedBody(), body.ContentType.Charset);
        return body.ContentType.MediaType == "text/html" ? decoded with { Text = HtmlText.ToText(decoded.Text) } : decoded;
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
}
