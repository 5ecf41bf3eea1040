using System.Text;
using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Intake;
using FoiPipeline.TestFixtures;

namespace FoiPipeline.IntegrationTests.Intake;

/// <summary>Scans made once for the class: rendering and degrading pages takes about a second each.</summary>
public sealed class ScannedLetters : IAsyncLifetime
{
    public ScannedDocument OnePage { get; private set; } = null!;

    public ScannedDocument ThreePages { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        OnePage = await Scans.CreateAsync(Letters.Drones, seed: 3);
        var long3 = string.Join("\n\n", Letters.TaserReview.Text, Letters.AnprReview.Text);
        var scan = await Scans.CreateAsync(long3, seed: 5);
        ThreePages = scan.Pages.Count >= 3 ? scan : throw new InvalidOperationException($"expected 3 or more pages, got {scan.Pages.Count}");
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>Every kind of input a request mailbox receives, read by the real extractor with real Tesseract and poppler.</summary>
public sealed class ExtractionTests(ScannedLetters scans) : IClassFixture<ScannedLetters>
{
    /// <summary>
    /// The most character errors tolerated on this suite's office-quality scans. Measured CER is well under
    /// this (see OcrQualityTests); the margin absorbs Tesseract version changes without hiding a broken pipeline,
    /// which shows up as 20-100%.
    /// </summary>
    private const double TolerableCer = 0.05;

    [Fact]
    public async Task A_pdf_with_a_text_layer_is_read_page_by_page_without_ocr()
    {
        var pages = PdfFixtures.Paginate(Letters.TaserReview.Text);
        var extraction = await RealExtractor.ReadAsync(PdfFixtures.TextPdf(pages));

        Assert.Equal("text-layer", extraction.Method);
        Assert.Equal(Enumerable.Range(1, pages.Count).Select(n => (int?)n), extraction.Parts.Select(p => p.Page));
        Assert.All(extraction.Parts, p => Assert.Null(p.Confidence));
        Assert.True(TextMetrics.CharacterErrorRate(string.Join("\n", pages), extraction.Text) < 0.01);
        Assert.Null(extraction.OcrConfidence);
    }

    [Fact]
    public async Task A_scanned_pdf_is_ocrd_page_by_page_with_each_pages_confidence()
    {
        var extraction = await RealExtractor.ReadAsync(scans.ThreePages.Pdf);

        Assert.Equal("ocr-local", extraction.Method);
        Assert.Equal(scans.ThreePages.Pages.Count, extraction.Parts.Count);
        Assert.All(extraction.Parts, p => Assert.InRange(p.Confidence ?? -1, 0.5, 1.0));
        Assert.InRange(extraction.OcrConfidence ?? -1, 0.5, 1.0);
        for (var i = 0; i < extraction.Parts.Count; i++)
        {
            var part = extraction.Parts[i];
            Assert.Equal(i + 1, part.Page);
            var cer = TextMetrics.CharacterErrorRate(scans.ThreePages.PageTexts[i], extraction.Text[part.Start..part.End]);
            Assert.True(cer < TolerableCer, $"page {i + 1}: CER {cer:P2}");
        }
    }

    [Fact]
    public async Task A_pdf_mixing_typed_and_scanned_pages_is_read_per_page()
    {
        var typed = PdfFixtures.Paginate(Letters.StopAndSearch.Text)[0];
        var pdf = PdfFixtures.MixedPdf([new TextPage(typed), new ImagePage(scans.OnePage.Pages[0]), new TextPage(typed)]);

        var extraction = await RealExtractor.ReadAsync(pdf);

        Assert.Equal("mixed", extraction.Method);
        Assert.Equal(["text-layer", "ocr-local", "text-layer"], extraction.Parts.Select(p => p.Method));
        var scanned = extraction.Parts[1];
        Assert.True(TextMetrics.CharacterErrorRate(scans.OnePage.PageTexts[0], extraction.Text[scanned.Start..scanned.End]) < TolerableCer);
    }

    public static TheoryData<string> ImageFormats => ["png", "jpeg", "bmp"];

    [Theory]
    [MemberData(nameof(ImageFormats))]
    public async Task A_photo_or_scan_of_a_letter_is_ocrd(string format)
    {
        var image = format switch
        {
            "png" => scans.OnePage.Png,
            "jpeg" => scans.OnePage.Jpeg,
            _ => ImageFiles.Bmp(scans.OnePage.Pages[0]),
        };

        var extraction = await RealExtractor.ReadAsync(image);

        Assert.Equal("ocr-local", extraction.Method);
        var part = Assert.Single(extraction.Parts);
        Assert.Equal($"image/{format}", part.MediaType);
        Assert.True(TextMetrics.CharacterErrorRate(scans.OnePage.Text, extraction.Text) < TolerableCer);
    }

    [Fact]
    public async Task A_multi_page_tiff_gives_one_part_per_page()
    {
        var extraction = await RealExtractor.ReadAsync(scans.ThreePages.Tiff);

        Assert.Equal(Enumerable.Range(1, scans.ThreePages.Pages.Count).Select(n => (int?)n), extraction.Parts.Select(p => p.Page));
        Assert.True(TextMetrics.CharacterErrorRate(string.Join("\n", scans.ThreePages.PageTexts), extraction.Text) < TolerableCer);
    }

    [Fact]
    public async Task The_cli_engine_reads_the_same_scan_as_the_in_process_one()
    {
        var inProcess = await RealExtractor.ReadAsync(scans.OnePage.Png);
        var cli = await RealExtractor.ReadAsync(scans.OnePage.Png, ocr: SharedTesseract.Cli);
        Assert.Equal(inProcess.Text, cli.Text);
    }

    [Fact]
    public async Task A_word_document_keeps_its_automatically_numbered_questions()
    {
        var letter = Letters.AnprCameras;
        var extraction = await RealExtractor.ReadAsync(WordFixtures.Letter(letter));

        Assert.Equal("docx", extraction.Method);
        foreach (var (question, number) in letter.Questions.Select((q, i) => (q, i + 1)))
        {
            Assert.Contains($"{number}. {question}", extraction.Text);
        }
    }

    [Fact]
    public async Task Text_saved_by_an_old_windows_tool_is_read_in_its_encoding()
    {
        var text = "Dear team,\r\nHow much did the \u201Cdrone unit\u201D cost in \u00A3?\r\n";
        var extraction = await RealExtractor.ReadAsync(Encoding.GetEncoding(1252).GetBytes(text));
        Assert.Equal("windows-1252", extraction.Encoding);
        Assert.Contains("\u201Cdrone unit\u201D cost in \u00A3?", extraction.Text);
    }

    static ExtractionTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
}
