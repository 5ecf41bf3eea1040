using System.Text;
using FoiPipeline.Intake.Email;
using FoiPipeline.TestFixtures;

namespace FoiPipeline.UnitTests.Correspondence;

public class AutomatedMailRecognizerTests
{
    private static AutomatedMail? Recognise(byte[] raw) => AutomatedMailRecognizer.Recognise(EmailReader.Read(raw));

    private static AutomatedMail? Recognise(string headers, string body = "Some text.")
        => Recognise(Encoding.Latin1.GetBytes((headers.TrimEnd() + "\n\n" + body + "\n").ReplaceLineEndings("\r\n")));

    private const string Person = "From: Ann Example <ann@example.org>\nTo: foi@example.police.uk\nDate: Mon, 9 Nov 2026 10:00:00 +0000";

    [Fact]
    public void An_outlook_automatic_reply_is_an_out_of_office_notice_by_its_auto_submitted_header()
    {
        var verdict = Recognise(MailLoopFixtures.OutlookAutomaticReply);
        Assert.NotNull(verdict);
        Assert.Equal(AutomatedKind.OutOfOffice, verdict.Kind);
        Assert.Equal("Auto-Submitted: auto-replied", verdict.Signal);
        Assert.True(verdict.FromHeaders);
    }

    [Fact]
    public void A_gmail_vacation_reply_is_recognised_by_its_header_though_its_subject_is_an_ordinary_re()
    {
        var verdict = Recognise(MailLoopFixtures.GmailVacationResponder);
        Assert.NotNull(verdict);
        Assert.Equal(AutomatedKind.AutoReply, verdict.Kind);
        Assert.Equal("Auto-Submitted: auto-replied", verdict.Signal);
        Assert.True(verdict.FromHeaders);
    }

    [Fact]
    public void A_postfix_bounce_is_a_delivery_failure_that_names_the_message_that_bounced()
    {
        var verdict = Recognise(MailLoopFixtures.PostfixBounce);
        Assert.NotNull(verdict);
        Assert.Equal(AutomatedKind.DeliveryFailure, verdict.Kind);
        Assert.Equal("Content-Type: multipart/report; report-type=delivery-status", verdict.Signal);
        Assert.Equal(MailLoopFixtures.PostfixBouncedMessageId, verdict.OriginalMessageId);
    }

    [Fact]
    public void An_exchange_non_delivery_report_returns_only_headers_and_still_names_the_bounced_message()
    {
        var verdict = Recognise(MailLoopFixtures.ExchangeUndeliverable);
        Assert.NotNull(verdict);
        Assert.Equal(AutomatedKind.DeliveryFailure, verdict.Kind);
        Assert.Equal(MailLoopFixtures.ExchangeBouncedMessageId, verdict.OriginalMessageId);
    }

    [Fact]
    public void A_request_that_says_out_of_office_in_its_body_is_not_automated()
    {
        Assert.Null(Recognise(MailLoopFixtures.RequestMentioningOutOfOffice));
    }

    [Theory]
    [InlineData("Auto-Submitted: auto-generated", AutomatedKind.AutoReply, "Auto-Submitted: auto-generated")]
    [InlineData("Auto-Submitted: auto-replied", AutomatedKind.AutoReply, "Auto-Submitted: auto-replied")]
    [InlineData("Auto-Submitted: auto-notified; owner-email=\"a@example.org\"", AutomatedKind.AutoReply, "Auto-Submitted: auto-notified")]
    [InlineData("Auto-Submitted: AUTO-REPLIED", AutomatedKind.AutoReply, "Auto-Submitted: auto-replied")]
    [InlineData("X-Autoreply: yes", AutomatedKind.AutoReply, "X-Autoreply: yes")]
    [InlineData("X-Autorespond: Thank you", AutomatedKind.AutoReply, "X-Autorespond: thank you")]
    [InlineData("Precedence: auto_reply", AutomatedKind.AutoReply, "Precedence: auto_reply")]
    [InlineData("Precedence: bulk", AutomatedKind.Bulk, "Precedence: bulk")]
    [InlineData("Precedence: junk", AutomatedKind.Bulk, "Precedence: junk")]
    public void Each_header_signal_decides_on_its_own(string header, AutomatedKind kind, string signal)
    {
        var verdict = Recognise(Person + "\nSubject: Your email\n" + header);
        Assert.NotNull(verdict);
        Assert.Equal(kind, verdict.Kind);
        Assert.Equal(signal, verdict.Signal);
        Assert.True(verdict.FromHeaders);
    }

    [Theory]
    [InlineData("Auto-Submitted: no")]
    [InlineData("Auto-Submitted: No ")]
    [InlineData("X-Autoreply: no")]
    [InlineData("Precedence: list")]
    [InlineData("Precedence: first-class")]
    [InlineData("X-Auto-Response-Suppress: All")]
    [InlineData("X-Auto-Response-Suppress: DR, OOF, AutoReply")]
    [InlineData("X-MS-Exchange-Inbox-Rules-Loop: colleague@example.police.uk")]
    [InlineData("X-MS-Exchange-Generated-Message-Source: Mailbox Rules Agent")]
    public void What_is_not_a_signal_leaves_a_letter_alone(string header)
    {
        Assert.Null(Recognise(Person + "\nSubject: FOI request - firearms licensing\n" + header));
    }

    [Theory]
    [InlineData("MAILER-DAEMON@mx.example.org", "From: MAILER-DAEMON@")]
    [InlineData("mailer-daemon@googlemail.com", "From: mailer-daemon@")]
    [InlineData("postmaster@example.police.uk", "From: postmaster@")]
    public void Mail_from_a_mail_system_address_is_a_delivery_failure(string sender, string signal)
    {
        var verdict = Recognise($"From: Mail Delivery Subsystem <{sender}>\nTo: foi@example.police.uk\nSubject: Delivery Status Notification (Failure)");
        Assert.NotNull(verdict);
        Assert.Equal(AutomatedKind.DeliveryFailure, verdict.Kind);
        Assert.Equal(signal, verdict.Signal);
    }

    [Theory]
    [InlineData("Automatic reply: FOI request", AutomatedKind.OutOfOffice)]
    [InlineData("Out of Office: Re: your request", AutomatedKind.OutOfOffice)]
    [InlineData("Out of Office AutoReply: FOI", AutomatedKind.OutOfOffice)]
    [InlineData("Auto-Reply: We have received your message", AutomatedKind.AutoReply)]
    [InlineData("Undeliverable: Response to your request", AutomatedKind.DeliveryFailure)]
    [InlineData("Delivery Status Notification (Failure)", AutomatedKind.DeliveryFailure)]
    [InlineData("Mail delivery failed: returning message to sender", AutomatedKind.DeliveryFailure)]
    [InlineData("Undelivered Mail Returned to Sender", AutomatedKind.DeliveryFailure)]
    public void A_machine_subject_alone_is_a_weak_signal_that_does_not_hold_the_letter(string subject, AutomatedKind kind)
    {
        var verdict = Recognise(Person + "\nSubject: " + subject);
        Assert.NotNull(verdict);
        Assert.Equal(kind, verdict.Kind);
        Assert.False(verdict.FromHeaders);
        Assert.StartsWith("Subject: ", verdict.Signal, StringComparison.Ordinal);
    }

    [Fact]
    public void An_exchange_rule_header_with_a_machine_subject_decides()
    {
        var verdict = Recognise(Person + "\nSubject: Automatic reply: FOI request\nX-MS-Exchange-Inbox-Rules-Loop: ann@example.org");
        Assert.NotNull(verdict);
        Assert.Equal(AutomatedKind.OutOfOffice, verdict.Kind);
        Assert.True(verdict.FromHeaders);
        Assert.StartsWith("X-MS-Exchange-Inbox-Rules-Loop", verdict.Signal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FOI request - out of hours custody cover")]
    [InlineData("Out of office hours policing in the city centre")]
    [InlineData("Re: Freedom of Information request FOI-2026-0977")]
    [InlineData("Request about automatic number plate recognition")]
    [InlineData("Delivery of FOI responses by post")]
    public void An_ordinary_subject_that_merely_mentions_such_words_is_no_signal(string subject)
    {
        Assert.Null(Recognise(Person + "\nSubject: " + subject, "I got an automatic reply saying you were out of office. Undeliverable: see above."));
    }

    [Fact]
    public void An_auto_reply_whose_subject_speaks_of_absence_is_an_out_of_office_notice()
    {
        var verdict = Recognise(Person + "\nSubject: Re: FOI request (on annual leave)\nAuto-Submitted: auto-replied");
        Assert.Equal(AutomatedKind.OutOfOffice, verdict?.Kind);
    }

    [Fact]
    public void The_body_alone_never_decides()
    {
        Assert.Null(Recognise(Person + "\nSubject: Question", "This is an automatic reply. I am out of the office. Mail delivery failed."));
    }
}
