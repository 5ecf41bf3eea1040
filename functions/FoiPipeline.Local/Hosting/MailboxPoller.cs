using FoiPipeline.Intake.SharedMailbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FoiPipeline.Local.Hosting;

/// <summary>
/// The local stand-in for the Functions app's mailbox timer: runs the mailbox connector every
/// <c>FoiPipeline:Mailbox:PollInterval</c> while <c>foi run</c> is up, and wakes the intake watcher when mail was taken.
/// Does nothing when no mailbox is configured.
/// </summary>
public sealed class MailboxPoller : BackgroundService
{
    private readonly MailboxConnector _connector;
    private readonly MailboxOptions _options;
    private readonly LocalQueueSignals _signals;
    private readonly ILogger<MailboxPoller> _logger;

    public MailboxPoller(MailboxConnector connector, IOptions<MailboxOptions> options, LocalQueueSignals signals, ILogger<MailboxPoller> logger)
    {
        _connector = connector;
        _options = options.Value;
        _signals = signals;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_connector.Enabled)
        {
            await _connector.RunAsync(stoppingToken);
            return;
        }

        _logger.LogInformation("Reading the mailbox folder {Folder} every {Interval}", _options.Folder, _options.PollInterval);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var result = await _connector.RunAsync(stoppingToken);
                if (result.Taken > 0)
                {
                    _signals.Sent(LocalQueueSignals.Intake);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A broken network or a refused token must not stop the host; the next run tries again.
                _logger.LogError(ex, "The mailbox run failed; trying again in {Interval}", _options.PollInterval);
            }

            try
            {
                await Task.Delay(_options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
