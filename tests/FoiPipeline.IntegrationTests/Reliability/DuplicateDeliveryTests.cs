using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FoiPipeline.Intake;
using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Pipeline;
using FoiPipeline.TestFixtures;

namespace FoiPipeline.IntegrationTests.Reliability;

/// <summary>
/// At-least-once delivery as it really happens: the same letter saved twice, the same message delivered again,
/// and a reviewer at work on the request meanwhile. The host is the real <c>foi run</c> process.
/// </summary>
[Collection(OneHostProcessAtATime.Name)]
public class DuplicateDeliveryTests
{
    [Fact]
    public async Task A_letter_saved_twice_and_its_messages_delivered_again_stays_one_request_and_the_reviewers_work_survives()
    {
        await using var pipeline = await ProcessPipeline.CreateAsync("duplicate-delivery");
        await pipeline.StartHostAsync();
        var letter = EmailFixtures.Request(Letters.AnprCameras);
        var docId = DocId.Of(letter);
        await pipeline.UploadAsync("anpr.eml", letter);
        await pipeline.IndexedAsync(docId);

        // A reviewer claims the request and corrects its tags.
        using var api = new HttpClient { BaseAddress = await pipeline.Host!.ApiAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await pipeline.TokenAsync("ann", "Ann Reviewer", "reviewer"));
        (await api.PostAsync($"api/requests/{docId}/claim", null)).EnsureSuccessStatusCode();
        (await api.PutAsJsonAsync($"api/requests/{docId}/themes", new { themes = new[] { "firearms" } })).EnsureSuccessStatusCode();
        var before = await api.GetFromJsonAsync<JsonObject>($"api/requests/{docId}");

        // The mailbox rule saves the same email again under another name, and both stages' messages come twice more.
        var deletesBefore = IndexDeletes(pipeline);
        await pipeline.UploadAsync("anpr (1).eml", letter);
        for (var i = 0; i < 2; i++)
        {
            await pipeline.Storage.SendAsync(pipeline.Names.Queues.Analyze, StageMessage.For(pipeline.Names.Containers.Extracted, docId), CancellationToken.None);
            await pipeline.Storage.SendAsync(pipeline.Names.Queues.Index, StageMessage.For(pipeline.Names.Containers.Requests, docId), CancellationToken.None);
        }

        // One index run for the copy, two for the repeated analyze messages, two for the repeated index messages.
        await Eventually.TrueAsync(() => Task.FromResult(IndexDeletes(pipeline) >= deletesBefore + 5), "every repeated delivery to be processed", TimeSpan.FromSeconds(90));

        Assert.Equal(1, await pipeline.IndexedCountAsync());
        var entry = (await pipeline.IndexedOrNullAsync(docId))!;
        Assert.Empty(entry.Duplicates);
        Assert.Equal("ann", entry.Assignee);
        Assert.Equal(["firearms"], entry.EditedThemes);

        var after = await api.GetFromJsonAsync<JsonObject>($"api/requests/{docId}");
        Assert.Equal(before!["review"]!.ToJsonString(), after!["review"]!.ToJsonString());
        Assert.Equal(before["version"]!.ToJsonString(), after["version"]!.ToJsonString());
        var audit = await api.GetFromJsonAsync<JsonObject>($"api/requests/{docId}/audit");
        Assert.Equal(2, audit!["items"]!.AsArray().Count);

        // The copy is recorded on the one request rather than becoming another.
        var extracted = await PipelineStorage.ReadJsonAsync<ExtractedDocument>(pipeline.Storage.Extracted, docId + ".json", CancellationToken.None);
        Assert.Equal("anpr.eml", extracted!.Value.SourceBlob);
        Assert.Equal(["anpr (1).eml"], extracted.Value.AlsoReceivedAs);
        await HostCrashTests.AssertNothingLeftAsync(pipeline);
    }

    private static int IndexDeletes(ProcessPipeline pipeline)
        => pipeline.Queues.Seen.Count(request => request.Method == "DELETE" && request.Path.Contains($"/{pipeline.Names.Queues.Index}/messages/", StringComparison.Ordinal));
}
