using System.Text;
using FoiPipeline.TestFixtures;

namespace FoiPipeline.IntegrationTests.Fixtures;

public sealed class EmailFixturesTests
{
    private static string Crlf(string text) => text.Replace("\n", "\r\n", StringComparison.Ordinal);

    [Theory]
    [InlineData("utf-8", MimeTransferEncoding.QuotedPrintable)]
    [InlineData("utf-8", MimeTransferEncoding.Base64)]
    [InlineData("utf-8", MimeTransferEncoding.EightBit)]
    [InlineData("windows-1252", MimeTransferEncoding.QuotedPrintable)]
    [InlineData("windows-1252", MimeTransferEncoding.Base64)]
    public void A_request_email_decodes_back_to_the_letter_in_each_charset_and_encoding(string charset, MimeTransferEncoding encoding)
    {
        var letter = Letters.StopAndSearch;

        var message = MimeReader.Parse(EmailFixtures.Request(letter, charset, encoding));

        Assert.Equal(Crlf(letter.Text), message.Text);
        Assert.Equal(charset, message.Parameter("Content-Type", "charset"));
        Assert.Equal("1.0", message.Header("MIME-Version"));
        Assert.NotNull(message.Header("Received"));
        Assert.Equal("Mon, 02 Nov 2026 09:13:58 +0000", message.Header("Date"));
        Assert.Matches("^<[^@<>]+@[^@<>]+>$", message.Header("Message-ID")!);
        Assert.Equal($"{letter.RequesterName} <{letter.RequesterEmail}>", MimeReader.DecodeHeader(message.Header("From")!));
        Assert.StartsWith("=?utf-8?B?", message.Header("From")!, StringComparison.Ordinal);
    }

    [Fact]
    public void Latin1_and_seven_bit_bodies_work_for_text_they_can_hold_and_refuse_text_they_cannot()
    {
        var latin1 = MimeReader.Parse(EmailFixtures.Request(Letters.CounterTerrorismArrests, "iso-8859-1", MimeTransferEncoding.QuotedPrintable));
        var ascii = MimeReader.Parse(new EmailBuilder().Text("Plain ASCII request.", "us-ascii", MimeTransferEncoding.SevenBit).Build());

        Assert.Equal(Crlf(Letters.CounterTerrorismArrests.Text), latin1.Text);
        Assert.Equal("Plain ASCII request.", ascii.Text);
        Assert.ThrowsAny<Exception>(() => EmailFixtures.Request(Letters.TaserUse, "iso-8859-1"));
        Assert.Throws<ArgumentException>(() => new EmailBuilder().Text("£450", "utf-8", MimeTransferEncoding.SevenBit));
    }

    [Fact]
    public void Quoted_printable_lines_stay_within_76_characters_and_every_line_within_998()
    {
        var eml = Encoding.Latin1.GetString(EmailFixtures.Request(Letters.TaserReview));

        var lines = eml.Split("\r\n");
        Assert.All(lines, line => Assert.True(line.Length <= 998));
        var body = eml[(eml.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        Assert.All(body.Split("\r\n"), line => Assert.True(line.Length <= 76, line));
        Assert.All(eml, c => Assert.True(c < 128, "quoted-printable output is ASCII"));
    }

    [Fact]
    public void Text_and_html_are_alternatives_and_the_inline_image_is_related_to_the_html()
    {
        var png = ImageFiles.Png(GrayImage.Blank(20, 10, 96, 100));

        var message = MimeReader.Parse(EmailFixtures.WithInlineImage(Letters.Drones, png));

        Assert.Equal("multipart/alternative", message.ContentType);
        Assert.Equal(["text/plain", "multipart/related"], message.Children.Select(child => child.ContentType));
        var related = message.Children[1];
        Assert.Equal(["text/html", "image/png"], related.Children.Select(child => child.ContentType));
        var image = related.Children[1];
        Assert.Equal("<signature-logo@example.org>", image.Header("Content-ID"));
        Assert.StartsWith("inline", image.Header("Content-Disposition"), StringComparison.Ordinal);
        Assert.Equal(png, image.Body);
        Assert.Contains("src=\"cid:signature-logo@example.org\"", related.Children[0].Text, StringComparison.Ordinal);
        Assert.Contains("force’s use of drones", related.Children[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_attachment_carries_its_file_name_and_exact_bytes()
    {
        var pdf = PdfFixtures.TextPdf([Letters.AnprCameras.Text]);

        var message = MimeReader.Parse(EmailFixtures.WithAttachment(Letters.AnprCameras, "FOI request – ANPR.pdf", "application/pdf", pdf));

        Assert.Equal("multipart/mixed", message.ContentType);
        var attachment = message.Children[1];
        Assert.Equal("application/pdf", attachment.ContentType);
        Assert.Equal(pdf, attachment.Body);
        Assert.StartsWith("attachment", attachment.Header("Content-Disposition"), StringComparison.Ordinal);
        Assert.Equal("utf-8''FOI%20request%20%E2%80%93%20ANPR.pdf", attachment.Parameter("Content-Disposition", "filename*"));
    }

    [Fact]
    public void A_forward_as_attachment_nests_the_original_request_as_message_rfc822()
    {
        var letter = Letters.StopAndSearch;

        var message = MimeReader.Parse(EmailFixtures.ForwardedAsAttachment(letter));

        var forwarded = Assert.Single(message.Descendants(), part => part.ContentType == "message/rfc822");
        var original = Assert.Single(forwarded.Children);
        Assert.Equal($"{letter.RequesterName} <{letter.RequesterEmail}>", MimeReader.DecodeHeader(original.Header("From")!));
        Assert.Equal(Crlf(letter.Text), original.Text);
        Assert.StartsWith("FW: ", message.Header("Subject"), StringComparison.Ordinal);
        Assert.Equal("\"Okafor, Joseph\" <j.okafor@example.police.uk>", message.Header("From"));
    }

    [Fact]
    public void Replies_carry_the_request_as_quoted_history_in_gmail_and_outlook_styles()
    {
        var letter = Letters.AnprCameras;

        var gmail = MimeReader.Parse(EmailFixtures.ReplyWithQuotedHistory(letter, "I’d like to narrow question 4 to 2025 only."));
        var outlook = MimeReader.Parse(EmailFixtures.OutlookReply(letter, "Please see my clarification below."));

        Assert.StartsWith("I’d like to narrow question 4 to 2025 only.\r\n\r\nOn Mon, 2 Nov 2026, Renée Dubois <renee.dubois@example.org> wrote:\r\n> Freedom of Information request\r\n", gmail.Text, StringComparison.Ordinal);
        Assert.Contains("\r\n> 1. How many fixed ANPR cameras", gmail.Text, StringComparison.Ordinal);
        Assert.Equal("<original-request@mail.example.org>", gmail.Header("In-Reply-To"));
        Assert.Contains("________________________________\r\nFrom: Renée Dubois <renee.dubois@example.org>\r\nSent: Monday, 2 November 2026 09:13\r\nTo: FOI Unit <foi@example.police.uk>\r\nSubject: ", outlook.Text, StringComparison.Ordinal);
        Assert.EndsWith(Crlf(letter.Text), outlook.Text, StringComparison.Ordinal);
        Assert.Equal("windows-1252", outlook.Parameter("Content-Type", "charset"));
    }

    [Fact]
    public void A_disclaimer_follows_the_request()
    {
        var message = MimeReader.Parse(EmailFixtures.WithDisclaimer(Letters.TaserUse));

        Assert.StartsWith(Crlf(Letters.TaserUse.Text), message.Text, StringComparison.Ordinal);
        Assert.EndsWith(EmailFixtures.Disclaimer, message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_can_carry_two_hundred_attachments()
    {
        var message = MimeReader.Parse(EmailFixtures.WithManyAttachments(Letters.Drones, 200));

        Assert.Equal(201, message.Children.Count);
        Assert.Equal(200, message.Children.Count(part => part.Header("Content-Disposition")?.StartsWith("attachment", StringComparison.Ordinal) == true));
        Assert.Equal("Supporting document 200 of 200.\r\n", message.Children[200].Text);
    }

    [Fact]
    public void Non_ascii_subjects_and_names_become_encoded_words_of_at_most_75_characters()
    {
        var subject = "Demande d’accès – caméras ANPR et drones utilisés par la police à Londres, 2021–2025";

        var eml = new EmailBuilder().From("a@example.org", "Zoë Clarke-Étienne").Subject(subject).Text("x").Build();
        var message = MimeReader.Parse(eml);

        Assert.Equal(subject, MimeReader.DecodeHeader(message.Header("Subject")!));
        Assert.Equal("Zoë Clarke-Étienne <a@example.org>", MimeReader.DecodeHeader(message.Header("From")!));
        var words = System.Text.RegularExpressions.Regex.Matches(message.Header("Subject")!, @"=\?[^?]+\?Q\?[^?]*\?=");
        Assert.True(words.Count > 1);
        Assert.All(words, word => Assert.True(word.Length <= 75));
    }
}
