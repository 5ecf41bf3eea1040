using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FoiPipeline.Analysis;
using FoiPipeline.Api.Authentication;
using FoiPipeline.Correspondence;
using FoiPipeline.Intake;
using FoiPipeline.Intake.Email;
using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Pipeline;
using FoiPipeline.Review;
using FoiPipeline.TestFixtures;
using FoiPipeline.Triage;
using Microsoft.Extensions.DependencyInjection;

namespace FoiPipeline.IntegrationTests.Pipeline;

/// <summary>
/// Auto-replies, bounces and requesters' replies through the real stages on Azurite: machine-sent mail is held
/// out of the queue with its reason and kept; a reply is attached to its request, once, and shown on it.
/// </summary>
public class MailLoopPipelineTests
{
    private static CorrespondenceStore Correspondence(TestPipeline pipeline) => pipeline.Services.GetRequiredService<CorrespondenceStore>();

    private static async Task<HeldMail> HeldAsync(TestPipeline pipeline, string docId)
        => await Eventually.GetAsync(() => Correspondence(pipeline).GetHeldAsync(docId, CancellationToken.None), $"held/{docId}.json");

    private static async Task<IReadOnlyList<ReplyLink>> RepliesAsync(TestPipeline pipeline, string requestId, int count = 1)
        => await Eventually.GetAsync(
            async () => await Correspondence(pipeline).RepliesAsync(requestId, CancellationToken.None) is { } replies && replies.Count >= count ? replies : null,
            $"{count} replies on {requestId}");

    private static async Task<TriageEntry> IndexedWithAsync(TestPipeline pipeline, string docId, Func<TriageEntry, bool> until, string what)
        => await Eventually.GetAsync(async () => await pipeline.Index.GetAsync(docId, CancellationToken.None) is { } entry && until(entry) ? entry : null, what);

    private static async Task<long> QueueSizeAsync(TestPipeline pipeline)
        => (await pipeline.Index.SearchAsync(new TriageQuery { IncludeRestricted = true }, CancellationToken.None)).Total;

    private static byte[] From(byte[] email, string sender)
        => Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(email).Replace(
            "From: Priya Shah <priya.shah@example.net>", $"From: Someone Else <{sender}>", StringComparison.Ordinal));

    [Fact]
    public async Task Auto_replies_and_bounces_are_held_with_their_reason_and_never_reach_the_queue()
    {
        await using var pipeline = await TestPipeline.CreateAsync();
        var mail = new (string Name, byte[] Bytes, AutomatedKind Kind, string Signal, string? Bounced)[]
        {
            ("outlook-ooo.eml", MailLoopFixtures.OutlookAutomaticReply, AutomatedKind.OutOfOffice, "Auto-Submitted: auto-replied", null),
            ("gmail-vacation.eml", MailLoopFixtures.GmailVacationResponder, AutomatedKind.AutoReply, "Auto-Submitted: auto-replied", null),
            ("postfix-bounce.eml", MailLoopFixtures.PostfixBounce, AutomatedKind.DeliveryFailure, "Content-Type: multipart/report; report-type=delivery-status", MailLoopFixtures.PostfixBouncedMessageId),
            ("exchange-ndr.eml", MailLoopFixtures.ExchangeUndeliverable, AutomatedKind.DeliveryFailure, "Content-Type: multipart/report; report-type=delivery-status", MailLoopFixtures.ExchangeBouncedMessageId),
        };
        foreach (var (name, bytes, _, _, _) in mail)
        {
            await pipeline.UploadAsync(name, bytes);
        }

        foreach (var (name, bytes, kind, signal, bounced) in mail)
        {
            var docId = DocId.Of(bytes);
            var held = await HeldAsync(pipeline, docId);
            Assert.Equal((name, kind, signal, bounced), (held.SourceBlob, held.Kind, held.Signal, held.OriginalMessageId));
            Assert.False(held.Released);

            // Held at analysis, which sends nothing on: no request blob, nothing in the index, the letter kept.
            Assert.Null(await pipeline.Index.GetAsync(docId, CancellationToken.None));
            Assert.False(await pipeline.Storage.Requests.GetBlobClient(docId + ".json").ExistsAsync());
            Assert.True(await pipeline.Storage.Intake.GetBlobClient(name).ExistsAsync());
            Assert.Equal($"{pipeline.Names.Containers.Extracted}/{docId}.json", held.TextBlob);
            Assert.True(await pipeline.Storage.Extracted.GetBlobClient(docId + ".json").ExistsAsync());
        }

        var list = await Correspondence(pipeline).ListHeldAsync(100, CancellationToken.None);
        Assert.Equal(4, list.Total);
        Assert.Equal(new Dictionary<string, int> { ["auto-reply"] = 1, ["out-of-office"] = 1, ["delivery-failure"] = 2 }, list.ByKind);
        Assert.Equal(0, await QueueSizeAsync(pipeline));
        Assert.Empty(await pipeline.Storage.Quarantine.GetBlobsAsync().ToListAsync());
    }

    [Fact]
    public async Task A_request_that_says_out_of_office_in_its_body_stays_a_request()
    {
        await using var pipeline = await TestPipeline.CreateAsync();
        var bytes = MailLoopFixtures.RequestMentioningOutOfOffice;
        await pipeline.UploadAsync("osei.eml", bytes);

        var entry = await pipeline.IndexedAsync(DocId.Of(bytes));
        Assert.Equal("FOI request - out of hours custody cover", entry.Subject);
        Assert.Contains(entry.Questions, q => q.Label == "1" && q.Text.Contains("custody sergeant", StringComparison.Ordinal));
        Assert.Contains(entry.Questions, q => q.Label == "2" && q.Text.Contains("out of office", StringComparison.Ordinal));
        Assert.DoesNotContain(AnalyzeHandler.PossibleAutomatedFlag, entry.Flags);
        Assert.Null(await Correspondence(pipeline).GetHeldAsync(DocId.Of(bytes), CancellationToken.None));
    }

    [Fact]
    public async Task A_letter_whose_subject_alone_looks_automatic_stays_a_request_with_a_flag_for_the_reviewer()
    {
        await using var pipeline = await TestPipeline.CreateAsync();
        var bytes = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(MailLoopFixtures.RequestMentioningOutOfOffice).Replace(
            "Subject: FOI request - out of hours custody cover", "Subject: Automatic reply: FOI request - out of hours custody cover", StringComparison.Ordinal));
        await pipeline.UploadAsync("osei-odd-subject.eml", bytes);

        var entry = await pipeline.IndexedAsync(DocId.Of(bytes));
        Assert.Contains(AnalyzeHandler.PossibleAutomatedFlag, entry.Flags);
        Assert.Null(await Correspondence(pipeline).GetHeldAsync(DocId.Of(bytes), CancellationToken.None));
    }

    [Fact]
    public async Task A_reply_in_the_same_thread_is_attached_to_its_request_and_the_queue_still_holds_one_request()
    {
        await using var pipeline = await TestPipeline.CreateAsync();
        var requestId = DocId.Of(MailLoopFixtures.Request);
        var replyId = DocId.Of(MailLoopFixtures.ReplyInThread);
        await pipeline.UploadAsync("shah-request.eml", MailLoopFixtures.Request);
        var before = await pipeline.IndexedAsync(requestId);
        Assert.DoesNotContain(IndexHandler.RequesterRepliedFlag, before.Flags);

        await pipeline.UploadAsync("shah-reply.eml", MailLoopFixtures.ReplyInThread);
        var entry = await IndexedWithAsync(pipeline, requestId, e => e.Flags.Contains(IndexHandler.RequesterRepliedFlag), "the request flagged as replied to");

        var reply = Assert.Single(await RepliesAsync(pipeline, requestId));
        Assert.Equal((replyId, ReplyMatch.References, MailLoopFixtures.RequestMessageId), (reply.DocId, reply.MatchedBy, reply.MatchedOn));
        Assert.Equal(new DateTimeOffset(2026, 11, 12, 16, 2, 47, TimeSpan.Zero), reply.ReceivedAt);
        Assert.StartsWith("Dear FOI Unit,", reply.Text, StringComparison.Ordinal);
        Assert.Contains("not training flights", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Before we can answer", reply.Text, StringComparison.Ordinal); // the quoted question stays in the full text only
        Assert.Equal($"{pipeline.Names.Containers.Extracted}/{replyId}.json", reply.TextBlob);
        Assert.True(await pipeline.Storage.Extracted.GetBlobClient(replyId + ".json").ExistsAsync());
        Assert.True(await pipeline.Storage.Intake.GetBlobClient("shah-reply.eml").ExistsAsync());

        Assert.Null(await pipeline.Index.GetAsync(replyId, CancellationToken.None));
        Assert.Equal(1, await QueueSizeAsync(pipeline));
        Assert.Equal(before.DueAt, entry.DueAt);
        Assert.DoesNotContain(IndexHandler.ClarificationReceivedFlag, entry.Flags);
    }

    [Fact]
    public async Task A_reply_delivered_again_stays_one_link_and_reindexing_the_request_keeps_it()
    {
        await using var pipeline = await TestPipeline.CreateAsync();
        var requestId = DocId.Of(MailLoopFixtures.Request);
        await pipeline.UploadAsync("shah-request.eml", MailLoopFixtures.Request);
        await pipeline.IndexedAsync(requestId);
        await pipeline.UploadAsync("shah-reply.eml", MailLoopFixtures.ReplyInThread);
        var linked = await IndexedWithAsync(pipeline, requestId, e => e.Flags.Contains(IndexHandler.RequesterRepliedFlag), "the request flagged as replied to");

        // The mail server delivers the reply again: other bytes (one more Received line), the same Message-ID.
        var again = MailLoopFixtures.Redelivered(MailLoopFixtures.ReplyInThread);
        Assert.NotEqual(DocId.Of(again), DocId.Of(MailLoopFixtures.ReplyInThread));
        await pipeline.UploadAsync("shah-reply-again.eml", again);
        var relinked = await IndexedWithAsync(pipeline, requestId, e => e.IndexedAt > linked.IndexedAt, "the request indexed again after the second delivery");

        Assert.Single(await Correspondence(pipeline).RepliesAsync(requestId, CancellationToken.None));
        Assert.Contains(IndexHandler.RequesterRepliedFlag, relinked.Flags);
        Assert.Null(await pipeline.Index.GetAsync(DocId.Of(again), CancellationToken.None));

        // Index the request again from its blob, as a replay or an index rebuild does: the link is still there.
        await pipeline.Storage.SendAsync(pipeline.Names.Queues.Index, StageMessage.For(pipeline.Names.Containers.Requests, requestId), CancellationToken.None);
        var reindexed = await IndexedWithAsync(pipeline, requestId, e => e.IndexedAt > relinked.IndexedAt, "the request indexed a third time");
        Assert.Contains(IndexHandler.RequesterRepliedFlag, reindexed.Flags);
        Assert.Equal(1, await QueueSizeAsync(pipeline));
    }

    [Fact]
    public async Task A_reply_quoting_the_reference_in_its_subject_is_attached_to_its_request()
    {
        await using var pipeline = await TestPipeline.CreateAsync();
        var requestId = DocId.Of(MailLoopFixtures.Request);
        await pipeline.UploadAsync("shah-request.eml", MailLoopFixtures.Request);
        Assert.Equal(MailLoopFixtures.RequestReference, (await pipeline.IndexedAsync(requestId)).Reference);

        await pipeline.UploadAsync("shah-followup.eml", MailLoopFixtures.ReplyByReference);
        var reply = Assert.Single(await RepliesAsync(pipeline, requestId));
        Assert.Equal((DocId.Of(MailLoopFixtures.ReplyByReference), ReplyMatch.SubjectReference, MailLoopFixtures.RequestReference), (reply.DocId, reply.MatchedBy, reply.MatchedOn));
        await IndexedWithAsync(pipeline, requestId, e => e.Flags.Contains(IndexHandler.RequesterRepliedFlag), "the request flagged as replied to");
        Assert.Equal(1, await QueueSizeAsync(pipeline));
    }

    [Fact]
    public async Task A_reply_from_someone_else_or_to_an_unknown_request_is_a_new_request()
    {
        await using var pipeline = await TestPipeline.CreateAsync();

        // Before its request has been seen, a reply is a letter like any other.
        await pipeline.UploadAsync("early-reply.eml", MailLoopFixtures.ReplyByReference);
        await pipeline.IndexedAsync(DocId.Of(MailLoopFixtures.ReplyByReference));

        var requestId = DocId.Of(MailLoopFixtures.Request);
        await pipeline.UploadAsync("shah-request.eml", MailLoopFixtures.Request);
        await pipeline.IndexedAsync(requestId);

        // In the thread and quoting the reference, but from another address: not the requester's to continue.
        var stranger = From(MailLoopFixtures.ReplyInThread, "journalist@example.com");
        await pipeline.UploadAsync("stranger.eml", stranger);
        await pipeline.IndexedAsync(DocId.Of(stranger));

        Assert.Empty(await Correspondence(pipeline).RepliesAsync(requestId, CancellationToken.None));
        Assert.Equal(3, await QueueSizeAsync(pipeline));
    }

    [Fact]
    public async Task A_reply_to_a_request_awaiting_clarification_is_flagged_and_the_due_date_is_left_to_the_reviewer()
    {
        await using var pipeline = await TestPipeline.CreateAsync();
        var requestId = DocId.Of(MailLoopFixtures.Request);
        await pipeline.UploadAsync("shah-request.eml", MailLoopFixtures.Request);
        var before = await pipeline.IndexedAsync(requestId);

        var reviewer = new Reviewer("rob", "Rob Reviewer", new HashSet<string> { ReviewerRoles.Reviewer });
        var service = pipeline.Services.GetRequiredService<ReviewService>();
        Assert.Null((await service.ClaimAsync(reviewer, requestId, null, CancellationToken.None)).Error);
        var changed = await service.SetStatusAsync(reviewer, requestId, new StatusChange(RequestStatus.AwaitingClarification), null, CancellationToken.None);
        Assert.Null(changed.Error);

        await pipeline.UploadAsync("shah-reply.eml", MailLoopFixtures.ReplyInThread);
        var entry = await IndexedWithAsync(pipeline, requestId, e => e.Flags.Contains(IndexHandler.ClarificationReceivedFlag), "the request flagged as clarified");
        Assert.Contains(IndexHandler.RequesterRepliedFlag, entry.Flags);
        Assert.Equal(RequestStatus.AwaitingClarification, entry.Status);
        Assert.Equal(before.DueAt, entry.DueAt);
    }

    [Fact]
    public async Task An_admin_sees_held_mail_and_replies_over_the_api_and_releases_a_wrongly_held_letter_into_the_queue()
    {
        await using var pipeline = await TestPipeline.CreateAsync();
        var vacation = DocId.Of(MailLoopFixtures.GmailVacationResponder);
        var requestId = DocId.Of(MailLoopFixtures.Request);
        await pipeline.UploadAsync("gmail-vacation.eml", MailLoopFixtures.GmailVacationResponder);
        await pipeline.UploadAsync("shah-request.eml", MailLoopFixtures.Request);
        await HeldAsync(pipeline, vacation);
        await pipeline.IndexedAsync(requestId);
        await pipeline.UploadAsync("shah-reply.eml", MailLoopFixtures.ReplyInThread);
        await RepliesAsync(pipeline, requestId);

        var tokens = pipeline.Services.GetRequiredService<DevTokenIssuer>();
        using var http = new HttpClient { BaseAddress = pipeline.ApiAddress };
        async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, params string[] roles)
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Issue("ada", "Ada Admin", roles).Token);
            return await http.SendAsync(request);
        }

        // A reviewer sees the reply on the request and the flag in the list.
        using (var detail = await SendAsync(HttpMethod.Get, $"api/requests/{requestId}", ReviewerRoles.Reviewer))
        {
            Assert.Equal(HttpStatusCode.OK, detail.StatusCode);
            using var json = JsonDocument.Parse(await detail.Content.ReadAsStringAsync());
            var reply = Assert.Single(json.RootElement.GetProperty("replies").EnumerateArray());
            Assert.Equal(DocId.Of(MailLoopFixtures.ReplyInThread), reply.GetProperty("docId").GetString());
            Assert.Equal("references", reply.GetProperty("matchedBy").GetString());
        }

        using (var list = await SendAsync(HttpMethod.Get, "api/requests", ReviewerRoles.Reviewer))
        {
            using var json = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
            var item = Assert.Single(json.RootElement.GetProperty("items").EnumerateArray());
            Assert.Contains(IndexHandler.RequesterRepliedFlag, item.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        }

        // Held mail is for admins only.
        using (var refused = await SendAsync(HttpMethod.Get, "api/admin/held", ReviewerRoles.Reviewer))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using (var held = await SendAsync(HttpMethod.Get, "api/admin/held", ReviewerRoles.Reviewer, ReviewerRoles.Admin))
        {
            Assert.Equal(HttpStatusCode.OK, held.StatusCode);
            using var json = JsonDocument.Parse(await held.Content.ReadAsStringAsync());
            Assert.Equal(1, json.RootElement.GetProperty("total").GetInt32());
            Assert.Equal(1, json.RootElement.GetProperty("byKind").GetProperty("auto-reply").GetInt32());
            var item = Assert.Single(json.RootElement.GetProperty("items").EnumerateArray());
            Assert.Equal((vacation, "Auto-Submitted: auto-replied"), (item.GetProperty("docId").GetString(), item.GetProperty("signal").GetString()));
        }

        using (var unknown = await SendAsync(HttpMethod.Post, $"api/admin/held/{new string('0', 64)}/release", ReviewerRoles.Admin))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        using (var release = await SendAsync(HttpMethod.Post, $"api/admin/held/{vacation}/release", ReviewerRoles.Admin))
        {
            Assert.Equal(HttpStatusCode.OK, release.StatusCode);
            using var json = JsonDocument.Parse(await release.Content.ReadAsStringAsync());
            Assert.Equal("ada", json.RootElement.GetProperty("releasedBy").GetString());
        }

        // Released, it is analysed as a letter and joins the queue; the record of why it was held stays.
        await pipeline.IndexedAsync(vacation);
        Assert.True((await Correspondence(pipeline).GetHeldAsync(vacation, CancellationToken.None))!.Released);
        var after = await Correspondence(pipeline).ListHeldAsync(100, CancellationToken.None);
        Assert.Equal((0, 1), (after.Total, after.Released));
        Assert.Equal(2, await QueueSizeAsync(pipeline));
    }
}
