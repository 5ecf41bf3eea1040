using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Pipeline;
using FoiPipeline.TestFixtures;

namespace FoiPipeline.IntegrationTests.Reliability;

/// <summary>
/// The host killed with SIGKILL at the worst moments of a stage, then started again on the same data: every letter
/// ends as exactly one request, and nothing is left behind in a queue. The host is the real <c>foi run</c> process;
/// a <see cref="StorageTap"/> between it and Azurite stops it at an exact storage request.
/// </summary>
[Collection(OneHostProcessAtATime.Name)]
public class HostCrashTests
{
    [Theory]
    [InlineData("analyze")]
    [InlineData("index")]
    public async Task A_host_killed_after_a_stage_wrote_its_output_but_before_it_deleted_its_message_runs_the_stage_again_harmlessly(string stage)
    {
        await using var pipeline = await ProcessPipeline.CreateAsync($"crash-before-delete-{stage}");
        var queue = stage == "analyze" ? pipeline.Names.Queues.Analyze : pipeline.Names.Queues.Index;
        var (caught, release) = pipeline.Queues.HoldFirst(request => IsDeleteOn(request, queue));
        await pipeline.StartHostAsync();

        var letter = EmailFixtures.Request(Letters.CounterTerrorismArrests);
        var docId = DocId.Of(letter);
        await pipeline.UploadAsync("arrests.eml", letter);

        // The stage has done everything but delete its message: its output is written and the next hand-off is sent.
        await caught.WaitAsync(TimeSpan.FromSeconds(90));
        Assert.True(await pipeline.Storage.Requests.GetBlobClient(docId + ".json").ExistsAsync());
        if (stage == "index")
        {
            Assert.NotNull(await pipeline.IndexedOrNullAsync(docId));
        }

        pipeline.KillHost();
        release.SetResult(TapVerdict.Drop);

        // The message is still there, invisible until the dead host's lease runs out; then the new host takes it.
        await pipeline.StartHostAsync();
        await Eventually.TrueAsync(
            () => Task.FromResult(pipeline.Queues.Seen.Count(request => IsDeleteOn(request, queue)) >= 2),
            $"the {stage} message to be processed again and deleted",
            TimeSpan.FromSeconds(60));
        var entry = await pipeline.IndexedAsync(docId);

        Assert.Equal(1, await pipeline.IndexedCountAsync());
        Assert.Empty(entry.Duplicates);
        Assert.Equal(Letters.CounterTerrorismArrests.Questions.Count, entry.Questions.Count);
        await AssertNothingLeftAsync(pipeline);

        // The stage really ran twice for this message: the second host read the stage's input again.
        var input = stage == "analyze" ? $"/{pipeline.Names.Containers.Extracted}/{docId}.json" : $"/{pipeline.Names.Containers.Requests}/{docId}.json";
        Assert.True(pipeline.Blobs.Seen.Count(request => request.Method == "GET" && request.Path.EndsWith(input, StringComparison.Ordinal)) >= 2);
    }

    [Fact]
    public async Task A_host_killed_mid_ingest_ingests_the_letter_when_it_starts_again()
    {
        await using var pipeline = await ProcessPipeline.CreateAsync("crash-mid-ingest");

        // Killed as it saves the extracted text: nothing of the letter has been handed on yet.
        var (caught, release) = pipeline.Blobs.HoldFirst(request =>
            request.Method == "PUT" && request.Path.StartsWith($"/devstoreaccount1/{pipeline.Names.Containers.Extracted}/", StringComparison.Ordinal));
        await pipeline.StartHostAsync();
        var letter = EmailFixtures.Request(Letters.Drones);
        await pipeline.UploadAsync("drones.eml", letter);
        await caught.WaitAsync(TimeSpan.FromSeconds(90));
        pipeline.KillHost();
        release.SetResult(TapVerdict.Drop);

        await pipeline.StartHostAsync();
        var entry = await pipeline.IndexedAsync(DocId.Of(letter));

        Assert.Equal("drones.eml", entry.SourceBlob);
        Assert.Equal(1, await pipeline.IndexedCountAsync());
        await AssertNothingLeftAsync(pipeline);
    }

    [Fact]
    public async Task Letters_that_arrived_while_the_host_was_down_after_a_crash_are_found_and_processed_on_start()
    {
        await using var pipeline = await ProcessPipeline.CreateAsync("reconcile");
        await pipeline.StartHostAsync();
        var first = EmailFixtures.Request(Letters.TaserUse);
        await pipeline.UploadAsync("taser.eml", first);
        await pipeline.IndexedAsync(DocId.Of(first));
        pipeline.KillHost();

        // No host is running and no event is kept anywhere: only the blobs themselves say there is work.
        byte[][] overnight = [EmailFixtures.Request(Letters.AnprCameras), EmailFixtures.Request(Letters.StopAndSearch), EmailFixtures.Request(Letters.Drones)];
        for (var i = 0; i < overnight.Length; i++)
        {
            await pipeline.UploadAsync($"overnight-{i}.eml", overnight[i]);
        }

        await pipeline.StartHostAsync();
        foreach (var letter in overnight)
        {
            await pipeline.IndexedAsync(DocId.Of(letter));
        }

        Assert.Equal(4, await pipeline.IndexedCountAsync());
        await AssertNothingLeftAsync(pipeline);
    }

    private static bool IsDeleteOn(TappedRequest request, string queue)
        => request.Method == "DELETE" && request.Path.Contains($"/{queue}/messages/", StringComparison.Ordinal);

    /// <summary>Every work queue and poison queue empty, nothing in quarantine.</summary>
    internal static async Task AssertNothingLeftAsync(ProcessPipeline pipeline)
    {
        foreach (var queue in pipeline.Names.Queues.All)
        {
            Assert.Equal(0, await pipeline.VisibleMessagesAsync(queue));
            Assert.Equal(0, await pipeline.VisibleMessagesAsync(QueueNames.PoisonOf(queue)));
        }

        await foreach (var blob in pipeline.Storage.Quarantine.GetBlobsAsync())
        {
            Assert.Fail($"Nothing should be in quarantine, but {blob.Name} is.");
        }
    }
}

/// <summary>
/// Host-process tests run one at a time: each starts a whole host (a .NET process, its workers and Tesseract), and
/// two cores shared by several of them make timings, not behaviour, the thing under test.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OneHostProcessAtATime
{
    public const string Name = "Host processes";
}
