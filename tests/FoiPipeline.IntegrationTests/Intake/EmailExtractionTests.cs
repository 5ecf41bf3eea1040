using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Intake;
using FoiPipeline.TestFixtures;

namespace FoiPipeline.IntegrationTests.Intake;

/// <summary>Emails as a request mailbox receives them, read by the real extractor, attachments and all.</summary>
public sealed class EmailExtractionTests
{
    private static readonly Letter Letter = Letters.CounterTerrorismArrests;

    public static TheoryData<string, MimeTransferEncoding, bool> Encodings => new()
    {
        { "utf-8", MimeTransferEncoding.QuotedPrintable, false },
        { "utf-8", MimeTransferEncoding.Base64, false },
        { "iso-8859-1", MimeTransferEncoding.QuotedPrintable, false },
        { "windows-1252", MimeTransferEncoding.EightBit, false },
        { "utf-8", MimeTransferEncoding.QuotedPrintable, true },
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task A_request_reads_the_same_whatever_its_charset_transfer_encoding_or_html(string charset, MimeTransferEncoding encoding, bool html)
    {
        var extraction = await RealExtractor.ReadAsync(EmailFixtures.Request(Letter, charset, encoding, html));

        Assert.Equal(TextMetrics.NormalizeWhitespace(Letter.Text), TextMetrics.NormalizeWhitespace(extraction.Text));
        Assert.Equal("mime", extraction.Method); // with an HTML alternative, the plain-text version is the body
        Assert.Single(extraction.Parts);
        Assert.Equal(Letter.RequesterName, extraction.Email?.From?.Name);
    }

    [Fact]
    public async Task An_html_only_email_is_read_as_text_with_a_warning()
    {
        var email = EmailFixtures.Start(Letter).Html(EmailFixtures.Html(Letter.Paragraphs)).Build();

        var extraction = await RealExtractor.ReadAsync(email);

        Assert.Equal("html", extraction.Method);
        Assert.Equal(TextMetrics.NormalizeWhitespace(Letter.Text), TextMetrics.NormalizeWhitespace(extraction.Text));
        Assert.Contains(extraction.Warnings, w => w.Contains("HTML body", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_attachment_is_read_in_turn_as_a_part_of_the_same_document()
    {
        var scan = await Scans.CreateAsync(Letters.Drones, seed: 2);
        var email = EmailFixtures.Start(Letter)
            .Text("Dear FOI Officer,\n\nMy request and two supporting documents are attached.\n\nRegards,\nPriya")
            .Attach("request.pdf", "application/pdf", PdfFixtures.TextPdf(PdfFixtures.Paginate(Letter.Text)))
            .Attach("earlier letter.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", WordFixtures.Letter(Letters.AnprCameras))
            .Attach("photo of letter.png", "image/png", scan.Png)
            .Build();

        var extraction = await RealExtractor.ReadAsync(email);

        Assert.Equal(
            [("body", "mime"), ("attachment request.pdf", "text-layer"), ("attachment earlier letter.docx", "docx"), ("attachment photo of letter.png", "ocr-local")],
            extraction.Parts.Select(p => (p.Name, p.Method)));
        Assert.Equal("mixed", extraction.Method);
        Assert.Contains("[Attachment request.pdf]", extraction.Text);
        var photo = extraction.Parts[3];
        Assert.True(TextMetrics.CharacterErrorRate(scan.Text, extraction.Text[photo.Start..photo.End]) < 0.05);
        Assert.NotNull(extraction.OcrConfidence);
    }

    [Fact]
    public async Task A_request_forwarded_as_an_attachment_is_read_with_its_own_body()
    {
        var extraction = await RealExtractor.ReadAsync(EmailFixtures.ForwardedAsAttachment(Letter));

        var forwarded = Assert.Single(extraction.Parts, p => p.Name.StartsWith("forwarded message", StringComparison.Ordinal));
        Assert.Contains(EmailFixtures.SubjectOf(Letter), forwarded.Name);
        Assert.Contains(Letter.Questions[0], TextMetrics.NormalizeWhitespace(extraction.Text[forwarded.Start..forwarded.End]));
    }

    [Fact]
    public async Task A_request_forwarded_inline_is_content_not_quoted_history()
    {
        var extraction = await RealExtractor.ReadAsync(EmailFixtures.ForwardedInline(Letter));
        Assert.DoesNotContain(extraction.Marks, m => m.Kind == MarkKind.QuotedReply);
        Assert.Contains(Letter.Questions[0], TextMetrics.NormalizeWhitespace(extraction.Text));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_reply_keeps_the_quoted_history_but_marks_it(bool outlook)
    {
        const string reply = "Thank you for your acknowledgement. Please could you also include the figures for 2026 so far?";
        var email = outlook ? EmailFixtures.OutlookReply(Letter, reply) : EmailFixtures.ReplyWithQuotedHistory(Letter, reply);

        var extraction = await RealExtractor.ReadAsync(email);

        var quoted = Assert.Single(extraction.Marks, m => m.Kind == MarkKind.QuotedReply);
        Assert.Contains(reply, extraction.Text[..quoted.Start]);
        Assert.Contains(Letter.Questions[0].Split(' ')[0], extraction.Text[quoted.Start..quoted.End]);
        Assert.Equal(extraction.Text.Length, quoted.End);
    }

    [Fact]
    public async Task A_disclaimer_is_kept_but_marked()
    {
        var extraction = await RealExtractor.ReadAsync(EmailFixtures.WithDisclaimer(Letter));

        var disclaimer = Assert.Single(extraction.Marks, m => m.Kind == MarkKind.Disclaimer);
        Assert.Contains("confidential", extraction.Text[disclaimer.Start..disclaimer.End], StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Letter.Questions[^1], extraction.Text[disclaimer.Start..disclaimer.End]);
    }

    [Fact]
    public async Task A_large_inline_image_is_ocrd_and_a_small_logo_is_skipped()
    {
        var scan = await Scans.CreateAsync(Letters.TaserUse, seed: 4);
        var logo = ImageFiles.Png(GrayImage.Blank(120, 40, 96, level: 30));
        var email = EmailFixtures.Start(Letter)
            .Html("<p>My letter is pasted below.</p><img src=\"cid:letter\"><img src=\"cid:logo\">")
            .InlineImage("letter", "letter.png", "image/png", scan.Png)
            .InlineImage("logo", "logo.png", "image/png", logo)
            .Build();

        var extraction = await RealExtractor.ReadAsync(email);

        Assert.Equal(["body", "attachment letter.png"], extraction.Parts.Select(p => p.Name));
        Assert.Contains(extraction.Warnings, w => w.Contains("1 small inline image was skipped", StringComparison.Ordinal));
    }
}
