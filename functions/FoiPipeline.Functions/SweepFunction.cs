using FoiPipeline.Sweep;
using Microsoft.Azure.Functions.Worker;

namespace FoiPipeline.Functions;

/// <summary>
/// The periodic sweep: flags open requests due soon or overdue, and ingests intake blobs no Event Grid delivery
/// processed (see <see cref="SweepHandler"/>). The schedule is an app setting so an authority can change it without a
/// build; timers accept a function-level retry, which covers a storage or search outage during a run.
/// </summary>
public sealed class SweepFunction
{
    public const string Name = "Sweep";

    private readonly SweepHandler _sweep;

    public SweepFunction(SweepHandler sweep) => _sweep = sweep;

    /// <remarks>
    /// Retried twice, a minute apart, when a run throws; every step of a sweep is idempotent, so a retry only redoes
    /// what did not happen. A run late because the app was down runs as soon as it is back (<see cref="TimerInfo.IsPastDue"/>), which is what a sweep wants.
    /// </remarks>
    [Function(Name)]
    [FixedDelayRetry(2, "00:01:00")]
    public async Task RunAsync([TimerTrigger("%" + SweepOptions.ScheduleKey + "%")] TimerInfo timer, CancellationToken cancellationToken)
        => await _sweep.RunAsync(cancellationToken);
}
