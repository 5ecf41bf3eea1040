using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using FoiPipeline.Analysis;
using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Review;
using Microsoft.Playwright;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace FoiPipeline.IntegrationTests.Browser;

/// <summary>
/// The browser tests' own tools, proved before the reviewer page relies on them: Chromium against the real local host,
/// axe-core in the page, screenshots on disk, and a 10,000-request queue filled in seconds.
/// </summary>
public sealed class BrowserInfrastructureTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Chromium_runs_headless_and_loads_what_the_local_host_serves()
    {
        await using var pipeline = await TestPipeline.CreateAsync();
        var session = await BrowserSession.SharedAsync();
        await using var context = await BrowserSession.NewContextAsync(pipeline.ApiAddress);
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync("/api/openapi.json");

        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        using var document = JsonDocument.Parse(await response.TextAsync());
        Assert.StartsWith("3.", document.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Contains("HeadlessChrome", await page.EvaluateAsync<string>("() => navigator.userAgent"), StringComparison.Ordinal);
        output.WriteLine(
            $"Chromium {session.Browser.Version} at {session.ExecutablePath}: Playwright driver started in {session.DriverStartTime.TotalMilliseconds:0} ms, " +
            $"browser launched in {session.LaunchTime.TotalMilliseconds:0} ms.");
    }

    [Fact]
    public async Task Two_contexts_are_two_reviewers_who_share_nothing()
    {
        await using var pipeline = await TestPipeline.CreateAsync();
        await using var first = await BrowserSession.NewContextAsync(pipeline.ApiAddress);
        await using var second = await BrowserSession.NewContextAsync(pipeline.ApiAddress);
        var firstPage = await first.NewPageAsync();
        var secondPage = await second.NewPageAsync();
        await firstPage.GotoAsync("/api/openapi.json");
        await secondPage.GotoAsync("/api/openapi.json");

        await firstPage.EvaluateAsync("() => localStorage.setItem('reviewer', 'sam')");

        Assert.Equal("sam", await firstPage.EvaluateAsync<string?>("() => localStorage.getItem('reviewer')"));
        Assert.Null(await secondPage.EvaluateAsync<string?>("() => localStorage.getItem('reviewer')"));
    }

    [Fact]
    public async Task The_reviewer_page_address_carries_a_token_the_api_accepts()
    {
        await using var pipeline = await TestPipeline.CreateAsync();

        var address = pipeline.PageAddress("sam", "Sam Cleared", ReviewerRoles.Reviewer, ReviewerRoles.SensitiveReviewer);

        Assert.Equal(new Uri(pipeline.ApiAddress, ReviewerSignIn.PagePath).AbsolutePath, address.AbsolutePath);
        Assert.StartsWith("#token=", address.Fragment, StringComparison.Ordinal);
        using var http = new HttpClient { BaseAddress = pipeline.ApiAddress };
        var me = await GetAsync(http, "api/me", Uri.UnescapeDataString(address.Fragment["#token=".Length..]));
        Assert.Contains("Sam Cleared", me.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Axe_reports_serious_violations_in_a_careless_page_and_none_in_a_careful_one()
    {
        await using var context = await BrowserSession.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.SetContentAsync("""
            <html><body>
              <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
              <input type="text" name="search">
              <p style="color:#bbb;background:#fff">Due in 3 working days</p>
            </body></html>
            """);
        var careless = await AccessibilityCheck.RunAsync(page);

        Assert.Contains(careless, v => v.Id == "image-alt" && v.IsBlocking);
        Assert.Contains(careless, v => v.Id == "label" && v.IsBlocking);
        Assert.Contains(careless, v => v.Id == "color-contrast" && v.IsBlocking);
        var failure = Assert.Throws<XunitException>(() => AccessibilityCheck.AssertNoBlockingViolations(careless));
        Assert.Contains("image-alt (critical)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("at input", failure.Message, StringComparison.Ordinal);
        output.WriteLine(failure.Message);

        await page.SetContentAsync("""
            <!doctype html>
            <html lang="en-GB">
              <head><title>Triage queue</title></head>
              <body>
                <main>
                  <h1>Triage queue</h1>
                  <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="West Midlands Police crest">
                  <label for="search">Search requests</label>
                  <input id="search" type="search" name="search">
                  <p style="color:#333;background:#fff">Due in 3 working days</p>
                </main>
              </body>
            </html>
            """);

        var careful = await AccessibilityCheck.RunAsync(page);
        Assert.Empty(careful);
        await AccessibilityCheck.AssertNoBlockingViolationsAsync(page);
    }

    [Fact]
    public async Task Axe_runs_in_a_page_whose_content_security_policy_forbids_inline_scripts()
    {
        await using var context = await BrowserSession.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetContentAsync("""
            <!doctype html>
            <html lang="en-GB">
              <head>
                <meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'">
                <title>Triage queue</title>
              </head>
              <body><main><h1>Triage queue</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body>
            </html>
            """);

        var violations = await AccessibilityCheck.RunAsync(page);

        Assert.Equal(["image-alt"], violations.Select(v => v.Id));
    }

    [Fact]
    public async Task A_screenshot_is_a_png_under_the_test_reports()
    {
        await using var context = await BrowserSession.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetContentAsync("<!doctype html><html lang=\"en-GB\"><title>Screenshot</title><main><h1>Triage queue</h1></main></html>");

        var path = await Screenshots.SaveAsync(page, "browser-infrastructure/screenshot");

        Assert.Equal(Path.Combine(SharedAzurite.RepoRoot, "artifacts", "test-reports", "screenshots", "browser-infrastructure-screenshot.png"), path);
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.True(bytes.Length > 100, $"{path} has only {bytes.Length} bytes.");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
    }

    [Fact]
    public async Task Ten_thousand_seeded_requests_answer_the_first_page_through_the_api()
    {
        await using var pipeline = await TestPipeline.CreateAsync();
        var clock = Stopwatch.StartNew();
        var seeded = await SyntheticRequests.SeedAsync(pipeline.Index, 10_000);
        var seedTime = clock.Elapsed;
        var restricted = seeded.Count(e => e.Sensitivity == Sensitivity.Restricted);
        Assert.InRange(restricted, 500, 3_000);
        Assert.Contains(seeded, e => e.Duplicates.Any(d => d.Kind == "round-robin"));
        Assert.Contains(seeded, e => e.Duplicates.Any(d => d.Kind == "repeat"));

        using var http = new HttpClient { BaseAddress = pipeline.ApiAddress };
        var cleared = pipeline.Token("sam", "Sam Cleared", ReviewerRoles.Reviewer, ReviewerRoles.SensitiveReviewer);
        clock.Restart();
        var page = await GetAsync(http, "api/requests?take=50", cleared);
        var apiTime = clock.Elapsed;
        Assert.Equal(10_000, page.GetProperty("total").GetInt64());
        Assert.Equal(50, page.GetProperty("items").GetArrayLength());

        var uncleared = await GetAsync(http, "api/requests?take=50", pipeline.Token("alex", "Alex Reviewer", ReviewerRoles.Reviewer));
        Assert.Equal(10_000 - restricted, uncleared.GetProperty("total").GetInt64());

        // The same first page fetched by the browser, as the reviewer page will: the figure the page's own budget starts from.
        await using var context = await BrowserSession.NewContextAsync(pipeline.ApiAddress);
        var browserPage = await context.NewPageAsync();
        await browserPage.GotoAsync("/api/openapi.json");
        var inBrowser = await browserPage.EvaluateAsync<JsonElement>(
            """
            async token => {
              const started = performance.now();
              const response = await fetch('/api/requests?take=50', { headers: { Authorization: 'Bearer ' + token } });
              const body = await response.json();
              return { status: response.status, items: body.items.length, total: body.total, ms: performance.now() - started };
            }
            """,
            cleared);
        Assert.Equal(200, inBrowser.GetProperty("status").GetInt32());
        Assert.Equal(50, inBrowser.GetProperty("items").GetInt32());

        output.WriteLine(
            $"Seeded {seeded.Count} requests ({restricted} restricted) in {seedTime.TotalMilliseconds:0} ms; first page of 50 through the API " +
            $"in {apiTime.TotalMilliseconds:0} ms (first call), from the browser in {inBrowser.GetProperty("ms").GetDouble():0} ms.");
    }

    private static async Task<JsonElement> GetAsync(HttpClient http, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
