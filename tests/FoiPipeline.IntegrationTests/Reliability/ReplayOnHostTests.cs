using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FoiPipeline.Intake;
using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Pipeline;
using FoiPipeline.TestFixtures;

namespace FoiPipeline.IntegrationTests.Reliability;

/// <summary>
/// Poison and replay on the real <c>foi run</c> process: a letter the host could not take and a message that kept
/// failing wait with their reasons; after the operator's fix and a restart, an admin replays them over HTTP.
/// </summary>
[Collection(OneHostProcessAtATime.Name)]
public class ReplayOnHostTests
{
    [Fact]
    public async Task A_quarantined_letter_and_a_poisoned_message_are_replayed_over_the_admin_endpoint_after_a_fix()
    {
        await using var pipeline = await ProcessPipeline.CreateAsync("replay-on-host");
        var letter = EmailFixtures.Request(Letters.AnprCameras);
        var docId = DocId.Of(letter);

        // A limit set too low quarantines the letter; an index message for it arrives before its request exists.
        await pipeline.StartHostAsync(settings: new Dictionary<string, string> { ["FoiPipeline:Intake:MaxBytes"] = "200" });
        await pipeline.UploadAsync("anpr.eml", letter);
        await pipeline.Storage.SendAsync(pipeline.Names.Queues.Index, StageMessage.For(pipeline.Names.Containers.Requests, docId), CancellationToken.None);
        var reason = await Eventually.GetAsync(
            () => PipelineStorage.ReadJsonAsync<QuarantineReason>(pipeline.Storage.Quarantine, "anpr.eml.reason.json", CancellationToken.None),
            "the letter's quarantine reason", TimeSpan.FromSeconds(60));
        Assert.Equal(QuarantineCode.TooLarge, reason.Value.Code);
        var poisonQueue = QueueNames.PoisonOf(pipeline.Names.Queues.Index);
        await Eventually.TrueAsync(async () => await pipeline.VisibleMessagesAsync(poisonQueue) == 1, "the index message in the poison queue", TimeSpan.FromSeconds(60));

        // The operator fixes the limit and restarts; nothing moves by itself.
        await pipeline.Host!.StopAsync();
        await pipeline.StartHostAsync();
        using var api = new HttpClient { BaseAddress = await pipeline.Host.ApiAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await pipeline.TokenAsync("root", "Ops Admin", "admin"));
        var waiting = await api.GetFromJsonAsync<JsonObject>("api/admin/replay");
        Assert.Equal(2, waiting!["items"]!.AsArray().Count);
        Assert.Null(await pipeline.IndexedOrNullAsync(docId));

        // Quarantine first: the replayed index message needs the request the letter becomes.
        var letters = await api.PostAsJsonAsync("api/admin/replay", new { all = true, kinds = new[] { "quarantine" } });
        letters.EnsureSuccessStatusCode();
        await pipeline.IndexedAsync(docId);
        var messages = await api.PostAsJsonAsync("api/admin/replay", new { all = true, kinds = new[] { "poison" } });
        messages.EnsureSuccessStatusCode();
        var replayed = (await messages.Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray();
        Assert.Equal("replayed", (string?)Assert.Single(replayed)!["outcome"]);

        // Three index messages were finished in all: the one poisoned, the letter's own, and the replayed one.
        await Eventually.TrueAsync(
            () => Task.FromResult(pipeline.Queues.Seen.Count(request => request.Method == "DELETE" && request.Path.Contains($"/{pipeline.Names.Queues.Index}/messages/", StringComparison.Ordinal)) >= 3),
            "the replayed index message to be processed", TimeSpan.FromSeconds(60));
        Assert.Equal(1, await pipeline.IndexedCountAsync());
        Assert.Equal("anpr.eml", (await pipeline.IndexedOrNullAsync(docId))!.SourceBlob);
        await HostCrashTests.AssertNothingLeftAsync(pipeline);
    }
}
