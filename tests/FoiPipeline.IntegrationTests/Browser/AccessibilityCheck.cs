using System.Text;
using System.Text.Json;
using FoiPipeline.IntegrationTests.Support;
using Microsoft.Playwright;
using Xunit.Sdk;

namespace FoiPipeline.IntegrationTests.Browser;

/// <summary>One rule axe-core found broken on a page: the rule, how bad, what it asks for, and the elements that break it.</summary>
public sealed record AxeViolation(string Id, string Impact, string Help, string HelpUrl, IReadOnlyList<string> Targets)
{
    /// <summary>Serious and critical violations stop a reviewer using the page with a screen reader or keyboard; the tests allow none.</summary>
    public bool IsBlocking => Impact is "serious" or "critical";
}

/// <summary>
/// Runs axe-core (pinned in package-lock.json) inside a page against WCAG 2.2 AA and axe's best practices, so the
/// reviewer page is checked as the browser actually rendered it, scripts and all.
/// </summary>
public static class AccessibilityCheck
{
    /// <summary>The rule sets run: WCAG 2.0, 2.1 and 2.2 at A and AA, and axe's best practices.</summary>
    public static IReadOnlyList<string> Tags { get; } = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

    public static string ScriptPath { get; } = Path.Combine(SharedAzurite.RepoRoot, "node_modules", "axe-core", "axe.min.js");

    private static readonly Lazy<Task<string>> Script = new(() => File.ReadAllTextAsync(ScriptPath));

    /// <summary>Every violation axe finds in the page as it is now, injecting axe first when the page does not have it yet.</summary>
    public static async Task<IReadOnlyList<AxeViolation>> RunAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (!File.Exists(ScriptPath))
        {
            throw new InvalidOperationException($"axe-core is not installed ({ScriptPath} is missing): run `npm ci` in the repository root, as ./test.sh does.");
        }

        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            // Evaluated through the DevTools protocol rather than added as a <script> tag: a page with a Content-Security-Policy
            // (the reviewer page has one) blocks inline script tags, but not the browser's own evaluation.
            await page.EvaluateAsync(await Script.Value);
        }

        // As JSON text, read with the web defaults: Playwright's own conversion does not fill positional records.
        var json = await page.EvaluateAsync<string>(
            """
            async tags => JSON.stringify((await axe.run(document, { runOnly: { type: 'tag', values: tags } })).violations.map(v => ({
              id: v.id,
              impact: v.impact ?? 'unknown',
              help: v.help,
              helpUrl: v.helpUrl,
              targets: v.nodes.map(n => n.target.join(' ')),
            })))
            """,
            Tags);
        return JsonSerializer.Deserialize<AxeViolation[]>(json, WebJson)!;
    }

    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    /// <summary>Fails, listing each one with its elements, when the page has any serious or critical violation.</summary>
    public static async Task AssertNoBlockingViolationsAsync(IPage page) => AssertNoBlockingViolations(await RunAsync(page));

    /// <summary>Fails, listing each one with its elements, when <paramref name="violations"/> has any serious or critical one.</summary>
    public static void AssertNoBlockingViolations(IReadOnlyList<AxeViolation> violations)
    {
        var blocking = violations.Where(v => v.IsBlocking).ToList();
        if (blocking.Count > 0)
        {
            throw new XunitException(Describe(blocking, $"axe-core found {blocking.Count} serious or critical accessibility violation(s):"));
        }
    }

    /// <summary>Violations as a reviewer of a test failure wants to read them: rule, impact, what it asks, where.</summary>
    public static string Describe(IEnumerable<AxeViolation> violations, string heading)
    {
        var text = new StringBuilder(heading).AppendLine();
        foreach (var violation in violations)
        {
            text.AppendLine($"  {violation.Id} ({violation.Impact}): {violation.Help}  {violation.HelpUrl}");
            foreach (var target in violation.Targets)
            {
                text.AppendLine($"    at {target}");
            }
        }

        return text.ToString();
    }
}
