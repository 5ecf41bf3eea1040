using System.Text;
using FoiPipeline.TestFixtures;

namespace FoiPipeline.IntegrationTests.Fixtures;

public sealed class PdfFixturesTests
{
    [Fact]
    public async Task Pdftotext_reads_back_the_text_of_a_text_pdf_including_pound_signs_accents_and_curly_quotes()
    {
        var letter = Letters.TaserUse;

        var text = await FixtureTools.PdfToTextAsync(PdfFixtures.TextPdf([letter.Text]));

        Assert.Equal(TextMetrics.NormalizeWhitespace(letter.Text), TextMetrics.NormalizeWhitespace(text));
        Assert.Contains("£", text, StringComparison.Ordinal);
        Assert.Contains("José O’Neill", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parentheses_and_backslashes_are_escaped_in_the_text_layer()
    {
        const string Tricky = @"Section 12(1) \ cost limit (£450) ((nested)) and a trailing \";

        var text = await FixtureTools.PdfToTextAsync(PdfFixtures.TextPdf([Tricky]));

        Assert.Equal(Tricky, text.Trim());
    }

    [Fact]
    public async Task A_long_letter_flows_over_pages_and_each_page_has_its_known_text()
    {
        var letter = Letters.TaserReview;
        var pages = PdfFixtures.Paginate(letter.Text);
        var pdf = PdfFixtures.FlowingTextPdf(letter.Text);

        Assert.InRange(pages.Count, 2, 3);
        Assert.Equal(pages.Count, await FixtureTools.PdfPageCountAsync(pdf));
        Assert.Equal(TextMetrics.NormalizeWhitespace(letter.Text), TextMetrics.NormalizeWhitespace(string.Join('\n', pages)));
        for (var page = 1; page <= pages.Count; page++)
        {
            var text = await FixtureTools.PdfToTextAsync(pdf, page);
            Assert.Equal(TextMetrics.NormalizeWhitespace(pages[page - 1]), TextMetrics.NormalizeWhitespace(text));
        }
    }

    [Fact]
    public async Task Lines_never_end_in_a_hyphen_that_pdftotext_would_join_to_the_next_line()
    {
        const string Text = "Figures for 2021 - 2025 please, and pre- and post-2020 values – thanks.";

        for (var width = 100; width <= 140; width += 8)
        {
            var layout = new PdfTextOptions { PageWidth = width, PageHeight = 300, Margin = 10 };
            var text = await FixtureTools.PdfToTextAsync(PdfFixtures.TextPdf([Text], layout));
            Assert.Equal(Text, TextMetrics.NormalizeWhitespace(text));
        }
    }

    [Fact]
    public void Text_that_does_not_fit_a_page_or_cannot_be_shown_in_WinAnsi_is_refused()
    {
        Assert.Throws<ArgumentException>(() => PdfFixtures.TextPdf([Letters.TaserReview.Text]));
        Assert.Throws<ArgumentException>(() => PdfFixtures.TextPdf(["Запрос"]));
    }

    [Fact]
    public async Task The_pdf_bomb_has_thousands_of_pages_in_a_small_file()
    {
        var pdf = PdfFixtures.ManyPages(5000);

        Assert.Equal(5000, await FixtureTools.PdfPageCountAsync(pdf));
        Assert.True(pdf.Length < 600_000, $"{pdf.Length} bytes");
    }

    [Fact]
    public async Task The_password_protected_pdf_needs_its_user_password()
    {
        var pdf = PdfFixtures.PasswordProtected();

        var withoutPassword = await FixtureTools.RunOnFileAsync(pdf, ".pdf", "pdfinfo", "{file}");
        var withPassword = await FixtureTools.RunOnFileAsync(pdf, ".pdf", "pdftotext", "-upw", PdfFixtures.UserPassword, "{file}", "-");

        Assert.NotEqual(0, withoutPassword.ExitCode);
        Assert.Contains("Incorrect password", withoutPassword.Error, StringComparison.Ordinal);
        Assert.Equal(0, withPassword.ExitCode);
        Assert.Equal(TextMetrics.NormalizeWhitespace(PdfFixtures.PasswordProtectedText), TextMetrics.NormalizeWhitespace(withPassword.Output));
    }

    [Fact]
    public async Task Truncated_and_corrupt_pdfs_start_like_pdfs_but_poppler_cannot_open_them()
    {
        foreach (var pdf in new[] { PdfFixtures.Truncated(), PdfFixtures.Corrupt() })
        {
            Assert.StartsWith("%PDF-1.4", Encoding.Latin1.GetString(pdf, 0, 8), StringComparison.Ordinal);
            Assert.DoesNotContain("%%EOF", Encoding.Latin1.GetString(pdf), StringComparison.Ordinal);
            var run = await FixtureTools.RunOnFileAsync(pdf, ".pdf", "pdfinfo", "{file}");
            Assert.NotEqual(0, run.ExitCode);
        }
    }

    [Fact]
    public async Task An_image_pdf_renders_back_to_the_same_size_and_pixels_and_has_no_text_layer()
    {
        var image = Stripes(400, 200, dpi: 100);
        var pdf = PdfFixtures.ImagePdf([image, image]);

        var pages = await Raster.RenderAsync(pdf, 100);
        var text = await FixtureTools.PdfToTextAsync(pdf);

        Assert.Equal(2, pages.Count);
        Assert.Equal((image.Width, image.Height), (pages[0].Width, pages[0].Height));

        // Poppler blends some pixels at sharp edges when it draws an image, even at 1:1; the rest match exactly.
        var same = image.Pixels.Zip(pages[0].Pixels, (a, b) => Math.Abs(a - b) <= 3).Count(match => match) / (double)image.Pixels.Length;
        Assert.True(same > 0.9, $"only {same:P1} of pixels match");
        Assert.Equal(string.Empty, text.Trim());
    }

    [Fact]
    public async Task A_mixed_pdf_has_text_on_text_pages_only()
    {
        var pdf = PdfFixtures.MixedPdf([new TextPage("Page one has a text layer."), new ImagePage(Stripes(300, 300, dpi: 72)), new TextPage("Page three too.")]);

        Assert.Equal(3, await FixtureTools.PdfPageCountAsync(pdf));
        Assert.Equal("Page one has a text layer.", (await FixtureTools.PdfToTextAsync(pdf, 1)).Trim());
        Assert.Equal(string.Empty, (await FixtureTools.PdfToTextAsync(pdf, 2)).Trim());
        Assert.Equal("Page three too.", (await FixtureTools.PdfToTextAsync(pdf, 3)).Trim());
    }

    [Fact]
    public async Task Raster_renders_an_a4_page_at_the_requested_resolution()
    {
        var pages = await Raster.RenderAsync(PdfFixtures.TextPdf(["Hello"]), 100);

        var page = Assert.Single(pages);
        Assert.Equal((827, 1170, 100), (page.Width, page.Height, page.Dpi));
        Assert.Contains(page.Pixels, value => value < 128);
    }

    /// <summary>Vertical bands of grey, so a wrong row stride or flipped image shows up as a large difference.</summary>
    internal static GrayImage Stripes(int width, int height, int dpi)
    {
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                pixels[(y * width) + x] = (byte)(((x / 20) % 2 == 0 ? 40 : 220) - (y * 30 / height));
            }
        }

        return new GrayImage(width, height, pixels, dpi);
    }
}
