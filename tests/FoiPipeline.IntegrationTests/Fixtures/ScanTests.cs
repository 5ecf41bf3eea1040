using FoiPipeline.TestFixtures;

namespace FoiPipeline.IntegrationTests.Fixtures;

public sealed class ScanTests
{
    [Fact]
    public void Degrading_is_repeatable_for_a_seed_and_different_for_another()
    {
        var clean = PdfFixturesTests.Stripes(200, 150, dpi: 300);

        var first = ScanEffects.Degrade(clean, seed: 7);
        var again = ScanEffects.Degrade(clean, seed: 7);
        var other = ScanEffects.Degrade(clean, seed: 8);

        Assert.Equal(first.Pixels, again.Pixels);
        Assert.NotEqual(first.Pixels, other.Pixels);
        Assert.NotEqual(clean.Pixels, first.Pixels);
    }

    [Fact]
    public void Degraded_paper_is_grey_not_white()
    {
        var degraded = ScanEffects.Degrade(GrayImage.Blank(300, 300, 300), seed: 1);

        var mean = degraded.Pixels.Average(value => value);
        Assert.InRange(mean, ScanOptions.Office.Paper - ScanOptions.Office.Shading - 3, ScanOptions.Office.Paper + 1);
        Assert.True(degraded.Pixels.Distinct().Count() > 5, "noise should vary the paper");
    }

    [Fact]
    public async Task Tesseract_reads_an_office_scan_at_300_dpi_with_a_low_character_error_rate()
    {
        var letter = Letters.Drones;

        var scan = await Scans.CreateAsync(letter, dpi: 300, seed: 1);
        var text = await FixtureTools.OcrAsync(scan.Png, ".png");

        var cer = TextMetrics.CharacterErrorRate(scan.PageTexts[0], text);
        Assert.True(cer < 0.05, $"CER {cer:P2}: {text}");
        Assert.Single(scan.Pages);
        Assert.Equal((2481, 3508, 300), (scan.Pages[0].Width, scan.Pages[0].Height, scan.Pages[0].Dpi));
    }

    [Fact]
    public async Task A_heavy_scan_of_a_nearly_empty_page_is_still_read_rather_than_turned_into_noise()
    {
        // Guards the presets against the failure described on ScanOptions: a global threshold inside the paper.
        const string Text = "Freedom of Information request\n\nPlease send me the Taser figures for 2025.";

        var scan = await Scans.CreateAsync(Text, dpi: 300, seed: 3, effects: ScanOptions.Heavy);
        var text = await FixtureTools.OcrAsync(scan.Png, ".png");

        Assert.True(TextMetrics.CharacterErrorRate(Text, text) < 0.25, text);
    }

    [Fact]
    public async Task A_multi_page_scan_has_every_page_in_every_format()
    {
        var layout = new PdfTextOptions { PageWidth = 300, PageHeight = 120, Margin = 20 };
        var text = string.Join("\n", Enumerable.Range(1, 12).Select(line => $"Line {line} of a short scanned request."));

        var scan = await Scans.CreateAsync(text, dpi: 100, layout: layout);

        Assert.True(scan.PageTexts.Count > 1);
        Assert.Equal(scan.PageTexts.Count, scan.Pages.Count);
        Assert.Equal(scan.Pages.Count, scan.PngPages.Count);
        Assert.Equal(scan.Pages.Count, scan.JpegPages.Count);
        Assert.Equal(scan.Pages.Count, await FixtureTools.PdfPageCountAsync(scan.Pdf));
        Assert.Equal(string.Empty, (await FixtureTools.PdfToTextAsync(scan.Pdf)).Trim());
        Assert.Equal(TextMetrics.NormalizeWhitespace(text), TextMetrics.NormalizeWhitespace(string.Join(' ', scan.PageTexts)));
        var tiffPages = await FixtureTools.RunOnFileAsync(scan.Tiff, ".tif", "tesseract", "{file}", "-", "--psm", "6");
        Assert.Equal(scan.Pages.Count, tiffPages.Output.Split('\f').Count(page => page.Trim().Length > 0));
    }
}
