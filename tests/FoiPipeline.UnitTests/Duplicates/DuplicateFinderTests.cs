using FoiPipeline.Analysis;
using FoiPipeline.Analysis.Duplicates;
using FoiPipeline.Intake;

namespace FoiPipeline.UnitTests.Duplicates;

/// <summary>The step between reading a letter and concluding on it: record its fingerprint, find what it repeats.</summary>
public class DuplicateFinderTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private static readonly LetterAnalyzer Analyzer = LetterAnalyzer.WithDefaults();

    private static LetterReading Read(string id, string text, int day = 0) => Analyzer.Read(new ExtractedDocument
    {
        DocId = id,
        SourceBlob = id + ".txt",
        Kind = DocumentKind.PlainText,
        Length = text.Length,
        Method = "text",
        Text = text,
        ReceivedAt = Monday.AddDays(day),
        ReceivedAtSource = ReceivedAtSource.BlobCreated,
        ExtractedAt = Monday,
        PipelineVersion = "test",
    });

    [Fact]
    public async Task A_campaign_letter_from_someone_else_is_linked_as_a_round_robin_and_flagged()
    {
        var finder = new DuplicateFinder(new InMemoryDuplicateStore(), new DuplicateMatcher());
        var first = Read("fr-1", Letters.FacialRecognitionCampaign("Dear FOI Officer,", "Yours faithfully,\nJane Holt\njane.holt@example.org"));
        var second = Read("fr-2", Letters.FacialRecognitionCampaign("Hello,", "Best wishes,\nOwen Price\nowen.price@example.net"), day: 2);

        Assert.Empty(await finder.RecordAndFindAsync("fr-1", first, CancellationToken.None));
        var link = Assert.Single(await finder.RecordAndFindAsync("fr-2", second, CancellationToken.None));
        var analysis = Analyzer.Conclude(second, [link]);

        Assert.Equal(("fr-1", DuplicateKinds.RoundRobin, true, Monday), (link.DocId, link.Kind, link.ExactCopy, link.ReceivedAt));
        Assert.Equal(1.0, link.Similarity);
        Assert.Contains(analysis.Flags, f => f.Id == "round-robin");
        Assert.Equal([link], analysis.Duplicates);
    }

    [Fact]
    public async Task Reading_the_same_letter_again_replaces_its_fingerprint_and_finds_nothing()
    {
        var store = new InMemoryDuplicateStore();
        var finder = new DuplicateFinder(store, new DuplicateMatcher());
        var letter = Read("taser-1", Letters.TaserUse);

        await finder.RecordAndFindAsync("taser-1", letter, CancellationToken.None);
        var again = await finder.RecordAndFindAsync("taser-1", letter, CancellationToken.None);

        Assert.Empty(again);
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public void The_fingerprint_is_taken_over_the_request_not_the_greeting_or_signature()
    {
        var holt = DuplicateFinder.Fingerprint("a", Read("a", Letters.FacialRecognitionCampaign("Dear FOI Officer,", "Yours faithfully,\nJane Holt")));
        var price = DuplicateFinder.Fingerprint("b", Read("b", Letters.FacialRecognitionCampaign("Hello,", "Best wishes,\nOwen Price")));

        Assert.True(holt.Signature.IsSameText(price.Signature));
        Assert.Equal("Jane Holt", holt.RequesterName);
        Assert.Equal(Monday, holt.ReceivedAt);
    }
}
