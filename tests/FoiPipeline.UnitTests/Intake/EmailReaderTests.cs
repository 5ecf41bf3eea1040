using System.Text;
using FoiPipeline.Intake.Email;

namespace FoiPipeline.UnitTests.Intake;

public class EmailReaderTests
{
    private static EmailMessage Read(string raw) => EmailReader.Read(Encoding.Latin1.GetBytes(raw.ReplaceLineEndings("\r\n")));

    [Fact]
    public void Headers_are_unfolded_and_encoded_words_decoded()
    {
        var email = Read("""
            From: =?UTF-8?Q?Si=C3=A2n_Pritchard?= <sian@example.cymru>
            Subject: =?UTF-8?B?RmlyZWFybXMgbGljZW5zaW5n?=
             =?UTF-8?Q?_=E2=80=93_FOI?=
            Date: Fri, 20 Nov 2026 08:54:41 +0000

            Body
            """);
        Assert.Equal("Siân Pritchard", email.From?.Name);
        Assert.Equal("sian@example.cymru", email.From?.Address);
        Assert.Equal("Firearms licensing – FOI", email.Subject);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 8, 54, 41, TimeSpan.Zero), email.Date);
    }

    [Fact]
    public void The_newest_received_header_is_the_date_of_receipt()
    {
        var email = Read("""
            Received: from relay by mailbox; Mon, 2 Nov 2026 09:14:22 +0000
            Received: from sender by relay; Sun, 1 Nov 2026 23:59:01 -0500
            From: a@example.org
            Date: Sun, 1 Nov 2026 23:58:00 -0500

            Body
            """);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 9, 14, 22, TimeSpan.Zero), email.ReceivedAt);
    }

    [Fact]
    public void A_quoted_printable_body_in_latin1_is_decoded()
    {
        var email = Read("""
            From: a@example.org
            Content-Type: text/plain; charset="iso-8859-1"
            Content-Transfer-Encoding: quoted-printable

            The cost in =A3 of the deploy=
            ments, please.
            """);
        Assert.Equal("The cost in £ of the deployments, please.", email.Body);
    }

    [Fact]
    public void A_base64_body_in_utf8_is_decoded()
    {
        var body = Convert.ToBase64String(Encoding.UTF8.GetBytes("Diolch – Siân"));
        var email = Read($"""
            From: a@example.org
            Content-Type: text/plain; charset=UTF-8
            Content-Transfer-Encoding: base64

            {body}
            """);
        Assert.Equal("Diolch – Siân", email.Body);
    }

    [Fact]
    public void Multipart_alternative_prefers_the_plain_text_part()
    {
        var email = Read("""
            From: a@example.org
            Content-Type: multipart/alternative; boundary="b1"

            preamble
            --b1
            Content-Type: text/html; charset=utf-8

            <p>HTML version</p>
            --b1
            Content-Type: text/plain; charset=utf-8

            Plain version
            --b1--
            epilogue
            """);
        Assert.Equal("Plain version", email.Body);
        Assert.Equal("text/plain", email.BodyMediaType);
    }

    [Fact]
    public void An_html_only_email_is_turned_into_text()
    {
        var email = Read("""
            From: a@example.org
            Content-Type: text/html; charset=utf-8

            <html><head><style>p{color:red}</style></head><body><p>Dear team,</p><p>Please send&nbsp;the figures &amp; costs.<br>Thanks</p></body></html>
            """);
        Assert.Equal("Dear team,\n\nPlease send the figures & costs.\nThanks", email.Body);
        Assert.Equal("text/html", email.BodyMediaType);
    }

    [Fact]
    public void The_body_is_found_inside_nested_multiparts_and_attachments_are_skipped()
    {
        var email = Read("""
            From: a@example.org
            Content-Type: multipart/mixed; boundary=outer

            --outer
            Content-Type: text/plain
            Content-Disposition: attachment; filename="notes.txt"

            Not the body
            --outer
            Content-Type: multipart/alternative; boundary=inner

            --inner
            Content-Type: text/plain; charset=us-ascii

            The request
            --inner--
            --outer--
            """);
        Assert.Equal("The request", email.Body);
    }

    [Fact]
    public void A_multipart_without_a_closing_boundary_keeps_its_last_part()
    {
        var email = Read("""
            From: a@example.org
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: text/plain

            Cut off here
            """);
        Assert.StartsWith("Cut off here", email.Body);
    }

    [Fact]
    public void An_email_that_is_only_an_image_has_no_body_and_the_image_as_its_attachment()
    {
        var email = Read("""
            From: a@example.org
            Content-Type: image/png
            Content-Transfer-Encoding: base64

            iVBORw0KGgo=
            """);
        Assert.Equal(string.Empty, email.Body);
        var attachment = Assert.Single(email.Attachments);
        Assert.Equal("image/png", attachment.MediaType);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], attachment.Entity.DecodedBody());
    }

    [Fact]
    public void Attachments_forwarded_messages_and_inline_images_are_listed_and_the_html_alternative_is_not()
    {
        var email = Read("""
            From: a@example.org
            Content-Type: multipart/mixed; boundary=outer

            --outer
            Content-Type: multipart/related; boundary=related

            --related
            Content-Type: multipart/alternative; boundary=alt

            --alt
            Content-Type: text/plain

            See attached.
            --alt
            Content-Type: text/html

            <p>See attached.<img src="cid:logo1"></p>
            --alt--
            --related
            Content-Type: image/png
            Content-ID: <logo1>
            Content-Transfer-Encoding: base64

            iVBORw0KGgo=
            --related--
            --outer
            Content-Type: application/pdf; name="old-name.pdf"
            Content-Disposition: attachment; filename*=utf-8''Cais%20Rhyddid%20Gwybodaeth.pdf

            %PDF-1.4
            --outer
            Content-Type: message/rfc822

            From: b@example.org
            Subject: Original request

            1. How many?
            --outer--
            """);

        Assert.Equal("See attached.", email.Body);
        Assert.Equal(3, email.Attachments.Count);
        Assert.True(email.Attachments[0].Inline);
        Assert.Equal("Cais Rhyddid Gwybodaeth.pdf", email.Attachments[1].Name);
        Assert.True(email.Attachments[2].IsMessage);
        Assert.Equal("forwarded message: Original request", email.Attachments[2].Name);
    }

    [Theory]
    [InlineData("Tue, 5 Mar 2024 09:12:00 +0000", "2024-03-05T09:12:00+00:00")]
    [InlineData("5 Mar 2024 09:12 -0500", "2024-03-05T09:12:00-05:00")]
    [InlineData("Tue, 05 Mar 24 09:12:00 GMT", "2024-03-05T09:12:00+00:00")]
    [InlineData("Tue, 5 Mar 2024 09:12:00 +0000 (UTC)", "2024-03-05T09:12:00+00:00")]
    public void Mail_dates_in_their_usual_forms_are_read(string value, string expected)
    {
        Assert.True(MailDate.TryParse(value, out var date));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), date);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("Tue, 31 Feb 2024 09:12:00 +0000")]
    [InlineData("Tue, 5 Mar 2024 25:12:00 +0000")]
    public void Impossible_mail_dates_are_refused(string value) => Assert.False(MailDate.TryParse(value, out _));

    [Fact]
    public void A_sender_written_address_first_is_understood()
    {
        var mailbox = Mailbox.ParseFirst("\"Okafor, Daniel\" <d.okafor@example.co.uk>, other@example.org");
        Assert.Equal("Okafor, Daniel", mailbox?.Name);
        Assert.Equal("d.okafor@example.co.uk", mailbox?.Address);
    }
}
