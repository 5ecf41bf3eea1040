using FoiPipeline.Intake.SharedMailbox;
using Microsoft.Azure.Functions.Worker;

namespace FoiPipeline.Functions;

/// <summary>
/// Reads new mail from the shared mailbox into intake on a timer (<c>FoiPipeline:Mailbox:Schedule</c>); the intake
/// function then ingests each message like any other letter. With no mailbox configured it does nothing. A run that
/// Graph throttles beyond the retries stops cleanly and the next run carries on, so the function does not fail for it.
/// </summary>
public sealed class MailboxFunction
{
    public const string Name = "Mailbox";

    private readonly MailboxConnector _connector;

    public MailboxFunction(MailboxConnector connector) => _connector = connector;

    // Returns nothing: a return value with no output binding is not something the host would do anything with.
    // A run that fails otherwise (storage unreachable, say) is tried again after 30 s rather than at the next
    // schedule; it resumes from the saved delta link, so a retry never takes a message twice.
    [Function(Name)]
    [FixedDelayRetry(2, "00:00:30")]
    public async Task RunAsync(
        [TimerTrigger("%FoiPipeline:Mailbox:Schedule%")] TimerInfo timer,
        CancellationToken cancellationToken)
        => await _connector.RunAsync(cancellationToken);
}
