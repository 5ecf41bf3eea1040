using System.Text;
using FoiPipeline.Intake;
using FoiPipeline.UnitTests.Support;

namespace FoiPipeline.UnitTests.Intake;

/// <summary>The kinds that need no OCR or external tool; scans, PDFs and images are covered by the integration tests.</summary>
public class DocumentExtractorTests
{
    [Fact]
    public async Task A_plain_text_letter_is_read_whole_as_one_body_part()
    {
        var extraction = await Extractors.ReadAsync("Dear team,\r\nPlease send the figures.\r\n"u8.ToArray());
        Assert.Equal("Dear team,\nPlease send the figures.\n", extraction.Text);
        Assert.Equal("text", extraction.Method);
        var part = Assert.Single(extraction.Parts);
        Assert.Equal(("body", 0, extraction.Text.Length), (part.Name, part.Start, part.End));
        Assert.Null(extraction.OcrConfidence);
    }

    [Theory]
    [InlineData(new byte[0], QuarantineCode.Empty)]
    [InlineData(new byte[] { 0x20, 0x0A, 0x09, 0x0A }, QuarantineCode.NoText)]
    [InlineData(new byte[] { 0x00, 0x9F, 0x00, 0x01, 0x02 }, QuarantineCode.UnsupportedFormat)]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0 }, QuarantineCode.UnsupportedFormat)]
    [InlineData(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }, QuarantineCode.UnsupportedFormat)]
    public async Task Unreadable_input_fails_with_a_reason_and_a_hint(byte[] content, QuarantineCode code)
    {
        var failure = await Extractors.FailAsync(content);
        Assert.Equal(code, failure.Code);
        Assert.False(string.IsNullOrWhiteSpace(failure.Reason));
        Assert.False(string.IsNullOrWhiteSpace(failure.Hint));
    }

    [Fact]
    public async Task A_legacy_office_file_says_what_it_is_and_how_to_fix_it()
    {
        var failure = await Extractors.FailAsync([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        Assert.Contains(".msg", failure.Reason);
        Assert.Contains(".eml", failure.Hint);
    }

    [Fact]
    public async Task An_html_page_is_read_as_the_text_a_person_sees()
    {
        var extraction = await Extractors.ReadAsync(Encoding.UTF8.GetBytes("<!DOCTYPE html><html><head><title>FOI form</title><script>var x=1;</script></head><body><p>Please tell me:</p><ol><li>how many arrests</li><li>how many charges</li></ol></body></html>"));
        Assert.Equal("Please tell me:\n\n1. how many arrests\n2. how many charges", extraction.Text);
        Assert.Equal("html", extraction.Method);
    }

    [Fact]
    public async Task An_email_whose_attachment_cannot_be_read_is_kept_with_a_warning_when_its_body_is_the_request()
    {
        var raw = "From: a@example.org\r\nSubject: FOI\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nPlease send the figures.\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"tool.exe\"\r\nContent-Transfer-Encoding: base64\r\n\r\nTVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAACAAAAADh+6DgC0Cc0huAFMzSFUaGlz\r\n--b--\r\n";
        var extraction = await Extractors.ReadAsync(Encoding.ASCII.GetBytes(raw));

        Assert.Equal("Please send the figures.", extraction.Text);
        Assert.Contains(extraction.Warnings, w => w.Contains("tool.exe", StringComparison.Ordinal) && w.Contains("kept in the original email", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_email_with_nothing_readable_is_quarantined()
    {
        var raw = "From: a@example.org\r\nSubject: x\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\nAAECAwQF\r\n";
        var failure = await Extractors.FailAsync(Encoding.ASCII.GetBytes(raw));
        Assert.Equal(QuarantineCode.NoText, failure.Code);
    }
}
