using System.Text.RegularExpressions;

namespace FoiPipeline.Intake.Email;

/// <summary>What kind of machine-sent mail a message is.</summary>
public enum AutomatedKind
{
    /// <summary>An automatic answer that is not an absence notice: a ticket acknowledgement, a rule's reply.</summary>
    AutoReply,

    /// <summary>An absence notice ("out of office", a vacation responder, Outlook's "Automatic reply").</summary>
    OutOfOffice,

    /// <summary>A bounce: a mail server saying a message could not be delivered.</summary>
    DeliveryFailure,

    /// <summary>Mail its sender marked as bulk or junk (<c>Precedence: bulk</c>).</summary>
    Bulk,
}

/// <summary>
/// Why a message looks machine-sent: its kind, the signal that decided it (a header with its value, or the
/// subject), and for a bounce the Message-ID of the message that bounced, when the report returns it.
/// </summary>
/// <param name="Kind">What kind of automated mail.</param>
/// <param name="Signal">What decided it, as a reviewer can check it in the message ("Auto-Submitted: auto-replied").</param>
/// <param name="FromHeaders">
/// True when a header said so (the message is kept out of the queue); false when only the subject did, which is
/// too weak to act on alone: a requester may write "Out of office hours policing" in a subject.
/// </param>
public sealed record AutomatedMail(AutomatedKind Kind, string Signal, bool FromHeaders)
{
    /// <summary>For a delivery failure, the Message-ID of the message that could not be delivered (from the returned headers).</summary>
    public string? OriginalMessageId { get; init; }
}

/// <summary>
/// Recognises auto-replies, out-of-office notices, bounces and bulk mail from an email's headers, never from its
/// body: a genuine letter may well say "out of office" in its text. Pure: headers in, verdict out.
/// </summary>
/// <remarks>
/// <para>Signals that decide on their own, each one a statement by the sending software:</para>
/// <list type="bullet">
/// <item><c>Auto-Submitted</c> with any value but <c>no</c> (RFC 3834 section 5; values registered by IANA:
/// auto-generated, auto-replied, auto-notified). Exchange Online's automatic replies and Gmail's vacation
/// responder both send <c>auto-replied</c>.</item>
/// <item>A delivery status report: <c>multipart/report; report-type=delivery-status</c> (RFC 6522, with the
/// <c>message/delivery-status</c> part of RFC 3464).</item>
/// <item><c>X-Autoreply</c> / <c>X-Autorespond</c> (older vacation programs and some ticket systems).</item>
/// <item><c>Precedence: bulk | junk | auto_reply</c> (a de facto header RFC 3834 section 3.1.8 describes).</item>
/// <item>A sender <c>MAILER-DAEMON@</c> or <c>postmaster@</c>: the addresses bounces come from.</item>
/// </list>
/// <para>Not signals: <c>X-Auto-Response-Suppress</c> is a sender asking others not to auto-reply to it
/// ([MS-OXCMAIL] 2.1.3.2.20); Outlook sets it on ordinary mail, so it says nothing about this message.
/// <c>X-MS-Exchange-Inbox-Rules-Loop</c> and <c>X-MS-Exchange-Generated-Message-Source</c> mark mail an
/// Exchange mailbox rule produced, which includes a colleague's rule forwarding genuine letters to the FOI
/// mailbox; they count only together with a machine subject.</para>
/// <para>The subject ("Automatic reply:", "Undeliverable:", ...) alone is weak: the message stays a request
/// and carries a flag instead (<see cref="AutomatedMail.FromHeaders"/> false).</para>
/// </remarks>
public static partial class AutomatedMailRecognizer
{
    public static AutomatedMail? Recognise(EmailMessage email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var headers = email.Headers;
        var subject = email.Subject ?? string.Empty;
        var subjectKind = SubjectKind(subject);

        var contentType = ContentType.Parse(headers["Content-Type"]);
        if (contentType.MediaType == "multipart/report"
            && string.Equals(contentType.Parameters.GetValueOrDefault("report-type"), "delivery-status", StringComparison.OrdinalIgnoreCase))
        {
            return new AutomatedMail(AutomatedKind.DeliveryFailure, "Content-Type: multipart/report; report-type=delivery-status", true)
            {
                OriginalMessageId = BouncedMessageId(email),
            };
        }

        var sender = email.From?.Address ?? string.Empty;
        var at = sender.IndexOf('@', StringComparison.Ordinal);
        var local = at > 0 ? sender[..at] : sender;
        if (local.Equals("mailer-daemon", StringComparison.OrdinalIgnoreCase) || local.Equals("postmaster", StringComparison.OrdinalIgnoreCase))
        {
            return new AutomatedMail(AutomatedKind.DeliveryFailure, $"From: {local}@", true) { OriginalMessageId = BouncedMessageId(email) };
        }

        if (headers["Auto-Submitted"] is { } submitted && Keyword(submitted) is { Length: > 0 } keyword && keyword != "no")
        {
            return new AutomatedMail(Absence(subjectKind ?? AutomatedKind.AutoReply, subject), $"Auto-Submitted: {keyword}", true);
        }

        foreach (var name in new[] { "X-Autoreply", "X-Autorespond" })
        {
            if (headers[name] is { } value && Keyword(value) != "no")
            {
                return new AutomatedMail(Absence(subjectKind ?? AutomatedKind.AutoReply, subject), $"{name}: {Keyword(value)}", true);
            }
        }

        if (headers["Precedence"] is { } precedence)
        {
            switch (Keyword(precedence))
            {
                case "auto_reply":
                    return new AutomatedMail(Absence(subjectKind ?? AutomatedKind.AutoReply, subject), "Precedence: auto_reply", true);
                case "bulk" or "junk":
                    return new AutomatedMail(subjectKind ?? AutomatedKind.Bulk, $"Precedence: {Keyword(precedence)}", true);
            }
        }

        if (subjectKind is { } machine)
        {
            foreach (var name in new[] { "X-MS-Exchange-Inbox-Rules-Loop", "X-MS-Exchange-Generated-Message-Source" })
            {
                if (headers.First(name) is not null)
                {
                    return new AutomatedMail(machine, $"{name} with the subject \"{Clip(subject)}\"", true);
                }
            }

            return new AutomatedMail(machine, $"Subject: {Clip(subject)}", false);
        }

        return null;
    }

    /// <summary>The kind a machine subject names, or null when the subject is an ordinary one.</summary>
    public static AutomatedKind? SubjectKind(string subject)
    {
        if (DeliveryFailureSubject().IsMatch(subject))
        {
            return AutomatedKind.DeliveryFailure;
        }

        if (AbsenceSubject().IsMatch(subject))
        {
            return AutomatedKind.OutOfOffice;
        }

        return AutoReplySubject().IsMatch(subject) ? AutomatedKind.AutoReply : null;
    }

    /// <summary>An auto-reply whose subject speaks of absence is an out-of-office notice.</summary>
    private static AutomatedKind Absence(AutomatedKind kind, string subject)
        => kind == AutomatedKind.AutoReply && AbsenceWords().IsMatch(subject) ? AutomatedKind.OutOfOffice : kind;

    /// <summary>The first token of a structured header value, lower-cased: "auto-replied" from "auto-replied; owner=...".</summary>
    private static string Keyword(string value)
    {
        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        return (semicolon >= 0 ? value[..semicolon] : value).Trim().ToLowerInvariant();
    }

    /// <summary>
    /// The Message-ID of the bounced message: from the returned message (message/rfc822) or its headers
    /// (text/rfc822-headers), the third part of an RFC 3464 report.
    /// </summary>
    private static string? BouncedMessageId(EmailMessage email)
    {
        foreach (var attachment in email.Attachments)
        {
            var headers = attachment.Entity.Message?.Headers;
            if (headers is null && attachment.MediaType is "text/rfc822-headers" or "message/rfc822-headers")
            {
                headers = MimeHeaders.Parse(attachment.Entity.DecodedBody(), out _);
            }

            if (headers?["Message-ID"] is { } id && MessageIds.First(id) is { } first)
            {
                return first;
            }
        }

        return null;
    }

    private static string Clip(string text) => text.Length <= 80 ? text : text[..80] + "…";

    [GeneratedRegex(@"^\s*(?:undeliverable\s*:|undelivered mail returned to sender|delivery status notification \((?:failure|delay)\)|mail delivery failed|returned mail\s*:|delivery failure|failure notice|mail delivery (?:subsystem|system)|non[- ]?delivery)", RegexOptions.IgnoreCase)]
    private static partial Regex DeliveryFailureSubject();

    // Outlook's "Automatic reply:" is the subject Exchange gives its out-of-office (OOF) replies.
    [GeneratedRegex(@"^\s*(?:automatic reply\s*:|out of (?:the )?office\b[^:]{0,20}:|out of office auto ?reply|auto(?:matic)?[- ]?reply\s*\((?:out of office|ooo)\))", RegexOptions.IgnoreCase)]
    private static partial Regex AbsenceSubject();

    [GeneratedRegex(@"^\s*(?:auto(?:matic)?[- ]?(?:reply|response)\s*:|autoreply\s*:|auto-response\s*:|\[auto[- ]?reply\])", RegexOptions.IgnoreCase)]
    private static partial Regex AutoReplySubject();

    [GeneratedRegex(@"\b(?:out of (?:the )?office|ooo|on (?:annual )?leave|annual leave|vacation|holiday|away from (?:the|my) (?:office|desk))\b", RegexOptions.IgnoreCase)]
    private static partial Regex AbsenceWords();
}
