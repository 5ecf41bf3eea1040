using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

// Stand-ins for Microsoft.Azure.Functions.Worker.Extensions.Timer 4.x, as recorded in azure-brief §1.1
// (Azure/azure-functions-dotnet-worker at fb11333, extensions/Worker.Extensions.Timer/src/). The real
// attribute also carries [BindingCapabilities(FunctionLevelRetry)], which is runtime behaviour and is left out.
namespace Microsoft.Azure.Functions.Worker;

public sealed class TimerTriggerAttribute : TriggerBindingAttribute
{
    public TimerTriggerAttribute(string schedule)
    {
        Schedule = schedule;
        UseMonitor = true;
    }

    /// <summary>An NCRONTAB expression ("0 */5 * * * *"), a TimeSpan, or a %setting% naming either.</summary>
    public string Schedule { get; private set; }

    public bool UseMonitor { get; set; }

    public bool RunOnStartup { get; set; }
}

/// <summary>What the host passes to a timer function: whether it ran late and, when monitored, its schedule status.</summary>
public class TimerInfo
{
    public ScheduleStatus? ScheduleStatus { get; set; }

    public bool IsPastDue { get; set; }
}

public class ScheduleStatus
{
    public DateTime Last { get; set; }

    public DateTime Next { get; set; }

    public DateTime LastUpdated { get; set; }
}
