using System.Buffers.Binary;
using System.Text;
using FoiPipeline.Intake;
using FoiPipeline.Intake.Email;
using FoiPipeline.Intake.Html;
using FoiPipeline.UnitTests.Support;

namespace FoiPipeline.UnitTests.Intake;

/// <summary>
/// What the hostile-input fuzz test (integration tests, <c>Fuzz/</c>) found, each as the smallest input that
/// showed it: each used to throw out of a reader, or hold a worker until a time limit, instead of being read
/// or refused with a reason at once.
/// </summary>
public class FuzzFindingsTests
{
    [Fact]
    public void A_header_word_in_utf7_is_left_as_written_rather_than_failing_the_email()
    {
        // .NET refuses UTF-7 with NotSupportedException, not the ArgumentException of an unknown charset.
        var email = EmailReader.Read(Encoding.ASCII.GetBytes("From: a@example.org\r\nSubject: =?utf-7?Q?+AGEAYgBj-?=\r\n\r\nPlease send the figures.\r\n"));

        Assert.Equal("=?utf-7?Q?+AGEAYgBj-?=", email.Subject);
        Assert.Equal("Please send the figures.\r\n".ReplaceLineEndings("\n"), email.Body);
    }

    [Fact]
    public void A_body_labelled_utf7_is_read_by_sniffing_its_bytes()
    {
        var email = EmailReader.Read(Encoding.ASCII.GetBytes("From: a@example.org\r\nContent-Type: text/plain; charset=utf-7\r\n\r\nPlease send the figures.\r\n"));

        Assert.Equal("Please send the figures.\n", email.Body);
    }

    [Fact]
    public void An_unusable_charset_name_is_reported_as_unknown_not_thrown()
    {
        Assert.False(TextDecoding.TryGetEncoding("utf-7", out _));
        Assert.False(TextDecoding.TryGetEncoding("x-no-such-charset", out _));
        Assert.True(TextDecoding.TryGetEncoding("iso-8859-1", out var latin1));
        Assert.Equal("iso-8859-1", latin1.WebName);
    }

    [Fact]
    public async Task A_bitmap_whose_height_is_the_most_negative_integer_is_refused_as_too_large()
    {
        // -2^31 has no positive int, so Math.Abs threw OverflowException on this header.
        var bmp = new byte[54 + 64];
        "BM"u8.CopyTo(bmp);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(2), bmp.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), 8);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), int.MinValue);

        var failure = await Extractors.FailAsync(bmp);

        Assert.Equal(QuarantineCode.ImageTooLarge, failure.Code);
        Assert.Contains("8 x 2,147,483,647 pixels", failure.Reason);
    }

    [Fact]
    public async Task Html_nested_a_hundred_thousand_elements_deep_is_read_as_its_text_with_a_warning()
    {
        // Parsing it took AngleSharp minutes (quadratic in the depth), and walking the tree recursively would
        // overflow the stack; the page is now read with its tags stripped.
        const int depth = 100_000;
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<div>", depth)) + "Please send the figures &amp; costs." + string.Concat(Enumerable.Repeat("</div>", depth)) + "</body></html>";

        var extraction = await Extractors.ReadAsync(Encoding.UTF8.GetBytes(html));

        Assert.Equal("Please send the figures & costs.", extraction.Text);
        Assert.Contains(extraction.Warnings, w => w.Contains("more than 512 deep", StringComparison.Ordinal));
    }

    [Fact]
    public void Html_nested_as_deep_as_a_browser_allows_is_still_read_with_its_layout()
    {
        const int depth = 500;
        var html = string.Concat(Enumerable.Repeat("<div>", depth)) + "<ol><li>how many</li><li>how much</li></ol>" + string.Concat(Enumerable.Repeat("</div>", depth));

        Assert.Equal("1. how many\n2. how much", HtmlText.ToText(html, out var flattened));
        Assert.False(flattened);
    }

    [Fact]
    public void A_numbered_list_of_a_hundred_thousand_items_is_numbered_in_one_pass()
    {
        // Counting the earlier siblings for every item took quadratic time: minutes for this list.
        var html = "<ol start=\"3\">" + string.Concat(Enumerable.Range(0, 100_000).Select(i => i == 5 ? "<li value=\"50\">x</li>" : "<li>x</li>")) + "</ol>";

        var lines = HtmlText.ToText(html).Split('\n');

        Assert.Equal(["3. x", "4. x", "5. x", "6. x", "7. x", "50. x", "51. x"], lines[..7]);
        Assert.Equal("100044. x", lines[^1]);
    }

    [Fact]
    public async Task A_program_that_writes_megabytes_of_errors_is_not_left_blocked_on_its_error_pipe()
    {
        // pdfinfo complains about every byte of "<<<<<<..." in a damaged PDF; once the kept 64 KB of errors were
        // read the pipe was no longer emptied, so it blocked until the time limit (120 s in production) killed it.
        var result = await ExternalProgram.RunAsync(
            "/bin/sh", ["-c", "head -c 4000000 /dev/zero | tr '\\0' x >&2; echo done"], "dash", TimeSpan.FromSeconds(60), maxOutputBytes: 1024);

        Assert.False(result.TimedOut, "the program was left blocked on its error pipe until the time limit");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("done\n", result.OutputText);
        Assert.Equal(64 * 1024, result.Error.Length);
    }
}
