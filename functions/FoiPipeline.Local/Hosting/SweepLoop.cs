using FoiPipeline.Sweep;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FoiPipeline.Local.Hosting;

/// <summary>
/// The local host's deadline sweep: the same <see cref="SweepHandler"/> the Functions app's timer calls, run once
/// shortly after start (as a timer that missed runs while the app was down fires at once) and then every
/// <see cref="LocalHostOptions.SweepInterval"/>. A failed run is logged and the next one is tried on schedule.
/// </summary>
public sealed class SweepLoop : BackgroundService
{
    private readonly SweepHandler _sweep;
    private readonly LocalHostOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<SweepLoop> _logger;

    public SweepLoop(SweepHandler sweep, LocalHostOptions options, TimeProvider clock, ILogger<SweepLoop> logger)
    {
        _sweep = sweep;
        _options = options;
        _clock = clock;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Let start-up (containers, index) finish before the first run.
            await Task.Delay(_options.SweepFirstDelay, _clock, stoppingToken);
            using var timer = new PeriodicTimer(_options.SweepInterval, _clock);
            do
            {
                try
                {
                    await _sweep.RunAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    _logger.LogError(ex, "The sweep failed; it runs again in {Interval}", _options.SweepInterval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
