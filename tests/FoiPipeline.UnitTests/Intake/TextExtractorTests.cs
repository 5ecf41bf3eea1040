using System.Text;
using FoiPipeline.Intake;

namespace FoiPipeline.UnitTests.Intake;

public class TextExtractorTests
{
    [Fact]
    public void A_plain_text_letter_is_read_whole()
    {
        Assert.True(TextExtractor.TryExtract("Dear team,\r\nPlease send the figures.\r\n"u8, out var extraction, out _));
        Assert.Equal("Dear team,\nPlease send the figures.\n", extraction!.Text);
        Assert.Equal("text", extraction.Method);
        Assert.Equal(DocumentKind.PlainText, extraction.Kind);
    }

    [Theory]
    [InlineData(new byte[0], QuarantineCode.Empty)]
    [InlineData(new byte[] { 0x20, 0x0A, 0x09, 0x0A }, QuarantineCode.NoText)]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37, 0x0A }, QuarantineCode.UnsupportedFormat)]
    [InlineData(new byte[] { 0x00, 0x9F, 0x00, 0x01, 0x02 }, QuarantineCode.UnsupportedFormat)]
    public void Unreadable_input_fails_with_a_reason_and_a_hint(byte[] content, QuarantineCode code)
    {
        Assert.False(TextExtractor.TryExtract(content, out _, out var failure));
        Assert.Equal(code, failure!.Code);
        Assert.False(string.IsNullOrWhiteSpace(failure.Reason));
        Assert.False(string.IsNullOrWhiteSpace(failure.Hint));
    }

    [Fact]
    public void A_pdf_says_what_it_is_so_a_person_knows_what_to_do()
    {
        TextExtractor.TryExtract("%PDF-1.7\n"u8, out _, out var failure);
        Assert.Contains("a PDF", failure!.Reason);
    }

    [Fact]
    public void An_email_whose_body_is_only_an_attachment_is_quarantined_as_malformed()
    {
        var raw = Encoding.ASCII.GetBytes("From: a@example.org\r\nSubject: x\r\nContent-Type: application/pdf\r\n\r\nJVBERi0=\r\n");
        Assert.False(TextExtractor.TryExtract(raw, out _, out var failure));
        Assert.Equal(QuarantineCode.MalformedEmail, failure!.Code);
    }
}
