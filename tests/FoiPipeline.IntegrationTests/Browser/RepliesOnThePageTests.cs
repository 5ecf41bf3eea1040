using FoiPipeline.Correspondence;
using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Pipeline;
using FoiPipeline.Review;
using FoiPipeline.TestFixtures;
using FoiPipeline.Triage;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace FoiPipeline.IntegrationTests.Browser;

/// <summary>The requester's reply, linked by the real pipeline, as a reviewer sees it on the page in Chromium.</summary>
public sealed class RepliesOnThePageTests
{
    [Fact]
    public async Task A_reviewer_sees_that_the_requester_replied_in_the_queue_and_reads_the_reply_on_the_request()
    {
        await using var pipeline = await TestPipeline.CreateAsync();
        var requestId = DocId.Of(MailLoopFixtures.Request);
        await pipeline.UploadAsync("shah-request.eml", MailLoopFixtures.Request);
        await pipeline.IndexedAsync(requestId);
        await pipeline.UploadAsync("shah-reply.eml", MailLoopFixtures.ReplyInThread);
        await Eventually.GetAsync(
            async () => await pipeline.Index.GetAsync(requestId, CancellationToken.None) is { } entry && entry.Flags.Contains(IndexHandler.RequesterRepliedFlag) ? entry : null,
            "the request flagged as replied to");
        Assert.Single(await pipeline.Services.GetRequiredService<CorrespondenceStore>().RepliesAsync(requestId, CancellationToken.None));

        await using var context = await BrowserSession.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(pipeline.PageAddress("rob", "Rob Reviewer", ReviewerRoles.Reviewer).ToString());
        await Expect(page.Locator("#queue-summary")).ToContainTextAsync("of 1 requests");
        await Expect(page.Locator($"#queue-rows tr[data-id='{requestId}'] .badge.replied")).ToHaveTextAsync("Requester replied");

        await page.Locator("#queue-rows a.subject").First.ClickAsync();
        await Expect(page.Locator("#replies-heading")).ToHaveTextAsync("Replies from the requester (1)");
        await Expect(page.Locator("#replies .reply")).ToContainTextAsync("not training flights");
        await Expect(page.Locator("#replies")).ToContainTextAsync("in the same thread");
        await Expect(page.Locator("#replies .reply")).Not.ToContainTextAsync("Before we can answer");
        await AccessibilityCheck.AssertNoBlockingViolationsAsync(page);
        await Screenshots.SaveAsync(page, "request-with-reply");
    }
}
