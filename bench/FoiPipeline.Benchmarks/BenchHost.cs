using System.Diagnostics;
using System.Globalization;
using FoiPipeline.Local.Azurite;

namespace FoiPipeline.Benchmarks;

/// <summary>
/// The local host as a process of its own, as an operator runs it: <c>dotnet foi.dll run --storage ... --data-dir
/// ... --api-port 0</c>, its output appended to <c>host.log</c>. Its peak resident memory (VmHWM, which the kernel
/// keeps per process) is read every 100 ms, so the peak of a process that is later killed is still known.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private const string ReadyLine = "Reviewer page at ";

    private readonly string _hostDll;
    private readonly string _repoRoot;
    private readonly string _storage;
    private readonly string _dataDirectory;
    private readonly Timer _sampler;
    private Process? _process;
    private long _peakKilobytes;
    private long _cpuTicksOfEarlier;
    private long _cpuTicks;
    private int _processId;

    public BenchHost(string hostDll, string repoRoot, string storage, string dataDirectory)
    {
        _hostDll = hostDll;
        _repoRoot = repoRoot;
        _storage = storage;
        _dataDirectory = dataDirectory;
        Directory.CreateDirectory(dataDirectory);
        _sampler = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
    }

    public string LogPath => Path.Combine(_dataDirectory, "host.log");

    /// <summary>The id of the running host, or 0 between a kill and the restart.</summary>
    public int ProcessId => Volatile.Read(ref _processId);

    /// <summary>The largest VmHWM of any host process this instance started.</summary>
    public double PeakMegabytes => Interlocked.Read(ref _peakKilobytes) / 1024.0;

    /// <summary>CPU time (user and system) the host processes used, as last sampled; clock ticks are 1/100 s on Linux.</summary>
    public double CpuSeconds => (Interlocked.Read(ref _cpuTicksOfEarlier) + Interlocked.Read(ref _cpuTicks)) / 100.0;

    /// <summary>Starts the host and returns once it says its reviewer API is up (workers are running by then).</summary>
    public async Task<TimeSpan> StartAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _repoRoot };
        foreach (var argument in new[] { _hostDll, "run", "--storage", _storage, "--data-dir", _dataDirectory, "--api-port", "0" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["OMP_THREAD_LIMIT"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        await File.AppendAllTextAsync(LogPath, $"==== host starting at {DateTimeOffset.UtcNow:O}\n", cancellationToken);

        var clock = Stopwatch.StartNew();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        ChildLog.Follow(process, LogPath, line =>
        {
            if (line.Contains(ReadyLine, StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        });
        _process = process;
        Volatile.Write(ref _processId, process.Id);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        var exited = process.WaitForExitAsync(timeout.Token);
        if (await Task.WhenAny(ready.Task, exited) != ready.Task)
        {
            throw new InvalidOperationException($"The host exited or did not start within 2 minutes; see {LogPath}.");
        }

        return clock.Elapsed;
    }

    /// <summary>SIGKILL: the fault. The host gets no chance to finish, save or release anything.</summary>
    public async Task KillAsync()
    {
        var process = _process ?? throw new InvalidOperationException("The host is not running.");
        Sample();
        await ChildLog.KillAsync(process);
        await File.AppendAllTextAsync(LogPath, $"==== host pid {process.Id} killed with SIGKILL at {DateTimeOffset.UtcNow:O}\n");
        Forget();
    }

    /// <summary>Stops the host as Ctrl+C would, so it finishes what it holds and exits.</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            Sample();
            await ProcessStopper.StopAsync(process, TimeSpan.FromSeconds(60));
            Forget();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _sampler.DisposeAsync();
        await StopAsync();
    }

    private void Forget()
    {
        Interlocked.Add(ref _cpuTicksOfEarlier, Interlocked.Exchange(ref _cpuTicks, 0));
        Volatile.Write(ref _processId, 0);
        _process?.Dispose();
        _process = null;
    }

    private void Sample()
    {
        var pid = ProcessId;
        if (pid == 0)
        {
            return;
        }

        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null && long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) is var kilobytes
                && kilobytes > Interlocked.Read(ref _peakKilobytes))
            {
                Interlocked.Exchange(ref _peakKilobytes, kilobytes);
            }

            // /proc/PID/stat: after the ")" that ends the command name, utime and stime are the 12th and 13th fields.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            Interlocked.Exchange(ref _cpuTicks, long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            // Between the kill and the restart.
        }
    }
}
