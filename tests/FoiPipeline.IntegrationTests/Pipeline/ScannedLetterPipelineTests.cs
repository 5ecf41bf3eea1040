using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Intake;
using FoiPipeline.Pipeline;
using FoiPipeline.TestFixtures;

namespace FoiPipeline.IntegrationTests.Pipeline;

/// <summary>Scans and PDFs through the whole local pipeline: intake blob, OCR, analysis, the triage queue.</summary>
public sealed class ScannedLetterPipelineTests
{
    [Fact]
    public async Task A_scanned_letter_dropped_into_intake_reaches_the_queue_with_its_questions()
    {
        await using var pipeline = await TestPipeline.CreateAsync();
        var letter = Letters.Drones;
        var scan = await Scans.CreateAsync(letter, seed: 21);

        await pipeline.UploadAsync("scan0001.pdf", scan.Pdf);
        var entry = await pipeline.IndexedAsync(DocId.Of(scan.Pdf));

        Assert.Equal(letter.Questions.Count, entry.Questions.Count);
        foreach (var (expected, actual) in letter.Questions.Zip(entry.Questions))
        {
            Assert.True(TextMetrics.CharacterErrorRate(expected, actual.Text) < 0.05, $"question read as '{actual.Text}', expected '{expected}'");
        }

        Assert.Equal("ocr-local", entry.ExtractionMethod);
        var extracted = await PipelineStorage.ReadJsonAsync<ExtractedDocument>(pipeline.Storage.Extracted, DocId.Of(scan.Pdf) + ".json", CancellationToken.None);
        Assert.InRange(extracted!.Value.OcrConfidence ?? 0, 0.8, 1.0);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_quarantined_unread_and_kept()
    {
        await using var pipeline = await TestPipeline.CreateAsync(configuration: new Dictionary<string, string?> { ["FoiPipeline:Intake:MaxBytes"] = "1000" });
        var big = PdfFixtures.FlowingTextPdf(string.Join(" ", Enumerable.Repeat("Please send the figures.", 200)));
        Assert.True(big.Length > 1000);

        await pipeline.UploadAsync("bundle.pdf", big);

        var reason = await Eventually.GetAsync(
            () => PipelineStorage.ReadJsonAsync<QuarantineReason>(pipeline.Storage.Quarantine, "bundle.pdf.reason.json", CancellationToken.None), "the quarantine reason");
        Assert.Equal(QuarantineCode.TooLarge, reason.Value.Code);
        Assert.Equal(big, (await pipeline.Storage.Quarantine.GetBlobClient("bundle.pdf").DownloadContentAsync()).Value.Content.ToArray());
    }
}
