using System.Diagnostics;
using System.Text.RegularExpressions;
using FoiPipeline.Local.Azurite;

namespace FoiPipeline.IntegrationTests.Support;

/// <summary>
/// The local host as users run it: <c>foi run</c> in a process of its own (the built <c>foi.dll</c>), over the
/// storage a test gives it, so that a test can kill it with SIGKILL mid-work and start it again on the same data
/// folder. Its log (stderr) and output are kept, and written to <c>artifacts/test-reports/hosts/</c> for a failed
/// run to be read afterwards.
/// </summary>
public sealed partial class HostProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly string _logFile;
    private readonly List<string> _lines = [];
    private readonly TaskCompletionSource<Uri> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Process _process;

    private HostProcess(Process process, string logFile)
    {
        _process = process;
        _logFile = logFile;
    }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the host wrote so far, stdout and stderr interleaved, one entry per line.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>The reviewer API's base address, once the host has said it is running.</summary>
    public Task<Uri> ApiAddress => _ready.Task;

    /// <summary>
    /// Starts <c>foi run --storage ... --data-dir ... --api-port 0</c> with <paramref name="environment"/> added to this
    /// process's environment and <paramref name="arguments"/> after the usual ones, and waits until it says it is running.
    /// </summary>
    public static async Task<HostProcess> StartAsync(
        string storageConnectionString, string dataDirectory, IReadOnlyDictionary<string, string> environment, string name, bool verbose = false, IReadOnlyList<string>? arguments = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = SharedAzurite.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "foi.dll"));
        foreach (var argument in new[] { "run", "--storage", storageConnectionString, "--data-dir", dataDirectory, "--api-port", "0" })
        {
            start.ArgumentList.Add(argument);
        }

        if (verbose)
        {
            start.ArgumentList.Add("--verbose");
        }

        foreach (var argument in arguments ?? [])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var logDirectory = Path.Combine(SharedAzurite.RepoRoot, "artifacts", "test-reports", "hosts");
        Directory.CreateDirectory(logDirectory);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var host = new HostProcess(process, Path.Combine(logDirectory, name + ".log"));
        process.OutputDataReceived += (_, e) => host.Record(e.Data, fromOutput: true);
        process.ErrorDataReceived += (_, e) => host.Record(e.Data, fromOutput: false);
        process.Exited += (_, _) => host._ready.TrySetException(new InvalidOperationException(
            $"foi run exited with code {SafeExitCode(process)} before it was ready:\n{string.Join('\n', host.Lines.TakeLast(40))}"));
        File.WriteAllText(host._logFile, $"--- foi run starting at {DateTimeOffset.UtcNow:O}\n");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await host._ready.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            host.Kill();
            throw new TimeoutException($"foi run did not say it was running within {StartTimeout.TotalSeconds:0} s:\n{string.Join('\n', host.Lines.TakeLast(40))}");
        }

        return host;
    }

    /// <summary>SIGKILL: the process ends at once, mid-whatever it was doing, as in a crash or an out-of-memory kill.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        File.AppendAllText(_logFile, $"--- killed at {DateTimeOffset.UtcNow:O}\n");
    }

    /// <summary>SIGTERM, then waits for the host to finish what it is doing and exit (Ctrl+C's path); SIGKILL after 40 s.</summary>
    public async Task StopAsync() => await ProcessStopper.StopAsync(_process, TimeSpan.FromSeconds(40));

    /// <summary>Lines of the log that contain <paramref name="text"/>.</summary>
    public IReadOnlyList<string> LinesContaining(string text) => [.. Lines.Where(line => line.Contains(text, StringComparison.Ordinal))];

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    private void Record(string? line, bool fromOutput)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Add(line);
            File.AppendAllText(_logFile, line + "\n");
        }

        if (fromOutput && ReadyLine().Match(line) is { Success: true } match)
        {
            _ready.TrySetResult(new Uri(match.Groups["api"].Value));
        }
    }

    private static string SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }

    [GeneratedRegex(@"Reviewer page at (?<api>http://[^/]+/)api/page/")]
    private static partial Regex ReadyLine();
}
