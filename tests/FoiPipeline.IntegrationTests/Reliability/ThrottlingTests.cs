using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Pipeline;
using FoiPipeline.TestFixtures;

namespace FoiPipeline.IntegrationTests.Reliability;

/// <summary>
/// Cloud services that throttle for longer than their clients retry: the pipeline waits as it is told, never
/// spins, and never gives up a letter for it. The host is the real <c>foi run</c> process with only three deliveries
/// per message, so throttling that counted as failure would poison or quarantine the letter.
/// </summary>
[Collection(OneHostProcessAtATime.Name)]
public class ThrottlingTests
{
    [Fact]
    public async Task A_scan_waits_out_document_intelligence_throttling_that_outlasts_every_retry_and_is_not_quarantined()
    {
        await using var ocr = await FakeDocumentIntelligence.StartAsync();
        ocr.Pages = [new FakePage(new FakeLine("Dear FOI Officer,"), new FakeLine("1. How many drones does the force operate?"), new FakeLine("Yours faithfully, Jo Bloggs"))];
        await using var pipeline = await ProcessPipeline.CreateAsync("throttled-ocr", ServiceSettings.DocumentIntelligence(ocr, maxRetries: 1));

        // Eight 429s with Retry-After: 1 are four ingest attempts' worth (two requests each), more than the three allowed.
        ocr.ThrottleAnalyzeRequests(8, retryAfterSeconds: 1);
        await pipeline.StartHostAsync();
        var scan = ImageFiles.Png(GrayImage.Blank(400, 300, 300, level: 250));
        await pipeline.UploadAsync("scan.png", scan);

        var entry = await pipeline.IndexedAsync(DocId.Of(scan));

        Assert.Contains("How many drones does the force operate?", Assert.Single(entry.Questions).Text, StringComparison.Ordinal);
        var submissions = ocr.AnalyzeRequests;
        Assert.Equal(9, submissions.Count);
        AssertSpacedBy(submissions.Select(request => request.At).ToList(), TimeSpan.FromSeconds(0.9));
        Assert.NotEmpty(pipeline.Host!.LinesContaining("asking the pipeline to slow down"));
        await HostCrashTests.AssertNothingLeftAsync(pipeline);
    }

    [Fact]
    public async Task The_index_stage_waits_out_a_busy_search_service_and_the_message_is_not_poisoned()
    {
        await using var search = await FakeAzureSearch.StartAsync(https: true);
        await using var pipeline = await ProcessPipeline.CreateAsync("throttled-index", ServiceSettings.AzureSearch(search, maxRetries: 1));
        await pipeline.StartHostAsync();

        // Eight 503s with Retry-After: 1 are four index attempts' worth, more than the three deliveries allowed.
        search.ThrottleIndexing(8, retryAfterSeconds: 1, ServiceSettings.IndexName);
        var letter = EmailFixtures.Request(Letters.StopAndSearch);
        var docId = DocId.Of(letter);
        await pipeline.UploadAsync("stop-and-search.eml", letter);

        await Eventually.TrueAsync(() => Task.FromResult(search.Document(ServiceSettings.IndexName, docId) is not null), "the request in the search index", TimeSpan.FromSeconds(90));

        // The triage index's uploads; the analyze stage's fingerprints go to an index of their own on the same service.
        var indexing = search.Requests.Where(request => request.Method == "POST"
            && (request.Path.EndsWith("/docs/index", StringComparison.Ordinal) || request.Path.EndsWith("/docs/search.index", StringComparison.Ordinal))
            && FakeAzureSearch.IndexNameOf(request.Path) == ServiceSettings.IndexName).ToList();
        Assert.Equal(8, indexing.Count(request => request.Status == 503));
        AssertSpacedBy(indexing.Take(9).Select(request => request.At).ToList(), TimeSpan.FromSeconds(0.9));
        Assert.NotEmpty(pipeline.Host!.LinesContaining("asking the pipeline to slow down"));
        await HostCrashTests.AssertNothingLeftAsync(pipeline);
    }

    /// <summary>Each request came at least <paramref name="gap"/> after the one before: the client waited as told.</summary>
    private static void AssertSpacedBy(List<TimeSpan> times, TimeSpan gap)
    {
        for (var i = 1; i < times.Count; i++)
        {
            Assert.True(times[i] - times[i - 1] >= gap, $"Request {i + 1} came {(times[i] - times[i - 1]).TotalMilliseconds:0} ms after the one before; at least {gap.TotalMilliseconds:0} ms was asked for.");
        }
    }
}
