using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using FoiPipeline.Analysis;
using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Review;
using FoiPipeline.Triage;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace FoiPipeline.IntegrationTests.Browser;

/// <summary>
/// The reviewer page in Debian's Chromium, against the real local host: the queue, filters, one request with its
/// evidence, editing the split, a claim two reviewers race for, moving a request on, accessibility, and the
/// first page of a 10,000-request queue.
/// </summary>
public sealed class ReviewerPageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_reviewer_filters_the_queue_by_a_theme_and_sees_why_a_request_was_tagged()
    {
        await using var pipeline = await TestPipeline.CreateAsync();
        var entries = await SyntheticRequests.SeedAsync(pipeline.Index, 80);
        var visible = entries.Where(e => e.Sensitivity != Sensitivity.Restricted).ToList();
        var firearms = visible.Where(e => e.Themes.Any(t => t.Id == "firearms")).OrderBy(e => e.DueAt ?? DateOnly.MaxValue).ThenBy(e => e.ReceivedAt).ToList();
        Assert.NotEmpty(firearms);

        await using var context = await BrowserSession.NewContextAsync();
        var page = await context.NewPageAsync();
        var elsewhere = new List<string>();
        page.Request += (_, request) =>
        {
            // Everything the page needs comes from the host: no font, script or beacon from anywhere else.
            if (!request.Url.StartsWith(pipeline.ApiAddress.ToString(), StringComparison.Ordinal) && !request.Url.StartsWith("blob:", StringComparison.Ordinal))
            {
                elsewhere.Add(request.Url);
            }
        };
        await page.GotoAsync(pipeline.PageAddress("rob", "Rob Reviewer", ReviewerRoles.Reviewer).ToString());
        await Expect(page.Locator("#queue-summary")).ToContainTextAsync($"of {visible.Count} requests");
        Assert.Equal(0, await page.Locator("#queue-rows .badge.restricted").CountAsync());
        await Screenshots.SaveAsync(page, "queue");

        await page.Locator("#facet-theme-firearms").CheckAsync();
        await Expect(page.Locator("#queue-summary")).ToContainTextAsync($"of {firearms.Count} requests");
        Assert.All(await page.Locator("#queue-rows tr").AllAsync(), row => Assert.Contains("Firearms", row.InnerTextAsync().Result, StringComparison.Ordinal));

        await page.Locator("#queue-rows a.subject").First.ClickAsync();
        await Expect(page.Locator("#request-heading")).ToHaveTextAsync(firearms[0].Subject!);
        var evidence = firearms[0].Themes.Single(t => t.Id == "firearms").Evidence;
        var marks = page.Locator("#letter mark[data-theme='firearms']");
        await Expect(marks).ToHaveCountAsync(evidence.Count);
        Assert.Equal(evidence.Select(e => e.Text), await marks.AllInnerTextsAsync());
        await Screenshots.SaveAsync(page, "request");

        // The original letter, as it arrived, one click away.
        var original = System.Text.Encoding.UTF8.GetBytes(firearms[0].Text);
        await pipeline.Intake.UploadBlobAsync(firearms[0].SourceBlob, new BinaryData(original));
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#original").ClickAsync());
        Assert.Equal(Path.GetFileName(firearms[0].SourceBlob), download.SuggestedFilename);
        Assert.Equal(original, await File.ReadAllBytesAsync((await download.PathAsync())!));
        Assert.Empty(elsewhere);

        // A restricted request does not exist for this reviewer, word for word as one that was never sent.
        var hidden = entries.First(e => e.Sensitivity == Sensitivity.Restricted);
        await page.GotoAsync($"{pipeline.ApiAddress}api/page/#/requests/{hidden.Id}");
        await Expect(page.Locator("#request-view .error")).ToHaveTextAsync($"There is no request with id {hidden.Id}.");
        Assert.DoesNotContain(hidden.Subject!, await page.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_reviewers_race_for_a_claim_and_the_winner_splits_a_question_and_moves_the_request_on()
    {
        await using var pipeline = await TestPipeline.CreateAsync();
        var entries = await SyntheticRequests.SeedAsync(pipeline.Index, 20);
        var target = entries.First(e => e.Sensitivity != Sensitivity.Restricted && e.Questions.Any(q => q.Text.Contains(' ', StringComparison.Ordinal)));

        await using var annContext = await BrowserSession.NewContextAsync();
        await using var bobContext = await BrowserSession.NewContextAsync();
        var ann = await annContext.NewPageAsync();
        var bob = await bobContext.NewPageAsync();
        foreach (var (page, user, name) in new[] { (ann, "ann", "Ann Reviewer"), (bob, "bob", "Bob Reviewer") })
        {
            await page.GotoAsync(pipeline.PageAddress(user, name, ReviewerRoles.Reviewer) + "&/requests/" + target.Id);
            await Expect(page.Locator("#holder")).ToHaveTextAsync("Nobody holds this request.");
        }

        // Ann claims from the keyboard; Bob, whose page still offers the claim, is told who has it.
        await ann.Locator("#request-heading").FocusAsync();
        await ann.Keyboard.PressAsync("c");
        await Expect(ann.Locator("#holder")).ToHaveTextAsync("Held by Ann Reviewer (you).");
        await bob.Locator("#claim").ClickAsync();
        await Expect(bob.Locator("#holder")).ToContainTextAsync("Ann Reviewer holds this request");

        // Ann splits the first question where its second half begins, and accepts the split.
        var first = target.Questions[0].Text;
        var cut = first.IndexOf(' ', first.Length / 2);
        await ann.Locator("#question-0").EvaluateAsync("(box, at) => { box.focus(); box.setSelectionRange(at, at); }", cut);
        await ann.GetByRole(AriaRole.Button, new() { Name = "Split at cursor" }).First.ClickAsync();
        await Expect(ann.Locator("#questions-heading")).ToHaveTextAsync($"Questions ({target.Questions.Count + 1})");
        await ann.Locator("#save-split").ClickAsync();
        await Expect(ann.Locator("#announce")).ToHaveTextAsync("Split saved.");

        await ann.Locator("#next-status").SelectOptionAsync("referred");
        await ann.Locator("#decision").FillAsync("Referred to the licensing team.");
        await ann.Locator("#move").ClickAsync();
        await Expect(ann.Locator("#announce")).ToHaveTextAsync("Status changed.");
        await Expect(ann.Locator(".audit li")).ToHaveCountAsync(3);

        using var http = new HttpClient { BaseAddress = pipeline.ApiAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", pipeline.Token("sam", "Sam Cleared", ReviewerRoles.SensitiveReviewer));
        using var detail = JsonDocument.Parse(await http.GetStringAsync(new Uri($"api/requests/{target.Id}", UriKind.Relative)));
        var review = detail.RootElement.GetProperty("review");
        Assert.Equal("referred", review.GetProperty("status").GetString());
        Assert.Equal("ann", review.GetProperty("assignee").GetProperty("id").GetString());
        var split = review.GetProperty("editedQuestions").EnumerateArray().Select(q => q.GetProperty("text").GetString()).ToList();
        Assert.Equal([first[..cut].Trim(), first[cut..].Trim()], split.Take(2));
    }

    [Fact]
    public async Task The_common_path_works_from_the_keyboard_alone()
    {
        await using var pipeline = await TestPipeline.CreateAsync();
        var entries = await SyntheticRequests.SeedAsync(pipeline.Index, 30);
        var queue = entries.Where(e => e.Sensitivity != Sensitivity.Restricted)
            .OrderBy(e => e.DueAt ?? DateOnly.MaxValue).ThenBy(e => e.ReceivedAt).ToList();

        await using var context = await BrowserSession.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(pipeline.PageAddress("kim", "Kim Keys", ReviewerRoles.Reviewer).ToString());
        await Expect(page.Locator("#queue-rows tr")).ToHaveCountAsync(queue.Count);

        // Next request, open it, claim it, accept the analyzer's split, route it.
        await page.Keyboard.PressAsync("j");
        await Expect(page.Locator("#queue-rows tr.current a.subject")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#request-heading")).ToHaveTextAsync(queue[1].Subject!);
        await Expect(page.Locator("#request-heading")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("c");
        await Expect(page.Locator("#holder")).ToHaveTextAsync("Held by Kim Keys (you).");
        await page.Keyboard.PressAsync("a");
        await Expect(page.Locator("#announce")).ToHaveTextAsync("Split accepted as it is.");
        await page.Keyboard.PressAsync("r");
        await Expect(page.Locator("#next-status")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(page.Locator("#next-status")).ToHaveValueAsync("awaiting-clarification");
        for (var tabs = 0; !await page.Locator("#move").EvaluateAsync<bool>("button => button === document.activeElement"); tabs++)
        {
            Assert.True(tabs < 5, "The Move button should be a few tabs after the status list.");
            await page.Keyboard.PressAsync("Tab");
        }

        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#announce")).ToHaveTextAsync("Status changed.");

        // Back to the queue, where the request now shows its new status and owner.
        await page.Keyboard.PressAsync("Escape");
        var row = page.Locator($"#queue-rows tr[data-id='{queue[1].Id}']");
        await Expect(row).ToContainTextAsync("Awaiting clarification");
        await Expect(row).ToContainTextAsync("kim");
    }

    [Fact]
    public async Task The_queue_and_a_request_have_no_serious_or_critical_accessibility_violations()
    {
        await using var pipeline = await TestPipeline.CreateAsync();
        var entries = await SyntheticRequests.SeedAsync(pipeline.Index, 60);
        var withDuplicate = entries.First(e => e.Duplicates.Count > 0 && e.Sensitivity != Sensitivity.Restricted);

        await using var context = await BrowserSession.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(pipeline.PageAddress("sam", "Sam Cleared", ReviewerRoles.Reviewer, ReviewerRoles.SensitiveReviewer).ToString());
        await Expect(page.Locator("#queue-summary")).ToContainTextAsync($"of {entries.Count} requests");
        await AccessibilityCheck.AssertNoBlockingViolationsAsync(page);

        await page.GotoAsync($"{pipeline.ApiAddress}api/page/#/requests/{withDuplicate.Id}");
        await Expect(page.Locator("#dup-heading")).ToBeVisibleAsync();
        await AccessibilityCheck.AssertNoBlockingViolationsAsync(page);
    }

    [Fact]
    public async Task The_first_page_of_ten_thousand_requests_is_measured_and_reported()
    {
        await using var pipeline = await TestPipeline.CreateAsync();
        var seeding = Stopwatch.StartNew();
        var entries = await SyntheticRequests.SeedAsync(pipeline.Index, 10_000);
        seeding.Stop();
        var visible = entries.Count(e => e.Sensitivity != Sensitivity.Restricted);

        await using var context = await BrowserSession.NewContextAsync();
        var page = await context.NewPageAsync();

        // Warm the host and the browser once, as a reviewer's second visit would be, then measure a fresh load.
        var address = pipeline.PageAddress("rob", "Rob Reviewer", ReviewerRoles.Reviewer).ToString();
        await page.GotoAsync(address);
        await Expect(page.Locator("#queue-rows tr")).ToHaveCountAsync(50);

        // A fresh document each time (about:blank between), so nothing of the previous load is on screen.
        var loads = new List<(long Wall, int InPage, string Calls)>();
        for (var run = 0; run < 3; run++)
        {
            await page.GotoAsync("about:blank");
            var load = Stopwatch.StartNew();
            await page.GotoAsync(address);
            await Expect(page.Locator("#queue-summary")).ToContainTextAsync($"of {visible:N0} requests");
            await Expect(page.Locator("#queue-rows tr")).ToHaveCountAsync(50);
            load.Stop();
            var inPage = int.Parse(await page.EvaluateAsync<string>("() => document.body.dataset.firstQueueMs"), System.Globalization.CultureInfo.InvariantCulture);
            var calls = await page.EvaluateAsync<string>(
                "() => performance.getEntriesByType('resource').filter(e => e.name.includes('/api/requests')).map(e => Math.round(e.duration) + ' ms ' + new URL(e.name).search).join('; ')");
            loads.Add((load.ElapsedMilliseconds, inPage, calls));
        }

        var next = Stopwatch.StartNew();
        await page.Locator("#next").ClickAsync();
        await Expect(page.Locator("#page-label")).ToHaveTextAsync($"Page 2 of {(visible + 49) / 50}");
        next.Stop();

        var report = $"""
            Reviewer page, first page of the queue with {entries.Count:N0} requests indexed ({visible:N0} visible to an uncleared reviewer)
            Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, Chromium {(await BrowserSession.SharedAsync()).Browser.Version}
            Seeding the index: {seeding.ElapsedMilliseconds} ms
            Page load to 50 rows shown, three fresh loads (navigation, script, API calls, render), measured by the test: {string.Join(", ", loads.Select(l => l.Wall + " ms"))}
            The same, measured in the page from navigation start to the first page rendered: {string.Join(", ", loads.Select(l => l.InPage + " ms"))}
            API calls of the last load: {loads[^1].Calls}
            Next page (click to page 2 shown): {next.ElapsedMilliseconds} ms
            """;
        output.WriteLine(report);
        var path = Path.Combine(SharedAzurite.RepoRoot, "artifacts", "test-reports", "reviewer-page-timing.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, report);
    }
}
