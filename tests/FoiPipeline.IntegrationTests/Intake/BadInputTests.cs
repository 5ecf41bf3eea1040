using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Intake;
using FoiPipeline.Pipeline;
using FoiPipeline.TestFixtures;

namespace FoiPipeline.IntegrationTests.Intake;

/// <summary>
/// Broken and hostile input: each is refused with a reason a person can act on, by a limit checked before
/// the expensive work (so a bomb costs milliseconds, not memory), and never crashes the extractor.
/// </summary>
public sealed class BadInputTests
{
    private static async Task<ExtractionFailure> Refused(byte[] content, QuarantineCode expected, IntakeLimits? limits = null)
    {
        var failure = await RealExtractor.RefuseAsync(content, limits);
        Assert.Equal(expected, failure.Code);
        Assert.False(string.IsNullOrWhiteSpace(failure.Reason));
        Assert.False(string.IsNullOrWhiteSpace(failure.Hint));
        return failure;
    }

    [Fact]
    public Task A_zero_byte_file_is_refused_as_empty() => Refused([], QuarantineCode.Empty);

    [Fact]
    public Task A_pdf_cut_short_in_transit_is_refused_as_corrupt() => Refused(PdfFixtures.Truncated(), QuarantineCode.Corrupt);

    [Fact]
    public Task A_pdf_with_garbage_in_its_structure_is_refused_as_corrupt() => Refused(PdfFixtures.Corrupt(), QuarantineCode.Corrupt);

    [Fact]
    public async Task A_password_protected_pdf_is_refused_and_the_reason_says_so()
    {
        var failure = await Refused(PdfFixtures.PasswordProtected(), QuarantineCode.PasswordProtected);
        Assert.Contains("password", failure.Reason);
    }

    [Fact]
    public async Task A_pdf_bomb_of_thousands_of_pages_is_refused_before_any_page_is_read()
    {
        var clock = Stopwatch.StartNew();
        var failure = await Refused(PdfFixtures.ManyPages(5000), QuarantineCode.TooManyPages);
        Assert.Contains("5,000 pages", failure.Reason);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "only pdfinfo should have run");
    }

    [Fact]
    public async Task A_pdf_page_the_size_of_a_wall_is_rendered_within_the_pixel_budget_not_at_300_dpi()
    {
        // 1,000 x 1,000 pixels at 5 dpi: a page 200 inches square. At 300 dpi that would be 3.6 billion pixels.
        var pdf = PdfFixtures.ImagePdf([GrayImage.Blank(1000, 1000, 5, level: 255)]);
        var clock = Stopwatch.StartNew();

        var failure = await Refused(pdf, QuarantineCode.NoText);

        Assert.Contains("OCR found no words", failure.Reason);
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task An_image_whose_header_claims_billions_of_pixels_is_refused_before_decoding()
    {
        var png = ImageFiles.Png(GrayImage.Blank(40, 40, 300));
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(16), 60_000);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(20), 60_000);
        var failure = await Refused(png, QuarantineCode.ImageTooLarge);
        Assert.Contains("60,000 x 60,000", failure.Reason);
    }

    [Fact]
    public async Task An_image_that_cannot_be_decoded_is_refused_as_corrupt()
    {
        var png = ImageFiles.Png(GrayImage.Blank(400, 400, 300));
        png.AsSpan(40).Fill(0x5A); // keep the header, ruin the pixel data
        await Refused(png, QuarantineCode.Corrupt);
    }

    [Fact]
    public async Task A_blank_scan_yields_no_text_and_is_refused()
    {
        var failure = await Refused(ImageFiles.Png(GrayImage.Blank(2480, 3508, 300)), QuarantineCode.NoText);
        Assert.Contains("OCR", failure.Reason);
    }

    [Fact]
    public async Task A_program_is_refused_as_an_unsupported_type()
    {
        byte[] executable = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, 0xB8, 0x00, 0x00, 0x00];
        await Refused(executable, QuarantineCode.UnsupportedFormat);
    }

    [Fact]
    public async Task A_zip_archive_is_refused_with_what_to_do_instead()
    {
        var failure = await Refused(WordFixtures.PlainZip(), QuarantineCode.UnsupportedFormat);
        Assert.Contains("ZIP archive", failure.Reason);
    }

    [Fact]
    public async Task A_zip_bomb_dressed_as_a_word_file_is_refused_without_expanding_it_all()
    {
        var bomb = WordFixtures.ZipBomb();
        Assert.True(bomb.Length < 10 * 1024 * 1024);
        var failure = await Refused(bomb, QuarantineCode.TooLarge);
        Assert.Contains("zip bomb", failure.Reason);
    }

    [Fact]
    public async Task An_email_with_two_hundred_attachments_is_refused_by_the_attachment_limit()
    {
        var mime = new StringBuilder("From: a@example.org\r\nSubject: FOI\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nPlease see the attached.\r\n");
        for (var i = 1; i <= 200; i++)
        {
            mime.Append($"--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=\"part{i}.txt\"\r\n\r\nPart {i}\r\n");
        }

        mime.Append("--b--\r\n");
        var failure = await Refused(Encoding.ASCII.GetBytes(mime.ToString()), QuarantineCode.TooManyAttachments);
        Assert.Contains("200 attachments", failure.Reason);
    }

    [Fact]
    public async Task A_letter_that_takes_longer_than_the_time_limit_is_refused_as_timed_out()
    {
        var scan = await Scans.CreateAsync(Letters.TaserReview);
        var failure = await Refused(scan.Pdf, QuarantineCode.TimedOut, new IntakeLimits { MaxSeconds = 1 });
        Assert.Contains("1 s", failure.Reason);
    }
}
