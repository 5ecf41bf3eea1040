using System.Text;
using Azure.Storage.Blobs.Models;
using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Intake;
using FoiPipeline.Pipeline;
using FoiPipeline.Replay;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FoiPipeline.IntegrationTests.Pipeline;

/// <summary>Poison messages and quarantined letters put back after a fix, on real Azurite and, where it matters, the real local host.</summary>
public class ReplayTests
{
    private static readonly byte[] Letter = Encoding.UTF8.GetBytes(
        "Dear FOI team,\r\n\r\nPlease tell me how many speeding fines were issued on the A38 in 2025.\r\n\r\nYours faithfully,\r\nJo Bloggs\r\n");

    private static ReplayService Replay(TestPipeline pipeline) => new(pipeline.Storage, TimeProvider.System, NullLogger<ReplayService>.Instance);

    private static ReplayFilter Everything(params ReplayKind[] kinds) => new() { Kinds = kinds.ToHashSet(), Max = ReplayFilter.MostMax };

    [Fact]
    public async Task A_poisoned_message_replayed_after_its_document_is_written_reaches_the_triage_index()
    {
        await using var pipeline = await TestPipeline.CreateAsync();
        var docId = DocId.Of(Letter);
        await pipeline.Storage.SendAsync(pipeline.Names.Queues.Analyze, StageMessage.For(pipeline.Names.Containers.Extracted, docId), CancellationToken.None);
        var poisonQueue = pipeline.Queue(QueueNames.PoisonOf(pipeline.Names.Queues.Analyze));
        var poisoned = await Eventually.GetAsync(async () => (await poisonQueue.PeekMessagesAsync(1)).Value.FirstOrDefault(), "the message in the poison queue");

        // The fix: the extracted document the message points at is written.
        var extraction = (await pipeline.Services.GetRequiredService<DocumentExtractor>().ExtractAsync(Letter, "speeding.txt", CancellationToken.None)).Extraction!;
        var now = DateTimeOffset.UtcNow;
        var document = ExtractedDocument.Create(docId, "speeding.txt", Letter.Length, extraction, ReceiptDate.Decide(extraction, null, now, now), now);
        await PipelineStorage.WriteJsonAsync(pipeline.Storage.Extracted, StageMessage.DocumentBlobName(docId), document, CancellationToken.None);

        var report = await pipeline.Services.GetRequiredService<ReplayService>().RunAsync(
            new ReplayFilter { Items = new HashSet<string> { poisoned.MessageId } }, CancellationToken.None);

        var item = Assert.Single(report.Items);
        Assert.Equal(ReplayOutcome.Replayed, item.Outcome);
        Assert.Equal(pipeline.Names.Queues.Analyze, item.Queue);
        Assert.Equal(docId, item.DocId);
        Assert.Contains("attempt 2", item.Detail);
        var entry = await pipeline.IndexedAsync(docId);
        Assert.Equal("Jo Bloggs", entry.Requester.Name);
        Assert.Empty((await poisonQueue.PeekMessagesAsync(1)).Value);
    }

    [Fact]
    public async Task A_message_that_is_not_a_stage_message_is_reported_and_stays_in_the_poison_queue_while_the_others_go_back()
    {
        await using var pipeline = await TestPipeline.CreateAsync(startHost: false);
        var analyze = pipeline.Names.Queues.Analyze;
        var good = StageMessage.For(pipeline.Names.Containers.Extracted, new string('a', 64));
        await FailedItems.PoisonAsync(pipeline.Storage, analyze, "this is not a stage message");
        await FailedItems.PoisonAsync(pipeline.Storage, analyze, good.ToJson());

        var report = await Replay(pipeline).RunAsync(Everything(), CancellationToken.None);

        Assert.Equal([ReplayOutcome.NotReplayable, ReplayOutcome.Replayed], report.Items.Select(i => i.Outcome));
        Assert.Contains("would fail again", report.Items[0].Detail);
        var sent = Assert.Single((await pipeline.Queue(analyze).PeekMessagesAsync(32)).Value);
        Assert.Equal(good with { Attempt = 2 }, StageMessage.Parse(sent.Body.ToString()));

        // Left where it was, and visible again at once rather than after the replay's hold.
        var left = Assert.Single((await pipeline.Queue(QueueNames.PoisonOf(analyze)).PeekMessagesAsync(32)).Value);
        Assert.Equal("this is not a stage message", PoisonMessage.TryParse(left.Body.ToString())!.Message);
    }

    [Fact]
    public async Task A_poison_queue_holding_a_message_in_another_encoding_is_reported_rather_than_failing_the_replay()
    {
        await using var pipeline = await TestPipeline.CreateAsync(startHost: false);
        var poisonQueue = QueueNames.PoisonOf(pipeline.Names.Queues.Index);
        var raw = new Azure.Storage.Queues.QueueClient(pipeline.ConnectionString, poisonQueue, new Azure.Storage.Queues.QueueClientOptions { MessageEncoding = Azure.Storage.Queues.QueueMessageEncoding.None });
        await raw.SendMessageAsync("{not base64: written by hand}");
        await FailedItems.QuarantineAsync(pipeline.Storage, "scan.txt", Letter);

        foreach (var dryRun in new[] { true, false })
        {
            var report = await Replay(pipeline).RunAsync(Everything() with { DryRun = dryRun }, CancellationToken.None);

            var unreadable = report.Items[0];
            Assert.Equal((ReplayKind.Poison, poisonQueue, ReplayOutcome.NotReplayable), (unreadable.Kind, unreadable.Id, unreadable.Outcome));
            Assert.Contains("messageEncoding", unreadable.Detail);
            Assert.Equal(dryRun ? ReplayOutcome.Waiting : ReplayOutcome.Replayed, report.Items[1].Outcome);
        }

        Assert.Single((await raw.PeekMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task A_dry_run_lists_what_is_waiting_and_changes_nothing()
    {
        await using var pipeline = await TestPipeline.CreateAsync(startHost: false);
        await FailedItems.PoisonAsync(pipeline.Storage, pipeline.Names.Queues.Index, StageMessage.For(pipeline.Names.Containers.Requests, new string('b', 64)).ToJson());
        await FailedItems.QuarantineAsync(pipeline.Storage, "scan.txt", Letter);

        var report = await Replay(pipeline).RunAsync(new ReplayFilter { DryRun = true }, CancellationToken.None);

        Assert.True(report.DryRun);
        Assert.Equal([ReplayKind.Poison, ReplayKind.Quarantine], report.Items.Select(i => i.Kind));
        Assert.All(report.Items, i => Assert.Equal(ReplayOutcome.Waiting, i.Outcome));
        var quarantined = report.Items[1];
        Assert.Equal(("scan.txt", "scan.txt", "corrupt", DocId.Of(Letter)), (quarantined.Id, quarantined.Blob, quarantined.Code, quarantined.DocId));
        Assert.Equal("Send it again as PDF.", quarantined.Hint);
        Assert.Equal(5, report.Items[0].DequeueCount);

        Assert.Single((await pipeline.Queue(QueueNames.PoisonOf(pipeline.Names.Queues.Index)).PeekMessagesAsync(32)).Value);
        Assert.Empty((await pipeline.Queue(pipeline.Names.Queues.Index).PeekMessagesAsync(32)).Value);
        Assert.True(await pipeline.Storage.Quarantine.GetBlobClient("scan.txt").ExistsAsync());
        Assert.True(await pipeline.Storage.Quarantine.GetBlobClient("scan.txt.reason.json").ExistsAsync());
        Assert.Empty(await FailedItems.NamesAsync(pipeline.Intake));
    }

    [Fact]
    public async Task A_letter_quarantined_for_a_limit_is_ingested_when_replayed_after_the_limit_is_raised()
    {
        var storage = await TestPipeline.CreateAsync(startHost: false, configuration: new Dictionary<string, string?> { ["FoiPipeline:Intake:MaxBytes"] = "40" });
        var strict = await storage.StartHostAsync();
        await using var raised = await RestartedAsync(strict, new Dictionary<string, string?> { ["FoiPipeline:Intake:MaxBytes"] = "52428800" }, async () =>
        {
            await strict.Intake.GetBlobClient("speeding.txt").UploadAsync(new BinaryData(Letter), new BlobUploadOptions
            {
                Metadata = new Dictionary<string, string> { [IngestHandler.ReceivedAtMetadata] = "2026-11-02T09:00:00Z" },
            });
            var reason = await Eventually.GetAsync(
                () => PipelineStorage.ReadJsonAsync<QuarantineReason>(strict.Storage.Quarantine, "speeding.txt.reason.json", CancellationToken.None), "the letter to be quarantined");
            Assert.Equal(QuarantineCode.TooLarge, reason.Value.Code);
        });

        var report = await raised.Services.GetRequiredService<ReplayService>().RunAsync(Everything(ReplayKind.Quarantine), CancellationToken.None);

        Assert.Equal(ReplayOutcome.Replayed, Assert.Single(report.Items).Outcome);
        var entry = await raised.IndexedAsync(DocId.Of(Letter));
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero), entry.ReceivedAt);
        var metadata = (await raised.Intake.GetBlobClient("speeding.txt").GetPropertiesAsync()).Value.Metadata;
        Assert.Equal("speeding.txt", metadata[ReplayRules.ReplayedFromMetadata]);
        Assert.Equal(DocId.Of(Letter), metadata[IngestHandler.DocIdMetadata]);
        Assert.Empty(await FailedItems.NamesAsync(raised.Storage.Quarantine));
    }

    [Fact]
    public async Task A_letter_replayed_without_a_fix_is_quarantined_again_with_a_fresh_reason_and_nothing_is_lost()
    {
        await using var pipeline = await TestPipeline.CreateAsync();
        await pipeline.UploadAsync("blank.txt", []);
        var first = await Eventually.GetAsync(
            () => PipelineStorage.ReadJsonAsync<QuarantineReason>(pipeline.Storage.Quarantine, "blank.txt.reason.json", CancellationToken.None), "the first quarantine");

        var report = await pipeline.Services.GetRequiredService<ReplayService>().RunAsync(Everything(ReplayKind.Quarantine), CancellationToken.None);
        Assert.Equal(ReplayOutcome.Replayed, Assert.Single(report.Items).Outcome);

        var again = await Eventually.GetAsync(async () =>
        {
            foreach (var name in (await FailedItems.NamesAsync(pipeline.Storage.Quarantine)).Where(n => n.EndsWith(".reason.json", StringComparison.Ordinal)))
            {
                var reason = await PipelineStorage.ReadJsonAsync<QuarantineReason>(pipeline.Storage.Quarantine, name, CancellationToken.None);
                if (reason?.Value is { Blob: "blank.txt" } fresh && fresh.QuarantinedAt > first.Value.QuarantinedAt)
                {
                    return fresh;
                }
            }

            return null;
        }, "the letter to be quarantined again");

        Assert.Equal(QuarantineCode.Empty, again.Code);
        await Eventually.TrueAsync(async () => (await FailedItems.NamesAsync(pipeline.Storage.Quarantine)).Count == 2, "one letter and one reason in quarantine");
        Assert.Empty(await FailedItems.NamesAsync(pipeline.Intake));
    }

    [Fact]
    public async Task A_letter_whose_name_was_taken_in_intake_goes_back_beside_it_without_overwriting_it()
    {
        await using var pipeline = await TestPipeline.CreateAsync(startHost: false);
        await FailedItems.QuarantineAsync(pipeline.Storage, "scan.txt", Letter, new Dictionary<string, string> { [IngestHandler.ReceivedAtMetadata] = "2026-11-02T09:00:00Z" });
        var newcomer = Encoding.UTF8.GetBytes("A different letter that arrived later under the same name.");
        await pipeline.UploadAsync("scan.txt", newcomer);

        var report = await Replay(pipeline).RunAsync(Everything(), CancellationToken.None);

        var replayedAs = $"scan-{DocId.Of(Letter)[..12]}.txt";
        Assert.Contains(replayedAs, Assert.Single(report.Items).Detail);
        Assert.Equal(newcomer, (await pipeline.Intake.GetBlobClient("scan.txt").DownloadContentAsync()).Value.Content.ToArray());
        var copy = await pipeline.Intake.GetBlobClient(replayedAs).DownloadContentAsync();
        Assert.Equal(Letter, copy.Value.Content.ToArray());
        Assert.Equal("2026-11-02T09:00:00Z", copy.Value.Details.Metadata[IngestHandler.ReceivedAtMetadata]);
        Assert.False(copy.Value.Details.Metadata.ContainsKey(IngestHandler.QuarantineSourceETagMetadata));
        Assert.Empty(await FailedItems.NamesAsync(pipeline.Storage.Quarantine));
    }

    [Fact]
    public async Task Two_replays_at_once_move_every_item_exactly_once()
    {
        await using var pipeline = await TestPipeline.CreateAsync(startHost: false);
        var docIds = Enumerable.Range(0, 12).Select(i => DocId.Of(Encoding.UTF8.GetBytes($"letter {i}"))).ToList();
        foreach (var docId in docIds)
        {
            await FailedItems.PoisonAsync(pipeline.Storage, pipeline.Names.Queues.Analyze, StageMessage.For(pipeline.Names.Containers.Extracted, docId).ToJson());
        }

        for (var i = 0; i < 6; i++)
        {
            await FailedItems.QuarantineAsync(pipeline.Storage, $"letter-{i}.txt", Encoding.UTF8.GetBytes($"quarantined letter {i}"));
        }

        var reports = await Task.WhenAll(Replay(pipeline).RunAsync(Everything(), CancellationToken.None), Replay(pipeline).RunAsync(Everything(), CancellationToken.None));

        var replayed = reports.SelectMany(r => r.Items).Where(i => i.Outcome == ReplayOutcome.Replayed).Select(i => i.Id).ToList();
        Assert.Equal(18, replayed.Count);
        Assert.Equal(18, replayed.Distinct().Count());
        Assert.DoesNotContain(reports.SelectMany(r => r.Items), i => i.Outcome == ReplayOutcome.Failed);
        var sent = (await pipeline.Queue(pipeline.Names.Queues.Analyze).PeekMessagesAsync(32)).Value.Select(m => StageMessage.Parse(m.Body.ToString()).DocId);
        Assert.Equal(docIds.Order(StringComparer.Ordinal), sent.Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"letter-{i}.txt"), (await FailedItems.NamesAsync(pipeline.Intake)).Order(StringComparer.Ordinal));
        Assert.Empty(await FailedItems.NamesAsync(pipeline.Storage.Quarantine));
        Assert.Empty((await pipeline.Queue(QueueNames.PoisonOf(pipeline.Names.Queues.Analyze)).PeekMessagesAsync(32)).Value);

        // Run again: nothing left, nothing doubled.
        Assert.Empty((await Replay(pipeline).RunAsync(Everything(), CancellationToken.None)).Items);
    }

    [Fact]
    public async Task A_replay_takes_at_most_its_max_and_says_more_is_waiting()
    {
        await using var pipeline = await TestPipeline.CreateAsync(startHost: false);
        for (var i = 0; i < 3; i++)
        {
            await FailedItems.QuarantineAsync(pipeline.Storage, $"letter-{i}.txt", Encoding.UTF8.GetBytes($"quarantined letter {i}"));
        }

        var report = await Replay(pipeline).RunAsync(new ReplayFilter { Max = 2 }, CancellationToken.None);

        Assert.Equal(2, report.Count(ReplayOutcome.Replayed));
        Assert.True(report.More);
        Assert.Equal(2, (await FailedItems.NamesAsync(pipeline.Intake)).Count);
        Assert.Equal(["letter-2.txt", "letter-2.txt.reason.json"], await FailedItems.NamesAsync(pipeline.Storage.Quarantine));
    }

    [Fact]
    public async Task A_letter_the_Functions_host_gave_up_on_is_ingested_again_and_other_functions_entries_are_left_alone()
    {
        await using var pipeline = await TestPipeline.CreateAsync(startHost: false);
        await using var app = await FunctionsAppServices.StartAsync(pipeline);
        await pipeline.UploadAsync("speeding.txt", Letter);
        var hostPoison = pipeline.Queue(ReplayRules.BlobTriggerPoisonQueue);
        await hostPoison.CreateIfNotExistsAsync();
        var ours = (await hostPoison.SendMessageAsync(BlobTriggerEntry(pipeline.Names.Containers.Intake, "speeding.txt"))).Value.MessageId;
        var theirs = (await hostPoison.SendMessageAsync(BlobTriggerEntry(pipeline.Prefix + "-exports", "report.csv"))).Value.MessageId;
        try
        {
            var report = await app.GetRequiredService<ReplayService>().RunAsync(
                new ReplayFilter { Kinds = new HashSet<ReplayKind> { ReplayKind.BlobPoison }, Items = new HashSet<string> { ours, theirs } }, CancellationToken.None);

            var item = Assert.Single(report.Items);
            Assert.Equal((ours, "speeding.txt", ReplayOutcome.Replayed, DocId.Of(Letter)), (item.Id, item.Blob, item.Outcome, item.DocId));
            Assert.Equal([theirs], report.NotFound);
            Assert.Equal(DocId.Of(Letter), (await pipeline.Intake.GetBlobClient("speeding.txt").GetPropertiesAsync()).Value.Metadata[IngestHandler.DocIdMetadata]);
            Assert.True(await pipeline.Storage.Extracted.GetBlobClient(StageMessage.DocumentBlobName(DocId.Of(Letter))).ExistsAsync());
            var left = await Eventually.GetAsync(
                async () => (await hostPoison.PeekMessagesAsync(32)).Value.Select(m => m.MessageId).ToList() is { Count: > 0 } ids ? ids : null, "the other entry to be visible again");
            Assert.Contains(theirs, left);
            Assert.DoesNotContain(ours, left);
        }
        finally
        {
            await DeleteEntriesAsync(hostPoison, pipeline.Prefix);
        }
    }

    /// <summary>What the Functions host writes to its blob-trigger poison queue (azure-brief 1.4).</summary>
    private static string BlobTriggerEntry(string container, string blob)
        => System.Text.Json.JsonSerializer.Serialize(new { FunctionId = "Host.Functions.Intake", BlobType = "BlockBlob", ContainerName = container, BlobName = blob, ETag = "\"0x8DC1\"" });

    /// <summary>The host's poison queue is shared by every test on this Azurite: each removes only its own entries.</summary>
    private static async Task DeleteEntriesAsync(Azure.Storage.Queues.QueueClient queue, string prefix)
    {
        foreach (var message in (await queue.ReceiveMessagesAsync(32)).Value)
        {
            if (message.Body.ToString().Contains(prefix, StringComparison.Ordinal))
            {
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
            else
            {
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, message.Body, TimeSpan.Zero);
            }
        }
    }

    /// <summary>Runs <paramref name="whileUp"/> on a host, stops it, and starts it again on the same storage with <paramref name="changes"/>.</summary>
    private static async Task<TestPipeline> RestartedAsync(TestPipeline host, IReadOnlyDictionary<string, string?> changes, Func<Task> whileUp)
    {
        try
        {
            await whileUp();
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        await host.StopHostAsync();
        return await host.StartHostAsync(changes: changes);
    }
}
