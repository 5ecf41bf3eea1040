using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Intake.Pdf;
using FoiPipeline.Ocr;
using FoiPipeline.Ocr.DocumentIntelligence;
using FoiPipeline.TestFixtures;
using Microsoft.Extensions.Logging.Abstractions;

namespace FoiPipeline.IntegrationTests.Intake;

/// <summary>The extractor with Document Intelligence as its OCR engine, against the local fake of the service.</summary>
public sealed class AzureOcrExtractionTests : IAsyncLifetime
{
    private FakeDocumentIntelligence _service = null!;
    private DocumentIntelligenceOcrEngine _engine = null!;

    public async Task InitializeAsync()
    {
        _service = await FakeDocumentIntelligence.StartAsync();
        _service.PollsBeforeDone = 1;
        _engine = new DocumentIntelligenceOcrEngine(
            new DocumentIntelligenceOptions { Endpoint = _service.Endpoint, Key = _service.Key, DefaultPollInterval = TimeSpan.FromMilliseconds(50) },
            NullLogger<DocumentIntelligenceOcrEngine>.Instance);
    }

    public async Task DisposeAsync()
    {
        _engine.Dispose();
        await _service.DisposeAsync();
    }

    [Fact]
    public async Task A_scanned_page_is_read_by_the_service_and_marked_as_azure_ocr_with_its_confidence()
    {
        _service.Pages = [new FakePage(new FakeLine("1. How many drones does the force own?", 0.91), new FakeLine("2. What did they cost?", 0.87, Handwritten: true))];

        var extraction = await RealExtractor.ReadAsync(ImageFiles.Png(GrayImage.Blank(200, 200, 300, level: 250)), ocr: _engine);

        Assert.Equal("1. How many drones does the force own?\n2. What did they cost?", extraction.Text);
        var part = Assert.Single(extraction.Parts);
        Assert.Equal(("ocr-azure", true), (part.Method, part.Handwritten));
        Assert.InRange(part.Confidence ?? 0, 0.85, 0.93);
        Assert.Contains(extraction.Warnings, w => w.Contains("handwriting", StringComparison.Ordinal));
        Assert.Equal("image/png", Assert.Single(_service.AnalyzeRequests).Header("Content-Type"));
    }

    [Fact]
    public async Task A_scanned_pdf_page_is_rendered_as_jpeg_for_the_service_and_typed_pages_are_not_sent()
    {
        _service.Pages = [new FakePage(new FakeLine("Please send the figures for 2025."))];
        var typed = PdfFixtures.Paginate(Letters.Drones.Text)[0];
        var pdf = PdfFixtures.MixedPdf([new TextPage(typed), new ImagePage(GrayImage.Blank(1240, 1754, 150, level: 252))]);

        var extraction = await RealExtractor.ReadAsync(pdf, ocr: _engine);

        Assert.Equal(["text-layer", "ocr-azure"], extraction.Parts.Select(p => p.Method));
        Assert.Equal(2, extraction.Parts[1].Page);
        var request = Assert.Single(_service.AnalyzeRequests);
        Assert.Equal("image/jpeg", request.Header("Content-Type"));
    }

    [Fact]
    public async Task Without_poppler_as_in_azure_functions_the_whole_pdf_goes_to_the_service()
    {
        _service.Pages = [new FakePage(new FakeLine("Dear FOI team,")), new FakePage(new FakeLine("1. How many tasers?"))];
        var noPoppler = new Poppler("/nonexistent/poppler", TimeSpan.FromSeconds(5));
        var pdf = PdfFixtures.TextPdf(["Dear FOI team,", "1. How many tasers?"]);

        var outcome = await RealExtractor.Create(ocr: _engine, poppler: noPoppler).ExtractAsync(pdf, "letter.pdf", CancellationToken.None);

        var extraction = outcome.Extraction!;
        Assert.Equal(["page 1", "page 2"], extraction.Parts.Select(p => p.Name));
        Assert.All(extraction.Parts, p => Assert.Equal("ocr-azure", p.Method));
        Assert.Equal("application/pdf", Assert.Single(_service.AnalyzeRequests).Header("Content-Type"));
    }

    [Fact]
    public async Task A_service_outage_is_thrown_to_be_retried_not_blamed_on_the_letter()
    {
        _service.FailAnalyzeRequests(100, status: 503);
        var engine = new DocumentIntelligenceOcrEngine(
            new DocumentIntelligenceOptions { Endpoint = _service.Endpoint, Key = _service.Key, MaxRetries = 1, RetryDelay = TimeSpan.FromMilliseconds(10) },
            NullLogger<DocumentIntelligenceOcrEngine>.Instance);

        var error = await Assert.ThrowsAsync<OcrException>(() => RealExtractor.Create(ocr: engine).ExtractAsync(ImageFiles.Png(GrayImage.Blank(100, 100, 300)), "scan.png", CancellationToken.None));
        Assert.True(error.IsTransient);
        engine.Dispose();
    }
}
