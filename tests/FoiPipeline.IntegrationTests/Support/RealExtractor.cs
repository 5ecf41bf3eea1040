using FoiPipeline.Intake;
using FoiPipeline.Intake.Pdf;
using FoiPipeline.Ocr;
using FoiPipeline.Ocr.Tesseract;
using FoiPipeline.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FoiPipeline.IntegrationTests.Support;

/// <summary>The extractor as the local host builds it: real Tesseract (in-process or CLI) and real poppler.</summary>
public static class RealExtractor
{
    public static DocumentExtractor Create(IntakeLimits? limits = null, IOcrEngine? ocr = null, Poppler? poppler = null)
    {
        var options = new PipelineOptions { Intake = limits ?? new IntakeLimits() };
        return new DocumentExtractor(
            ocr ?? SharedTesseract.Engine,
            poppler ?? new Poppler(null, TimeSpan.FromMinutes(2)),
            Options.Create(options),
            Options.Create(new OcrOptions()),
            NullLogger<DocumentExtractor>.Instance);
    }

    public static async Task<Extraction> ReadAsync(byte[] content, IntakeLimits? limits = null, IOcrEngine? ocr = null)
    {
        var outcome = await Create(limits, ocr).ExtractAsync(content, "fixture", CancellationToken.None);
        Assert.True(outcome.Extraction is not null, $"expected the fixture to be read, but: {outcome.Failure?.Code} {outcome.Failure?.Reason}");
        return outcome.Extraction!;
    }

    public static async Task<ExtractionFailure> RefuseAsync(byte[] content, IntakeLimits? limits = null)
    {
        var outcome = await Create(limits).ExtractAsync(content, "fixture", CancellationToken.None);
        Assert.True(outcome.Failure is not null, $"expected the fixture to be refused, but it was read as {outcome.Extraction?.Method}");
        return outcome.Failure!;
    }
}

/// <summary>One in-process Tesseract pool for the test run: its engines load once, as in a host.</summary>
public static class SharedTesseract
{
    public static TesseractLibraryEngine Engine { get; } = new(new TesseractOptions(), NullLogger<TesseractLibraryEngine>.Instance);

    public static TesseractCliEngine Cli { get; } = new(new TesseractOptions(), NullLogger<TesseractCliEngine>.Instance);
}
