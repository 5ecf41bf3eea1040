using System.Text;
using FoiPipeline.Intake;

namespace FoiPipeline.UnitTests.Intake;

public class ContentSnifferTests
{
    [Theory]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37 }, DocumentKind.Pdf)]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 }, DocumentKind.Png)]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10 }, DocumentKind.Jpeg)]
    [InlineData(new byte[] { 0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0 }, DocumentKind.Tiff)]
    [InlineData(new byte[] { 0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8 }, DocumentKind.Tiff)]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 20, 0 }, DocumentKind.Zip)]
    [InlineData(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }, DocumentKind.OleCompound)]
    [InlineData(new byte[] { 0x00, 0x01, 0x02, 0x03, 0xFE, 0x00 }, DocumentKind.Unknown)]
    [InlineData(new byte[0], DocumentKind.Empty)]
    public void Binary_formats_are_known_by_their_magic_numbers(byte[] head, DocumentKind expected)
        => Assert.Equal(expected, ContentSniffer.Sniff(head));

    [Fact]
    public void An_email_is_known_by_its_header_block_not_its_name()
    {
        var email = "Received: from a by b; Mon, 2 Nov 2026 09:00:00 +0000\r\nFrom: A <a@example.org>\r\nSubject: FOI\r\n\r\nDear team,\r\n";
        Assert.Equal(DocumentKind.Email, ContentSniffer.Sniff(Encoding.ASCII.GetBytes(email)));
    }

    [Fact]
    public void An_mbox_export_with_a_from_line_is_an_email()
    {
        var mbox = "From a@example.org Mon Nov  2 09:00:00 2026\nFrom: a@example.org\nSubject: FOI\n\nBody\n";
        Assert.Equal(DocumentKind.Email, ContentSniffer.Sniff(Encoding.ASCII.GetBytes(mbox)));
    }

    [Fact]
    public void A_typed_letter_that_starts_with_a_colon_line_is_still_text()
    {
        // "Re: ..." and "Date: ..." look like headers, but a letter has no second known field before its blank line.
        var letter = "Re: Freedom of Information request\n\nDear Sir or Madam,\nPlease send me the figures.\n";
        Assert.Equal(DocumentKind.PlainText, ContentSniffer.Sniff(Encoding.UTF8.GetBytes(letter)));
    }

    [Fact]
    public void Html_is_recognised()
        => Assert.Equal(DocumentKind.Html, ContentSniffer.Sniff(Encoding.UTF8.GetBytes("  <!DOCTYPE html><html><body>Hi</body></html>")));

    [Fact]
    public void A_bitmap_needs_a_plausible_header_not_just_the_letters_BM()
        => Assert.Equal(DocumentKind.PlainText, ContentSniffer.Sniff(Encoding.ASCII.GetBytes("BM is my initials and this is my letter to you.")));

    [Fact]
    public void Utf16_text_with_a_byte_order_mark_is_text()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("Dear FOI team")).ToArray();
        Assert.Equal(DocumentKind.PlainText, ContentSniffer.Sniff(bytes));
    }
}
