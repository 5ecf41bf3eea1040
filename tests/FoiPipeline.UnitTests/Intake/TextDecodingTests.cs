using System.Text;
using FoiPipeline.Intake;

namespace FoiPipeline.UnitTests.Intake;

public class TextDecodingTests
{
    [Fact]
    public void Valid_utf8_is_read_as_utf8()
    {
        var decoded = TextDecoding.Decode(Encoding.UTF8.GetBytes("Siân asked for £20"));
        Assert.Equal("Siân asked for £20", decoded.Text);
        Assert.Equal("utf-8", decoded.EncodingName);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_read_as_windows_1252()
    {
        // 0xA3 is £ and 0x93/0x94 are curly quotes in Windows-1252; none is valid UTF-8 on its own.
        var decoded = TextDecoding.Decode([0x93, 0x43, 0x6F, 0x73, 0x74, 0x94, 0x20, 0xA3, 0x35]);
        Assert.Equal("\u201CCost\u201D £5", decoded.Text);
        Assert.Equal("windows-1252", decoded.EncodingName);
    }

    [Fact]
    public void A_byte_order_mark_decides_the_encoding_and_is_dropped()
    {
        var bytes = Encoding.BigEndianUnicode.GetPreamble().Concat(Encoding.BigEndianUnicode.GetBytes("Diolch")).ToArray();
        var decoded = TextDecoding.Decode(bytes);
        Assert.Equal("Diolch", decoded.Text);
        Assert.Equal("utf-16be", decoded.EncodingName);
    }

    [Fact]
    public void Line_endings_become_newlines_so_offsets_do_not_depend_on_the_writer()
        => Assert.Equal("a\nb\nc\n", TextDecoding.Decode("a\r\nb\rc\n"u8).Text);

    [Fact]
    public void A_mislabelled_utf8_part_is_sniffed_rather_than_garbled()
    {
        // Labelled utf-8 but really Windows-1252: common in the wild.
        var decoded = TextDecoding.Decode([0xA3, 0x31, 0x30], "utf-8");
        Assert.Equal("£10", decoded.Text);
    }

    [Fact]
    public void An_unknown_charset_name_falls_back_to_sniffing()
        => Assert.Equal("plain", TextDecoding.Decode("plain"u8, "x-no-such-charset").Text);
}
