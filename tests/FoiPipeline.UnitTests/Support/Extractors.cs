using FoiPipeline.Intake;
using FoiPipeline.Intake.Pdf;
using FoiPipeline.Ocr;
using FoiPipeline.Ocr.Tesseract;
using FoiPipeline.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FoiPipeline.UnitTests.Support;

/// <summary>
/// The real extractor, as the pipeline builds it. Unit tests feed it text, email, HTML and Word, which never
/// reach OCR or poppler; those are exercised with the real tools in the integration tests.
/// </summary>
internal static class Extractors
{
    public static DocumentExtractor Create(PipelineOptions? options = null) => new(
        new TesseractLibraryEngine(new TesseractOptions(), NullLogger<TesseractLibraryEngine>.Instance),
        new Poppler(null, TimeSpan.FromSeconds(60)),
        Options.Create(options ?? new PipelineOptions()),
        Options.Create(new OcrOptions()),
        NullLogger<DocumentExtractor>.Instance);

    public static async Task<Extraction> ReadAsync(byte[] content)
    {
        var outcome = await Create().ExtractAsync(content, "test", CancellationToken.None);
        Assert.True(outcome.Extraction is not null, outcome.Failure?.Reason);
        return outcome.Extraction!;
    }

    public static async Task<ExtractionFailure> FailAsync(byte[] content)
    {
        var outcome = await Create().ExtractAsync(content, "test", CancellationToken.None);
        Assert.True(outcome.Failure is not null, "expected the content to be refused");
        return outcome.Failure!;
    }
}
