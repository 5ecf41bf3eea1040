using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace FoiPipeline.Local.Azurite;

/// <summary>
/// Makes sure the Azurite pinned in package-lock.json is installed under the repository's node_modules,
/// running <c>npm ci</c> when it is missing or a different version. Safe when several processes (two test
/// projects, a test run and <c>foi run</c>) ask at once: one installs, the others wait for it.
/// </summary>
public static class AzuriteInstaller
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);

    /// <returns>The path of Azurite's entry script, to run with node.</returns>
    public static async Task<string> EnsureInstalledAsync(string repoRoot, ILogger logger, CancellationToken cancellationToken)
    {
        var script = Path.Combine(repoRoot, "node_modules", "azurite", "dist", "src", "azurite.js");
        var pinned = PinnedVersion(repoRoot);
        if (InstalledVersion(repoRoot) == pinned && File.Exists(script))
        {
            return script;
        }

        await using var installLock = await AcquireLockAsync(repoRoot, cancellationToken);
        if (InstalledVersion(repoRoot) == pinned && File.Exists(script))
        {
            return script; // another process installed it while we waited
        }

        logger.LogInformation("Installing Azurite {Version} with npm ci (first run only)", pinned);
        await RunNpmCiAsync(repoRoot, cancellationToken);
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"npm ci finished but {script} is missing; check package.json pins azurite.");
        }

        return script;
    }

    private static string PinnedVersion(string repoRoot)
    {
        var lockFile = Path.Combine(repoRoot, "package-lock.json");
        if (!File.Exists(lockFile))
        {
            throw new InvalidOperationException($"No package-lock.json in {repoRoot}: run foi from the FoiPipeline repository, or pass --storage with a connection string.");
        }

        using var document = JsonDocument.Parse(File.ReadAllText(lockFile));
        if (document.RootElement.TryGetProperty("packages", out var packages)
            && packages.TryGetProperty("node_modules/azurite", out var azurite)
            && azurite.TryGetProperty("version", out var version))
        {
            return version.GetString()!;
        }

        throw new InvalidOperationException($"{lockFile} does not pin azurite.");
    }

    private static string? InstalledVersion(string repoRoot)
    {
        var manifest = Path.Combine(repoRoot, "node_modules", "azurite", "package.json");
        if (!File.Exists(manifest))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(manifest));
            return document.RootElement.TryGetProperty("version", out var version) ? version.GetString() : null;
        }
        catch (JsonException)
        {
            return null; // a half-written install; npm ci replaces it
        }
    }

    private static async Task RunNpmCiAsync(string repoRoot, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("npm")
        {
            WorkingDirectory = repoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "ci", "--no-audit", "--no-fund", "--loglevel=error" })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("npm did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("npm is not on PATH; install Node.js 20 or later (it brings npm), then run again.", ex);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(InstallTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            if (process.ExitCode != 0)
            {
                var log = (await output + await error).Trim();
                throw new InvalidOperationException(
                    $"npm ci failed with exit code {process.ExitCode} in {repoRoot}; is the npm registry reachable?\n{Tail(log, 2000)}");
            }
        }
    }

    private static async Task<FileStream> AcquireLockAsync(string repoRoot, CancellationToken cancellationToken)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(repoRoot))))[..16];
        var path = Path.Combine(Path.GetTempPath(), $"foipipeline-npm-{key}.lock");
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (deadline.Elapsed < InstallTimeout)
            {
                await Task.Delay(250, cancellationToken);
            }
        }
    }

    private static string Tail(string text, int length) => text.Length <= length ? text : "…" + text[^length..];
}
