namespace FoiPipeline.Deadlines;

/// <summary>
/// The FOIA s10(1) clock: respond no later than the twentieth working day following the date of receipt.
/// The date of receipt is the UK calendar date on which the request arrived, whatever kind of day it is
/// (ICO line to take LTT47), and is day zero.
/// </summary>
public sealed class StatutoryClock
{
    public const int FoiaWorkingDays = 20;

    private static readonly TimeZoneInfo UkTime = FindUkTime();

    private readonly WorkingDays _workingDays;

    public StatutoryClock(WorkingDays workingDays) => _workingDays = workingDays;

    public WorkingDays WorkingDays => _workingDays;

    /// <summary>The UK calendar date of an instant: an email at 23:30 UTC in summer arrived the next day in the UK.</summary>
    public static DateOnly UkDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, UkTime).DateTime);

    /// <exception cref="CalendarNotCoveredException">The bank holiday data ends before the deadline.</exception>
    public DateOnly FoiaDueDate(DateTimeOffset receivedAt) => _workingDays.AddWorkingDays(UkDate(receivedAt), FoiaWorkingDays);

    private static TimeZoneInfo FindUkTime()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.FindSystemTimeZoneById("GMT Standard Time");
        }
    }
}
