using System.Text.RegularExpressions;
using FoiPipeline.IntegrationTests.Support;
using Microsoft.Playwright;

namespace FoiPipeline.IntegrationTests.Browser;

/// <summary>
/// Full-page PNGs of what the browser tests saw, kept under artifacts/test-reports/screenshots in the repository
/// (beside the analyzer's gold-set report), so CI can publish them and a failure can be looked at rather than guessed.
/// </summary>
public static partial class Screenshots
{
    public static string Directory { get; } = Path.Combine(SharedAzurite.RepoRoot, "artifacts", "test-reports", "screenshots");

    /// <summary>Saves the whole page as <c>{name}.png</c> (anything but letters, digits, '-' and '_' becomes '-'), replacing an older one; returns the path.</summary>
    public static async Task<string> SaveAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, Unsafe().Replace(name, "-") + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    [GeneratedRegex("[^A-Za-z0-9_-]+")]
    private static partial Regex Unsafe();
}
