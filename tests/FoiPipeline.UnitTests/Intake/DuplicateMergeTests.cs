using FoiPipeline.Intake;

namespace FoiPipeline.UnitTests.Intake;

public class DuplicateMergeTests
{
    private static ExtractedDocument Copy(string blob, DateTimeOffset receivedAt, params string[] alsoReceivedAs) => new()
    {
        DocId = new string('a', 64),
        SourceBlob = blob,
        AlsoReceivedAs = alsoReceivedAs,
        Kind = DocumentKind.PlainText,
        Length = 10,
        Method = "text",
        Text = "Please send the figures.",
        ReceivedAt = receivedAt,
        ReceivedAtSource = ReceivedAtSource.BlobCreated,
        ExtractedAt = receivedAt,
        PipelineVersion = "test",
    };

    [Fact]
    public void The_earliest_copy_sets_the_date_of_receipt_and_every_name_is_kept()
    {
        var first = Copy("scan-0001.txt", new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        var second = Copy("forwarded.txt", new DateTimeOffset(2026, 11, 5, 9, 0, 0, TimeSpan.Zero));

        var merged = IngestHandler.Merge(first, second);

        Assert.Equal("scan-0001.txt", merged.SourceBlob);
        Assert.Equal(first.ReceivedAt, merged.ReceivedAt);
        Assert.Equal(["forwarded.txt"], merged.AlsoReceivedAs);
    }

    [Fact]
    public void A_copy_seen_later_but_received_earlier_takes_over_as_the_source()
    {
        var existing = Copy("b.txt", new DateTimeOffset(2026, 11, 5, 9, 0, 0, TimeSpan.Zero), "c.txt");
        var earlier = Copy("a.txt", new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));

        var merged = IngestHandler.Merge(existing, earlier);

        Assert.Equal("a.txt", merged.SourceBlob);
        Assert.Equal(earlier.ReceivedAt, merged.ReceivedAt);
        Assert.Equal(["b.txt", "c.txt"], merged.AlsoReceivedAs);
    }

    [Fact]
    public void Re_ingesting_the_same_blob_changes_nothing_about_its_copies()
    {
        var once = Copy("a.txt", new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));
        var merged = IngestHandler.Merge(once, once);
        Assert.Equal("a.txt", merged.SourceBlob);
        Assert.Empty(merged.AlsoReceivedAs);
    }
}
