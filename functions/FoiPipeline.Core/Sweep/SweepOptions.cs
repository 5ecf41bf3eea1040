using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace FoiPipeline.Sweep;

/// <summary>
/// The periodic sweep (<see cref="SweepHandler"/>), bound from <c>FoiPipeline:Sweep</c>
/// (<c>FoiPipeline__Sweep__DueSoonWorkingDays</c> and so on).
/// </summary>
public sealed partial class SweepOptions
{
    public const string SectionName = "FoiPipeline:Sweep";

    /// <summary>The configuration key the Functions timer trigger binds (<c>%FoiPipeline:Sweep:Schedule%</c>).</summary>
    public const string ScheduleKey = SectionName + ":Schedule";

    /// <summary>
    /// Every 15 minutes, on the quarter hour. NCRONTAB with seconds, because Flex Consumption and Consumption plans
    /// accept no TimeSpan schedules. Often enough that a lost letter waits at most grace plus 15 minutes.
    /// </summary>
    public const string DefaultSchedule = "0 */15 * * * *";

    /// <summary>The Functions app's timer schedule (the local host uses <c>FoiPipeline:LocalHost:SweepInterval</c>).</summary>
    public string Schedule { get; set; } = DefaultSchedule;

    /// <summary>An open request due within this many working days (today included) is due soon.</summary>
    public int DueSoonWorkingDays { get; set; } = 5;

    /// <summary>
    /// How long an intake blob may wait unmarked before the sweep ingests it itself. Event Grid normally delivers
    /// within seconds; ten minutes leaves its first retries room, so the sweep picks up only what it gave up on.
    /// </summary>
    public TimeSpan IntakeGrace { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Most intake blobs one sweep ingests, so a backlog is worked off over several runs within the function timeout.</summary>
    public int MaxReconcilePerRun { get; set; } = 20;

    [GeneratedRegex(@"^\S+( \S+){5}$")]
    internal static partial Regex SixFields();
}

/// <summary>Fails start-up on sweep settings that cannot work, naming the setting as an app setting spells it.</summary>
public sealed class SweepOptionsValidator : IValidateOptions<SweepOptions>
{
    public ValidateOptionsResult Validate(string? name, SweepOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Schedule) || !SweepOptions.SixFields().IsMatch(options.Schedule.Trim()))
        {
            errors.Add($"FoiPipeline__Sweep__Schedule ('{options.Schedule}') must be an NCRONTAB expression with six fields, seconds first, e.g. '{SweepOptions.DefaultSchedule}'.");
        }

        if (options.DueSoonWorkingDays is < 0 or > 20)
        {
            errors.Add($"FoiPipeline__Sweep__DueSoonWorkingDays must be from 0 to 20 (got {options.DueSoonWorkingDays}).");
        }

        if (options.IntakeGrace < TimeSpan.FromMinutes(1) || options.IntakeGrace > TimeSpan.FromDays(7))
        {
            errors.Add($"FoiPipeline__Sweep__IntakeGrace must be from 00:01:00 to 7 days, so the sweep never races Event Grid (got {options.IntakeGrace}).");
        }

        if (options.MaxReconcilePerRun is < 0 or > 1000)
        {
            errors.Add($"FoiPipeline__Sweep__MaxReconcilePerRun must be from 0 to 1000 (got {options.MaxReconcilePerRun}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
