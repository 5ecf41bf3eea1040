using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace FoiPipeline.Local.Azurite;

/// <summary>
/// A running Azurite (blob and queue, plus the table service it insists on) on free loopback ports,
/// with its data under the given folder. Started with telemetry off; stopped by process id on dispose.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>Azurite's fixed development account and key (public, documented; not a secret).</summary>
    public const string AccountName = "devstoreaccount1";

    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private static readonly string[] SetsidPaths = ["/usr/bin/setsid", "/bin/setsid"];

    /// <summary>How long Azurite gets to save its state and exit after SIGTERM before it is killed.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly StreamWriter _log;
    private FileStream? _locationLock;

    private AzuriteProcess(Process process, StreamWriter log, int blobPort, int queuePort)
    {
        _process = process;
        _log = log;
        BlobPort = blobPort;
        QueuePort = queuePort;
    }

    public int ProcessId => _process.Id;

    public int BlobPort { get; }

    public int QueuePort { get; }

    public string ConnectionString => ConnectionStringFor(BlobPort, QueuePort);

    public static string ConnectionStringFor(int blobPort, int queuePort) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/{AccountName};QueueEndpoint=http://127.0.0.1:{queuePort}/{AccountName};";

    /// <summary>
    /// Installs Azurite if needed and starts it; retries on fresh ports if one was taken meanwhile. The
    /// data folder is locked for as long as this Azurite runs: two Azurites on one folder would each save
    /// their own view of it over the other's, and a letter stored by one could vanish.
    /// </summary>
    /// <exception cref="AzuriteLocationBusyException">Another process is running Azurite on <paramref name="location"/>.</exception>
    public static async Task<AzuriteProcess> StartAsync(string repoRoot, string location, ILogger logger, CancellationToken cancellationToken)
    {
        var script = await AzuriteInstaller.EnsureInstalledAsync(repoRoot, logger, cancellationToken);
        Directory.CreateDirectory(location);
        var locationLock = LockLocation(location);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var azurite = await StartOnceAsync(script, location, logger, cancellationToken);
                    azurite._locationLock = locationLock;
                    return azurite;
                }
                catch (AzuriteStartException) when (attempt < 3)
                {
                    logger.LogWarning("Azurite did not start (attempt {Attempt}); trying other ports", attempt);
                }
            }
        }
        catch
        {
            await locationLock.DisposeAsync();
            throw;
        }
    }

    private static FileStream LockLocation(string location)
    {
        var path = Path.Combine(location, ".foi-azurite.lock");
        try
        {
            // FileShare.None is an exclusive advisory lock (flock) on Unix, honoured by every foi process.
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new AzuriteLocationBusyException(location, ex);
        }
    }

    private static async Task<AzuriteProcess> StartOnceAsync(string script, string location, ILogger logger, CancellationToken cancellationToken)
    {
        var ports = LoopbackPorts.Free(3);

        // In its own session, so that Ctrl+C in a terminal reaches only foi, which stops its workers
        // first and then Azurite; otherwise Azurite would die under workers that are still running.
        var setsid = OperatingSystem.IsWindows() ? null : SetsidPaths.FirstOrDefault(File.Exists);
        var start = new ProcessStartInfo(setsid ?? "node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (setsid is not null)
        {
            start.ArgumentList.Add("node");
        }

        foreach (var argument in new[]
        {
            script,
            "--blobHost", "127.0.0.1", "--blobPort", ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", ports[2].ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--location", location,
            "--disableTelemetry",
            "--silent",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var logPath = Path.Combine(location, "azurite.log");
        var log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new AzuriteStartException("node did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            await log.DisposeAsync();
            throw new InvalidOperationException("node is not on PATH; install Node.js 20 or later, then run again.", ex);
        }

        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var azurite = new AzuriteProcess(process, log, ports[0], ports[1]);
        var clock = Stopwatch.StartNew();
        while (!(await LoopbackPorts.AcceptsAsync(ports[0], cancellationToken) && await LoopbackPorts.AcceptsAsync(ports[1], cancellationToken)))
        {
            if (process.HasExited || clock.Elapsed > StartTimeout)
            {
                await azurite.DisposeAsync();
                throw new AzuriteStartException($"Azurite did not start listening within {StartTimeout.TotalSeconds:0} s; see {logPath}.");
            }

            await Task.Delay(50, cancellationToken);
        }

        logger.LogInformation("Azurite is up (pid {Pid}; blob port {BlobPort}, queue port {QueuePort}; data in {Location}) after {Elapsed} ms",
            process.Id, ports[0], ports[1], location, clock.ElapsedMilliseconds);
        return azurite;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ProcessStopper.StopAsync(_process, StopGrace);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (OperationCanceledException)
        {
            // Killed but slow to be reaped; the OS finishes it.
        }
        finally
        {
            _process.Dispose();
            await _log.DisposeAsync();
            if (_locationLock is not null)
            {
                await _locationLock.DisposeAsync(); // only now that Azurite has exited
            }
        }
    }

    /// <summary>Stops a process by id if it is still an Azurite (used to clean up after a host that was killed).</summary>
    public static async Task<bool> TryStopOrphanAsync(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            var commandLine = File.Exists($"/proc/{pid}/cmdline") ? await File.ReadAllTextAsync($"/proc/{pid}/cmdline") : process.ProcessName;
            if (!commandLine.Contains("azurite", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            await ProcessStopper.StopAsync(process, StopGrace);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            return false;
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        try
        {
            log.WriteLine(line);
        }
        catch (ObjectDisposedException)
        {
            // Output that arrives after we stopped Azurite.
        }
    }

    private sealed class AzuriteStartException(string message) : Exception(message);
}

/// <summary>Another process is running Azurite on this data folder (a <c>foi run</c>, perhaps still starting).</summary>
public sealed class AzuriteLocationBusyException(string location, Exception inner)
    : Exception($"Another process is running Azurite on {location}: a `foi run` that is running or still starting. Wait for it, or give this command its own --data-dir.", inner);
