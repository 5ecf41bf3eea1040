using FoiPipeline.Analysis;
using FoiPipeline.Analysis.Flags;
using FoiPipeline.Intake;
using FoiPipeline.Triage;

namespace FoiPipeline.UnitTests.Triage;

public sealed class TriageEntryTests
{
    [Fact]
    public void An_entry_carries_the_reference_flags_and_OCR_confidence_of_its_request()
    {
        var request = new TriageRequest
        {
            DocId = "doc",
            SourceBlob = "incoming/letter.pdf",
            Kind = DocumentKind.Email,
            ExtractionMethod = "ocr",
            OcrConfidence = 0.62,
            Text = "Please provide the figures.",
            ReceivedAt = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero),
            ReceivedAtSource = ReceivedAtSource.EmailReceivedHeader,
            Requester = new Requester("Priya Shah", null),
            Reference = "332_14",
            Questions = [],
            Flags =
            [
                new RequestFlag("cost-limit-risk", "wide", []),
                new RequestFlag("cost-limit-risk", "long", []),
                new RequestFlag("round-robin", "same text", []),
            ],
            AnalyzedAt = new DateTimeOffset(2026, 11, 2, 9, 1, 0, TimeSpan.Zero),
            PipelineVersion = "test",
        };

        var entry = TriageEntry.From(request, request.AnalyzedAt);

        Assert.Equal("332_14", entry.Reference);
        Assert.Equal(["cost-limit-risk", "round-robin"], entry.Flags);
        Assert.Equal(0.62, entry.ExtractionConfidence);
        Assert.Equal(RequestStatus.New, entry.Status);
    }
}
