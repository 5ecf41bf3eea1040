using System.Diagnostics;
using System.Globalization;
using FoiPipeline.Local.Azurite;

namespace FoiPipeline.Benchmarks;

/// <summary>
/// The pinned Azurite (node_modules, installed by <c>npm ci</c>) on loopback ports chosen once, with its data in
/// a folder of the run's own. It can be stopped and started again on the same ports and folder, so a host that
/// was talking to it reconnects as it would after a storage outage. Its output goes to <c>azurite.log</c>.
/// </summary>
internal sealed class BenchAzurite : IAsyncDisposable
{
    private readonly string _script;
    private readonly string _location;
    private readonly int[] _ports;
    private Process? _process;

    private BenchAzurite(string script, string location, int[] ports)
    {
        _script = script;
        _location = location;
        _ports = ports;
    }

    public string ConnectionString => AzuriteProcess.ConnectionStringFor(_ports[0], _ports[1]);

    public int? ProcessId => _process?.Id;

    public static async Task<BenchAzurite> StartAsync(string repoRoot, string location, CancellationToken cancellationToken)
    {
        var script = Path.Combine(repoRoot, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"No Azurite at {script}: run `npm ci` in {repoRoot} (the bench scripts do).");
        }

        Directory.CreateDirectory(location);
        var azurite = new BenchAzurite(script, location, LoopbackPorts.Free(3));
        await azurite.StartAsync(cancellationToken);
        return azurite;
    }

    /// <summary>Starts Azurite on this instance's ports and folder, and returns once both ports accept connections.</summary>
    public async Task<TimeSpan> StartAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            _script,
            "--blobHost", "127.0.0.1", "--blobPort", Port(0),
            "--queueHost", "127.0.0.1", "--queuePort", Port(1),
            "--tableHost", "127.0.0.1", "--tablePort", Port(2),
            "--location", _location,
            "--disableTelemetry",
            "--silent",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        ChildLog.Follow(_process, Path.Combine(_location, "azurite.log"));
        while (!(await LoopbackPorts.AcceptsAsync(_ports[0], cancellationToken) && await LoopbackPorts.AcceptsAsync(_ports[1], cancellationToken)))
        {
            if (_process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new InvalidOperationException($"Azurite did not start listening on ports {Port(0)} and {Port(1)}; see {_location}/azurite.log.");
            }

            await Task.Delay(50, cancellationToken);
        }

        return clock.Elapsed;
    }

    /// <summary>Stops Azurite politely (SIGTERM: it saves its state and exits), as an operator restarting it would.</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            await ProcessStopper.StopAsync(process, TimeSpan.FromSeconds(20));
            process.Dispose();
            _process = null;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private string Port(int index) => _ports[index].ToString(CultureInfo.InvariantCulture);
}
