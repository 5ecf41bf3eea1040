using System.Diagnostics;
using Microsoft.Playwright;

namespace FoiPipeline.IntegrationTests.Browser;

/// <summary>
/// One headless Chromium for the whole test run, driven through Playwright: started on first use, closed when the
/// test process exits. Each test takes its own <see cref="IBrowserContext"/> (cookies and storage of its own), so two
/// contexts in one test are two reviewers, and test classes still run in parallel.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    /// <summary>Points the tests at another Chromium or Chrome executable than Debian's.</summary>
    public const string ExecutableVariable = "FOI_CHROMIUM";

    /// <summary>Where Debian's <c>chromium</c> package puts the browser.</summary>
    public const string DebianExecutable = "/usr/bin/chromium";

    private static readonly Lazy<Task<BrowserSession>> Shared = new(StartAsync);

    private readonly IPlaywright _playwright;

    private BrowserSession(IPlaywright playwright, IBrowser browser, string executablePath, TimeSpan driverStart, TimeSpan launch)
    {
        _playwright = playwright;
        Browser = browser;
        ExecutablePath = executablePath;
        DriverStartTime = driverStart;
        LaunchTime = launch;
    }

    public IBrowser Browser { get; }

    public string ExecutablePath { get; }

    /// <summary>How long Playwright's driver (a Node.js process inside the package) took to start.</summary>
    public TimeSpan DriverStartTime { get; }

    /// <summary>How long Chromium took to launch once the driver was up.</summary>
    public TimeSpan LaunchTime { get; }

    /// <summary>The run's browser, started by the first caller; a missing Chromium fails every caller with the same message.</summary>
    public static Task<BrowserSession> SharedAsync() => Shared.Value;

    /// <summary>
    /// A fresh context on the shared browser: an en-GB, Europe/London desktop window, with relative URLs resolved
    /// against <paramref name="baseAddress"/> when given. Dispose it at the end of the test.
    /// </summary>
    public static async Task<IBrowserContext> NewContextAsync(Uri? baseAddress = null)
    {
        var session = await SharedAsync();
        return await session.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress?.ToString(),
            Locale = "en-GB",
            TimezoneId = "Europe/London",
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
    }

    /// <summary>The Chromium to drive: <see cref="ExecutableVariable"/> when set, else Debian's.</summary>
    /// <exception cref="InvalidOperationException">There is no browser there; the message says how to install one.</exception>
    public static string FindExecutable()
    {
        var configured = Environment.GetEnvironmentVariable(ExecutableVariable);
        var path = string.IsNullOrWhiteSpace(configured) ? DebianExecutable : configured;
        if (File.Exists(path))
        {
            return path;
        }

        throw new InvalidOperationException(string.IsNullOrWhiteSpace(configured)
            ? $"The browser tests need Chromium at {DebianExecutable}, and it is not there. Install the Debian package 'chromium' " +
              "(./test.sh does it with scripts/ensure-debian-packages.sh --browser; or run apt-get install chromium as root), " +
              $"or set {ExecutableVariable} to a Chromium or Chrome executable."
            : $"{ExecutableVariable} is set to {configured}, which does not exist. Point it at a Chromium or Chrome executable, " +
              $"or unset it to use Debian's 'chromium' package at {DebianExecutable}.");
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
    }

    private static async Task<BrowserSession> StartAsync()
    {
        var executable = FindExecutable();
        var clock = Stopwatch.StartNew();
        var playwright = await Playwright.CreateAsync();
        var driverStart = clock.Elapsed;
        try
        {
            clock.Restart();
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,

                // Chromium refuses to start its sandbox as root (containers, CI); anyone else keeps it.
                Args = Environment.IsPrivilegedProcess ? ["--no-sandbox"] : [],
            });
            var session = new BrowserSession(playwright, browser, executable, driverStart, clock.Elapsed);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => session.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
            return session;
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }
}
