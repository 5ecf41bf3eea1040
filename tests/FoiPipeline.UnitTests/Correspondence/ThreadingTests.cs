using FoiPipeline.Correspondence;
using FoiPipeline.Intake;
using FoiPipeline.Intake.Email;
using FoiPipeline.Review;
using FoiPipeline.Triage;

namespace FoiPipeline.UnitTests.Correspondence;

public class ThreadingTests
{
    [Theory]
    [InlineData("<a@example.org>", new[] { "a@example.org" })]
    [InlineData("  <a@example.org> <b.c=d@mail.example.net>\t<a@example.org>", new[] { "a@example.org", "b.c=d@mail.example.net" })]
    [InlineData("a@example.org", new[] { "a@example.org" })]
    [InlineData("Your message of Monday <a@example.org>", new[] { "a@example.org" })]
    [InlineData("", new string[0])]
    [InlineData("no id here", new string[0])]
    public void Message_ids_are_read_without_their_brackets(string header, string[] expected)
    {
        Assert.Equal(expected, MessageIds.Parse(header));
    }

    [Fact]
    public void A_long_references_header_keeps_its_newest_ids()
    {
        var header = string.Join(' ', Enumerable.Range(1, 80).Select(i => $"<m{i}@example.org>"));
        var ids = MessageIds.Parse(header);
        Assert.Equal(MessageIds.MaxIds, ids.Count);
        Assert.Equal("m80@example.org", ids[^1]);
    }

    [Fact]
    public void Lookups_try_in_reply_to_then_the_thread_newest_first_then_subject_references()
    {
        var email = new EmailHeaders
        {
            Subject = "RE: WEB-58120 drones",
            InReplyTo = ["ack@example.police.uk"],
            References = ["request@example.net", "ack@example.police.uk"],
        };
        var lookups = ReplyLinker.Lookups(email);
        Assert.Equal(
            [
                new ThreadLookup(ReplyMatch.InReplyTo, ThreadKeyKind.MessageId, "ack@example.police.uk"),
                new ThreadLookup(ReplyMatch.References, ThreadKeyKind.MessageId, "request@example.net"),
                new ThreadLookup(ReplyMatch.SubjectReference, ThreadKeyKind.Reference, "WEB-58120"),
            ],
            lookups);
    }

    [Theory]
    [InlineData("RE: WEB-58120 - one more detail", new[] { "WEB-58120" })]
    [InlineData("Further to 01.FOI.23.028767, and ref 332_14.", new[] { "01.FOI.23.028767", "332_14" })]
    [InlineData("Re: Freedom of Information request - drones", new string[0])]
    [InlineData("web-58120", new[] { "WEB-58120" })]
    public void References_in_a_subject_are_found_anywhere_and_compared_in_upper_case(string subject, string[] expected)
    {
        Assert.Equal(expected, ReplyLinker.SubjectReferences(subject));
    }

    [Theory]
    [InlineData("priya.shah@example.net", true)]
    [InlineData("Priya.Shah@Example.NET", true)]
    [InlineData("someone.else@example.net", false)]
    [InlineData(null, false)]
    [InlineData("", false)]
    public void Only_the_requester_can_continue_a_thread(string? sender, bool same)
    {
        var key = new ThreadKey { RequestId = "r1", Addresses = ["priya.shah@example.net"], RegisteredAt = DateTimeOffset.UnixEpoch };
        Assert.Equal(same, ReplyLinker.SameRequester(key, sender));
    }

    [Fact]
    public void A_replys_own_words_stop_where_the_quoted_history_starts()
    {
        var text = "By deployments I mean operational flights.\n\nOn Thu, 12 Nov 2026 FOI Unit wrote:\n> What do you mean?";
        var document = new ExtractedDocument
        {
            DocId = "d",
            SourceBlob = "b.eml",
            Kind = DocumentKind.Email,
            Length = 1,
            Method = "mime",
            Text = text,
            Marks = [new TextMark(MarkKind.QuotedReply, text.IndexOf("On Thu", StringComparison.Ordinal), text.Length)],
            ReceivedAt = DateTimeOffset.UnixEpoch,
            ReceivedAtSource = ReceivedAtSource.EmailReceivedHeader,
            ExtractedAt = DateTimeOffset.UnixEpoch,
            PipelineVersion = "test",
        };
        Assert.Equal("By deployments I mean operational flights.", ReplyLinker.OwnWords(document));
    }

    [Fact]
    public void A_request_with_replies_is_flagged_and_one_awaiting_clarification_says_it_came()
    {
        var reply = new ReplyLink
        {
            DocId = "reply",
            RequestId = "r1",
            ReceivedAt = DateTimeOffset.UnixEpoch,
            MatchedBy = ReplyMatch.InReplyTo,
            MatchedOn = "m@example.org",
            Text = "yes",
            TextBlob = "extracted/reply.json",
            SourceBlob = "reply.eml",
            LinkedAt = DateTimeOffset.UnixEpoch,
        };
        Assert.Equal(["cost-limit-risk"], IndexHandler.ReplyFlags(["cost-limit-risk"], [], RequestStatus.AwaitingClarification));
        Assert.Equal(["cost-limit-risk", IndexHandler.RequesterRepliedFlag], IndexHandler.ReplyFlags(["cost-limit-risk"], [reply], RequestStatus.InReview));
        Assert.Equal(
            [IndexHandler.RequesterRepliedFlag, IndexHandler.ClarificationReceivedFlag],
            IndexHandler.ReplyFlags([IndexHandler.RequesterRepliedFlag], [reply], RequestStatus.AwaitingClarification));
    }
}
