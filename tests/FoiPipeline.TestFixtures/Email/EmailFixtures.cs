using System.Globalization;
using System.Net;
using System.Text;

namespace FoiPipeline.TestFixtures;

/// <summary>
/// Ready-made request emails in the shapes a FOI mailbox receives: a plain request, HTML with an inline
/// image, a letter attached as PDF or Word, forwards (inline and as an attached message), replies that
/// carry quoted history (Gmail-style "On ... wrote:" and Outlook-style "From: / Sent:" blocks), a legal
/// disclaimer, and a message with hundreds of attachments. The letter's text is always known
/// (<see cref="Letter.Text"/>), so a test can check that extraction keeps it and drops the rest.
/// </summary>
public static class EmailFixtures
{
    /// <summary>The FOI mailbox every fixture is sent to.</summary>
    public static EmailAddress Mailbox { get; } = new("foi@example.police.uk", "FOI Unit");

    /// <summary>A colleague who forwards requests to the mailbox.</summary>
    public static EmailAddress Colleague { get; } = new("j.okafor@example.police.uk", "Okafor, Joseph");

    /// <summary>The disclaimer <see cref="WithDisclaimer"/> appends: boilerplate a reader should not take for a question.</summary>
    public const string Disclaimer =
        "DISCLAIMER: This email and any files transmitted with it are confidential and intended solely for the use of the "
        + "individual or entity to whom they are addressed. If you have received this email in error, please notify the sender "
        + "immediately and delete it from your system. Any views or opinions expressed are solely those of the author and do "
        + "not necessarily represent those of Example Consulting Ltd. Example Consulting Ltd is registered in England and "
        + "Wales, company number 01234567. Please consider the environment before printing this email.";

    /// <summary>The letter as a plain-text email from its requester to <see cref="Mailbox"/>, with a Received trace.</summary>
    /// <param name="letter">What the email says.</param>
    /// <param name="charset">utf-8, iso-8859-1 or windows-1252; iso-8859-1 has no curly quotes, so only letters without them (e.g. <see cref="Letters.CounterTerrorismArrests"/>) fit it.</param>
    /// <param name="encoding">How the body is transfer-encoded.</param>
    /// <param name="html">Also send an HTML version (multipart/alternative).</param>
    public static byte[] Request(Letter letter, string charset = "utf-8", MimeTransferEncoding encoding = MimeTransferEncoding.QuotedPrintable, bool html = false)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var builder = Start(letter).Text(letter.Text, charset, encoding);
        if (html)
        {
            builder.Html(Html(letter.Paragraphs), charset, encoding);
        }

        return builder.Build();
    }

    /// <summary>An HTML email (with a text alternative) whose signature shows an inline image referenced by cid.</summary>
    public static byte[] WithInlineImage(Letter letter, byte[] png, string contentId = "signature-logo@example.org")
    {
        ArgumentNullException.ThrowIfNull(letter);
        var html = Html(letter.Paragraphs).Replace(
            "</body>",
            $"<p><img src=\"cid:{contentId}\" alt=\"Logo\" width=\"120\"></p></body>",
            StringComparison.Ordinal);
        return Start(letter)
            .Text(letter.Text)
            .Html(html)
            .InlineImage(contentId, "logo.png", "image/png", png)
            .Build();
    }

    /// <summary>A short covering note with the request itself attached (e.g. a PDF or .docx of the letter).</summary>
    public static byte[] WithAttachment(Letter letter, string fileName, string contentType, byte[] content, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(letter);
        return Start(letter)
            .Text(note ?? $"Dear FOI Officer,\n\nPlease find my Freedom of Information request attached.\n\nRegards,\n{letter.RequesterName}")
            .Attach(fileName, contentType, content)
            .Build();
    }

    /// <summary>A colleague forwards the request as an attachment: a note, then the original as message/rfc822.</summary>
    public static byte[] ForwardedAsAttachment(Letter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var original = Request(letter);
        return new EmailBuilder()
            .From(Colleague.Address, Colleague.DisplayName)
            .To(Mailbox.Address, Mailbox.DisplayName)
            .Subject($"FW: {SubjectOf(letter)}")
            .Date(EmailBuilder.DefaultDate.AddHours(3))
            .Text("Hi,\n\nThis came to the neighbourhood team's inbox. Please could you log it as a FOI request?\n\nThanks,\nJoseph")
            .AttachMessage(original, "Freedom of Information request.eml")
            .Build();
    }

    /// <summary>A colleague forwards the request inline, under a Gmail-style "Forwarded message" separator.</summary>
    public static byte[] ForwardedInline(Letter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var body = new StringBuilder()
            .Append("Please log the request below.\n\nJoseph\n\n")
            .Append("---------- Forwarded message ---------\n")
            .Append(CultureInfo.InvariantCulture, $"From: {letter.RequesterName} <{letter.RequesterEmail}>\n")
            .Append("Date: Mon, 2 Nov 2026 at 09:13\n")
            .Append(CultureInfo.InvariantCulture, $"Subject: {SubjectOf(letter)}\n")
            .Append("To: <neighbourhood.team@example.police.uk>\n\n")
            .Append(letter.Text);
        return new EmailBuilder()
            .From(Colleague.Address, Colleague.DisplayName)
            .To(Mailbox.Address, Mailbox.DisplayName)
            .Subject($"Fwd: {SubjectOf(letter)}")
            .Date(EmailBuilder.DefaultDate.AddHours(3))
            .Text(body.ToString())
            .Build();
    }

    /// <summary>
    /// The requester replies with <paramref name="reply"/> above the quoted original, Gmail style:
    /// "On Mon, 2 Nov 2026, Name &lt;email&gt; wrote:" then every line of the letter prefixed "&gt; ".
    /// </summary>
    public static byte[] ReplyWithQuotedHistory(Letter letter, string reply)
    {
        ArgumentNullException.ThrowIfNull(letter);
        ArgumentNullException.ThrowIfNull(reply);
        var body = new StringBuilder(reply.TrimEnd())
            .Append("\n\n")
            .Append(CultureInfo.InvariantCulture, $"On Mon, 2 Nov 2026, {letter.RequesterName} <{letter.RequesterEmail}> wrote:\n")
            .Append(string.Join('\n', letter.Text.Split('\n').Select(line => line.Length == 0 ? ">" : "> " + line)));
        return Start(letter)
            .Subject($"Re: {SubjectOf(letter)}")
            .Date(EmailBuilder.DefaultDate.AddDays(2))
            .Header("In-Reply-To", "<original-request@mail.example.org>")
            .Header("References", "<original-request@mail.example.org>")
            .Text(body.ToString())
            .Build();
    }

    /// <summary>
    /// The requester replies with <paramref name="reply"/> above an Outlook-style history block: a rule, then
    /// "From: / Sent: / To: / Subject:" lines and the original letter, unquoted.
    /// </summary>
    public static byte[] OutlookReply(Letter letter, string reply)
    {
        ArgumentNullException.ThrowIfNull(letter);
        ArgumentNullException.ThrowIfNull(reply);
        var body = new StringBuilder(reply.TrimEnd())
            .Append("\n\n________________________________\n")
            .Append(CultureInfo.InvariantCulture, $"From: {letter.RequesterName} <{letter.RequesterEmail}>\n")
            .Append("Sent: Monday, 2 November 2026 09:13\n")
            .Append(CultureInfo.InvariantCulture, $"To: {Mailbox.DisplayName} <{Mailbox.Address}>\n")
            .Append(CultureInfo.InvariantCulture, $"Subject: {SubjectOf(letter)}\n\n")
            .Append(letter.Text);
        return Start(letter)
            .Subject($"RE: {SubjectOf(letter)}")
            .Date(EmailBuilder.DefaultDate.AddDays(2))
            .Header("X-Mailer", "Microsoft Outlook 16.0")
            .Text(body.ToString(), "windows-1252")
            .Build();
    }

    /// <summary>The request followed by a signature and <see cref="Disclaimer"/>.</summary>
    public static byte[] WithDisclaimer(Letter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var body = $"{letter.Text}\n\n--\n{letter.RequesterName}\nSenior Analyst | Example Consulting Ltd\nT: 020 7946 0000\n\n{Disclaimer}";
        return Start(letter).Text(body).Build();
    }

    /// <summary>
    /// The request with <paramref name="count"/> small attachments ("attachment-001.txt", ...), for limits on
    /// parts per message. Each attachment says which one it is.
    /// </summary>
    public static byte[] WithManyAttachments(Letter letter, int count = 200)
    {
        ArgumentNullException.ThrowIfNull(letter);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var builder = Start(letter).Text(letter.Text);
        for (var i = 1; i <= count; i++)
        {
            builder.Attach(
                $"attachment-{i:000}.txt",
                "text/plain",
                Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"Supporting document {i} of {count}.\r\n")));
        }

        return builder.Build();
    }

    /// <summary>A builder already addressed from the letter's requester to the mailbox, with its subject and a Received trace.</summary>
    public static EmailBuilder Start(Letter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        return new EmailBuilder()
            .Received("mail-relay.example.net", "foi-mailbox.example.police.uk", EmailBuilder.DefaultDate.AddSeconds(24))
            .From(letter.RequesterEmail, letter.RequesterName)
            .To(Mailbox.Address, Mailbox.DisplayName)
            .Subject(SubjectOf(letter));
    }

    /// <summary>The subject line the fixtures use for a letter.</summary>
    public static string SubjectOf(Letter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        return $"Freedom of Information request - {letter.Subject}";
    }

    /// <summary>Paragraphs as a minimal HTML document, one &lt;p&gt; each, text HTML-encoded.</summary>
    public static string Html(IEnumerable<string> paragraphs)
    {
        ArgumentNullException.ThrowIfNull(paragraphs);
        var html = new StringBuilder("<!DOCTYPE html>\n<html><body>\n");
        foreach (var paragraph in paragraphs)
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(paragraph)).Append("</p>\n");
        }

        return html.Append("</body></html>\n").ToString();
    }
}
