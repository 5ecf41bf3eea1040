using System.ComponentModel;
using System.Diagnostics;

namespace FoiPipeline.TestFixtures;

/// <summary>What a helper program did.</summary>
internal sealed record ToolResult(int ExitCode, string Output, string Error);

/// <summary>
/// Runs poppler's command-line tools for the builders that need them (rasterising, JPEG encoding).
/// Arguments go as a list, never through a shell; a missing program names the package to install.
/// </summary>
internal static class ExternalTool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static async Task<ToolResult> RunAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"'{program}' is not installed or not on PATH; the fixtures need poppler-utils (apt-get install poppler-utils).", ex);
        }

        using (process)
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            limit.CancelAfter(Timeout);
            var output = process.StandardOutput.ReadToEndAsync(limit.Token);
            var error = process.StandardError.ReadToEndAsync(limit.Token);
            try
            {
                await process.WaitForExitAsync(limit.Token);
                return new ToolResult(process.ExitCode, await output, await error);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                throw new TimeoutException($"{program} did not finish within {Timeout.TotalSeconds:0} s.");
            }
        }
    }

    /// <summary>Runs the program and throws with its error output unless it exits 0.</summary>
    public static async Task RunCheckedAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var result = await RunAsync(program, arguments, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} exited with {result.ExitCode}: {result.Error.Trim()}");
        }
    }
}

/// <summary>A scratch folder under the system temp folder, deleted with everything in it on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "foi-fixtures-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail the test that made it.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
