using System.Text;
using Azure.Storage.Blobs.Models;
using FoiPipeline.Analysis;
using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Intake;
using FoiPipeline.Api.Authentication;
using FoiPipeline.Pipeline;
using FoiPipeline.Review;
using Microsoft.Extensions.DependencyInjection;

namespace FoiPipeline.IntegrationTests.Pipeline;

/// <summary>One letter from intake blob to triage queue, through the real local host over real Azurite.</summary>
public class PipelineTests
{
    private const string Letter = """
        Received: from relay.example.net by foi.example.police.uk; Mon, 2 Nov 2026 09:14:22 +0000
        From: Priya Shah <priya.shah@example.org>
        To: foi@example.police.uk
        Subject: FOI request - CTSA performance
        Date: Mon, 2 Nov 2026 09:13:58 +0000
        Content-Type: text/plain; charset=utf-8

        Dear FOI Officer,

        Please provide the following for your Counter Terrorism Security Advisors:

        a.) number of critical vulnerable sites identified and assessed
        b.) number of protective security plans devised and developed
        c.) types of awareness promotion

        Yours sincerely,
        Priya Shah
        """;

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n"));

    [Fact]
    public async Task A_letter_uploaded_to_intake_appears_in_the_triage_queue_with_its_questions()
    {
        await using var pipeline = await TestPipeline.CreateAsync();
        var content = Bytes(Letter);

        await pipeline.UploadAsync("ctsa.eml", content);
        var entry = await pipeline.IndexedAsync(DocId.Of(content));

        Assert.Equal(["a", "b", "c"], entry.Questions.Select(q => q.Label));
        Assert.Equal(
            ["number of critical vulnerable sites identified and assessed", "number of protective security plans devised and developed", "types of awareness promotion"],
            entry.Questions.Select(q => q.Text));
        Assert.Equal(new Requester("Priya Shah", "priya.shah@example.org"), entry.Requester);
        Assert.Equal("FOI request - CTSA performance", entry.Subject);
        Assert.Equal(new DateOnly(2026, 12, 1), entry.DueAt);
        Assert.Equal("ctsa.eml", entry.SourceBlob);

        // Every hand-off left its blob behind, and the intake blob is marked so it is not ingested again.
        var docId = DocId.Of(content);
        Assert.True(await pipeline.Storage.Extracted.GetBlobClient(docId + ".json").ExistsAsync());
        Assert.True(await pipeline.Storage.Requests.GetBlobClient(docId + ".json").ExistsAsync());
        var marked = await pipeline.Intake.GetBlobClient("ctsa.eml").GetPropertiesAsync();
        Assert.Equal(docId, marked.Value.Metadata[IngestHandler.DocIdMetadata]);
    }

    [Fact]
    public async Task A_reviewers_work_on_a_pipeline_request_survives_the_letter_being_indexed_again()
    {
        await using var pipeline = await TestPipeline.CreateAsync();
        var content = Bytes(Letter);
        var docId = DocId.Of(content);
        await pipeline.UploadAsync("ctsa.eml", content);
        await pipeline.IndexedAsync(docId);

        // A cleared reviewer claims it through the API the host serves (counter-terrorism letters are restricted).
        var token = pipeline.Services.GetRequiredService<DevTokenIssuer>().Issue("ann", "Ann Reviewer", [ReviewerRoles.SensitiveReviewer]).Token;
        using var http = new HttpClient { BaseAddress = pipeline.ApiAddress };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var claim = await http.PostAsync(new Uri($"api/requests/{docId}/claim", UriKind.Relative), content: null);
        Assert.Equal(System.Net.HttpStatusCode.OK, claim.StatusCode);

        // The index's copy of the review is lost (an index rebuilt from scratch would start like this)...
        await pipeline.Index.SetReviewerFieldsAsync(docId, new FoiPipeline.Triage.ReviewerFields(), CancellationToken.None);
        Assert.Equal(FoiPipeline.Triage.RequestStatus.New, (await pipeline.Index.GetAsync(docId, CancellationToken.None))!.Status);

        // ...and indexing the letter again (a replayed message, a new pipeline version) puts the stored review back.
        await pipeline.Storage.SendAsync(pipeline.Names.Queues.Index, StageMessage.For(pipeline.Names.Containers.Requests, docId, attempt: 2), CancellationToken.None);
        var restored = await Eventually.GetAsync(
            async () => await pipeline.Index.GetAsync(docId, CancellationToken.None) is { Status: FoiPipeline.Triage.RequestStatus.InReview } entry ? entry : null,
            "the review state back in the index");
        Assert.Equal("ann", restored.Assignee);
    }

    [Fact]
    public async Task A_letter_uploaded_twice_is_one_request()
    {
        await using var pipeline = await TestPipeline.CreateAsync();
        var content = Bytes(Letter);
        var docId = DocId.Of(content);

        await pipeline.UploadAsync("first.eml", content);
        await pipeline.UploadAsync("second copy.eml", content);

        // Both intake blobs end up marked with the same request...
        foreach (var name in new[] { "first.eml", "second copy.eml" })
        {
            await Eventually.TrueAsync(
                async () => (await pipeline.Intake.GetBlobClient(name).GetPropertiesAsync()).Value.Metadata.TryGetValue(IngestHandler.DocIdMetadata, out var id) && id == docId,
                $"{name} to be marked ingested");
        }

        // ...the extracted document records both names...
        var extracted = await Eventually.GetAsync(
            async () => (await PipelineStorage.ReadJsonAsync<ExtractedDocument>(pipeline.Storage.Extracted, docId + ".json", CancellationToken.None)) is { } s
                        && s.Value.AlsoReceivedAs.Count == 1 ? s.Value : null,
            "the extracted document to record the second copy");
        Assert.Equal(["first.eml", "second copy.eml"], new[] { extracted.SourceBlob }.Concat(extracted.AlsoReceivedAs).Order(StringComparer.Ordinal));

        // ...and the queue holds exactly one request (the letter is about counter-terrorism, so restricted).
        await pipeline.IndexedAsync(docId);
        var page = await pipeline.Index.SearchAsync(new FoiPipeline.Triage.TriageQuery { IncludeRestricted = true }, CancellationToken.None);
        Assert.Equal(1, page.Total);
    }

    [Fact]
    public async Task An_unreadable_blob_is_moved_to_quarantine_with_a_reason_and_nothing_is_lost()
    {
        await using var pipeline = await TestPipeline.CreateAsync();
        byte[] scan = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52];

        await pipeline.UploadAsync("letter.txt", scan); // named .txt, but the bytes are the start of a PNG, cut short

        var reason = await Eventually.GetAsync(
            () => PipelineStorage.ReadJsonAsync<QuarantineReason>(pipeline.Storage.Quarantine, "letter.txt.reason.json", CancellationToken.None),
            "the quarantine reason");
        Assert.Equal(QuarantineCode.Corrupt, reason.Value.Code);
        Assert.Equal(DocumentKind.Png, reason.Value.DetectedKind);
        Assert.Contains("PNG image", reason.Value.Reason);
        Assert.False(string.IsNullOrWhiteSpace(reason.Value.Hint));
        Assert.Equal(DocId.Of(scan), reason.Value.Sha256);

        // The original bytes are kept, byte for byte, and the blob has left intake.
        var kept = await pipeline.Storage.Quarantine.GetBlobClient("letter.txt").DownloadContentAsync();
        Assert.Equal(scan, kept.Value.Content.ToArray());
        await Eventually.TrueAsync(async () => !await pipeline.Intake.GetBlobClient("letter.txt").ExistsAsync(), "the original to leave intake");
        Assert.Equal(0, (await pipeline.Index.SearchAsync(new FoiPipeline.Triage.TriageQuery { IncludeRestricted = true }, CancellationToken.None)).Total);
    }

    [Fact]
    public async Task A_second_unreadable_file_with_the_same_name_does_not_overwrite_the_first_in_quarantine()
    {
        await using var pipeline = await TestPipeline.CreateAsync();
        await pipeline.UploadAsync("scan0001.txt", []);
        await Eventually.TrueAsync(async () => !(await pipeline.Intake.GetBlobClient("scan0001.txt").ExistsAsync()).Value, "the first file to be quarantined");

        await pipeline.UploadAsync("scan0001.txt", [0x00, 0x01, 0x02]);
        var second = await Eventually.GetAsync(
            () => PipelineStorage.ReadJsonAsync<QuarantineReason>(pipeline.Storage.Quarantine, "scan0001.txt.2.reason.json", CancellationToken.None),
            "the second quarantine");

        Assert.Equal(QuarantineCode.UnsupportedFormat, second.Value.Code);
        var first = await PipelineStorage.ReadJsonAsync<QuarantineReason>(pipeline.Storage.Quarantine, "scan0001.txt.reason.json", CancellationToken.None);
        Assert.Equal(QuarantineCode.Empty, first!.Value.Code);
    }

    [Fact]
    public async Task A_message_that_keeps_failing_lands_in_the_poison_queue_with_its_last_error()
    {
        await using var pipeline = await TestPipeline.CreateAsync();
        var docId = new string('e', 64);
        var message = StageMessage.For(pipeline.Names.Containers.Extracted, docId);

        // Points at an extracted document that does not exist: every delivery fails.
        await pipeline.Storage.SendAsync(pipeline.Names.Queues.Analyze, message, CancellationToken.None);

        var poisonQueue = pipeline.Queue(QueueNames.PoisonOf(pipeline.Names.Queues.Analyze));
        var poisoned = await Eventually.GetAsync(
            async () => (await poisonQueue.ReceiveMessagesAsync(1)).Value.FirstOrDefault(),
            "the message in the poison queue",
            TimeSpan.FromSeconds(30));
        var poison = PoisonMessage.TryParse(poisoned.Body.ToString());

        Assert.NotNull(poison);
        Assert.Equal(message.ToJson(), poison.Message);
        Assert.Equal(TestPipeline.FastRetries.MaxDequeueCount, poison.DequeueCount);
        Assert.Contains("does not exist", poison.Error);
        Assert.Equal(pipeline.Names.Queues.Analyze, poison.Queue);

        // The work queue is empty: the message moved, it was not copied.
        var peeked = await pipeline.Queue(pipeline.Names.Queues.Analyze).PeekMessagesAsync(1);
        Assert.Empty(peeked.Value);
        var properties = await pipeline.Queue(pipeline.Names.Queues.Analyze).GetPropertiesAsync();
        Assert.Equal(0, properties.Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task A_malformed_message_goes_to_the_poison_queue_on_its_first_delivery()
    {
        await using var pipeline = await TestPipeline.CreateAsync();
        await pipeline.Queue(pipeline.Names.Queues.Index).SendMessageAsync("this is not a stage message");

        var poisonQueue = pipeline.Queue(QueueNames.PoisonOf(pipeline.Names.Queues.Index));
        var poisoned = await Eventually.GetAsync(async () => (await poisonQueue.ReceiveMessagesAsync(1)).Value.FirstOrDefault(), "the malformed message in the poison queue");
        var poison = PoisonMessage.TryParse(poisoned.Body.ToString());

        Assert.Equal("this is not a stage message", poison!.Message);
        Assert.Equal(1, poison.DequeueCount);
        Assert.Equal(typeof(InvalidStageMessageException).FullName, poison.ErrorType);
    }

    [Fact]
    public async Task Letters_that_arrived_while_the_host_was_down_are_ingested_when_it_starts()
    {
        var storageOnly = await TestPipeline.CreateAsync(startHost: false);
        var content = Bytes(Letter);
        await storageOnly.UploadAsync("overnight.eml", content);

        await using var pipeline = await storageOnly.StartHostAsync();
        var entry = await pipeline.IndexedAsync(DocId.Of(content));
        Assert.Equal(3, entry.Questions.Count);
    }

    [Fact]
    public async Task A_date_of_receipt_stated_by_the_uploader_sets_the_deadline()
    {
        await using var pipeline = await TestPipeline.CreateAsync();
        var content = Encoding.UTF8.GetBytes("Dear team,\n\nPlease send the number of arrests in 2025.\n\nRegards,\nJo Bloggs\n");
        await pipeline.Intake.GetBlobClient("posted.txt").UploadAsync(new BinaryData(content), new BlobUploadOptions
        {
            Metadata = new Dictionary<string, string> { [IngestHandler.ReceivedAtMetadata] = "2026-11-02T09:00:00Z" },
        });

        var entry = await pipeline.IndexedAsync(DocId.Of(content));
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero), entry.ReceivedAt);
        Assert.Equal(new DateOnly(2026, 12, 1), entry.DueAt);
        Assert.Equal("Jo Bloggs", entry.Requester.Name);
    }
}
