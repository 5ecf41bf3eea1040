using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Pipeline;
using FoiPipeline.TestFixtures;

namespace FoiPipeline.IntegrationTests.Reliability;

/// <summary>
/// Work that takes longer than a message's lease: the host keeps the message invisible while it works, so no other
/// worker starts the same letter. The real <c>foi run</c> process, with a ten-second lease.
/// </summary>
[Collection(OneHostProcessAtATime.Name)]
public class LongWorkTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_stage_that_outlasts_its_message_lease_renews_it_and_runs_once()
    {
        await using var search = await FakeAzureSearch.StartAsync(https: true);
        await using var pipeline = await ProcessPipeline.CreateAsync("long-index", ServiceSettings.AzureSearch(search));
        await pipeline.StartHostAsync();

        // Indexing takes two and a half leases.
        search.IndexingDelay = Lease * 2.5;
        search.IndexingDelayIndex = ServiceSettings.IndexName;
        var letter = EmailFixtures.Request(Letters.TaserUse);
        var docId = DocId.Of(letter);
        await pipeline.UploadAsync("taser.eml", letter);
        await Eventually.TrueAsync(() => Task.FromResult(search.Document(ServiceSettings.IndexName, docId) is not null), "the request in the search index", TimeSpan.FromSeconds(90));
        await Eventually.TrueAsync(() => Task.FromResult(Count(pipeline.Queues, "DELETE", pipeline.Names.Queues.Index) == 1), "the index message to be deleted", TimeSpan.FromSeconds(60));

        // The lease was renewed while the service was slow, and the message never came back to a second worker.
        Assert.True(Count(pipeline.Queues, "PUT", pipeline.Names.Queues.Index) >= 2, "the index message's visibility should have been renewed at least twice");
        Assert.Single(search.IndexBatches, batch => batch["value"]!.AsArray().Any(action => (string?)action!["@search.action"] == "mergeOrUpload"));
        Assert.Empty(pipeline.Host!.LinesContaining("no longer ours"));
        await HostCrashTests.AssertNothingLeftAsync(pipeline);
    }

    [Fact]
    public async Task A_scan_whose_ocr_takes_longer_than_a_lease_is_submitted_once_though_intake_is_scanned_many_times_meanwhile()
    {
        await using var ocr = await FakeDocumentIntelligence.StartAsync();
        ocr.Pages = [new FakePage(new FakeLine("Dear FOI Officer,"), new FakeLine("1. How many drones does the force operate?"))];

        // The service reports "running" for about two and a half leases.
        ocr.PollsBeforeDone = 25;
        ocr.PollRetryAfterSeconds = 1;
        await using var pipeline = await ProcessPipeline.CreateAsync("long-ocr", ServiceSettings.DocumentIntelligence(ocr));
        await pipeline.StartHostAsync();
        var scan = ImageFiles.Png(GrayImage.Blank(400, 300, 300, level: 250));
        await pipeline.UploadAsync("slow-scan.png", scan);

        await pipeline.IndexedAsync(DocId.Of(scan), TimeSpan.FromSeconds(120));

        Assert.Single(ocr.AnalyzeRequests);
        Assert.True(ocr.Polls.Count >= 25);
        await HostCrashTests.AssertNothingLeftAsync(pipeline);
    }

    /// <summary>Requests of <paramref name="method"/> on <paramref name="queue"/>'s messages (PUT renews visibility, DELETE completes).</summary>
    private static int Count(StorageTap tap, string method, string queue)
        => tap.Seen.Count(request => request.Method == method && request.Path.Contains($"/{queue}/messages/", StringComparison.Ordinal));
}
