namespace FoiPipeline.Deadlines;

/// <summary>
/// The statutory clock for new requests under the configured <see cref="DeadlineRegime"/>: respond no later
/// than the twentieth working day following the date of receipt (FOIA s10(1); FOISA s10(1); EIR reg 5(2)).
/// The date of receipt is the UK calendar date on which the request arrived, whatever kind of day it is
/// (ICO line to take LTT47), and is day zero.
/// </summary>
public sealed class StatutoryClock
{
    private static readonly TimeZoneInfo UkTime = FindUkTime();

    private readonly WorkingDays _workingDays;

    public StatutoryClock(WorkingDays workingDays)
    {
        ArgumentNullException.ThrowIfNull(workingDays);
        _workingDays = workingDays;
    }

    public WorkingDays WorkingDays => _workingDays;

    public DeadlineRegime Regime => _workingDays.Regime;

    /// <summary>The UK calendar date of an instant: an email at 23:30 UTC in summer arrived the next day in the UK.</summary>
    public static DateOnly UkDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, UkTime).DateTime);

    /// <summary>The due date of a request received at <paramref name="receivedAt"/>, with its clock never stopped.</summary>
    /// <exception cref="CalendarNotCoveredException">A gov.uk bank holiday file ends before the deadline.</exception>
    public DateOnly DueDate(DateTimeOffset receivedAt) => _workingDays.AddWorkingDays(UkDate(receivedAt), Regime.WorkingDayLimit);

    /// <summary>
    /// The same as <see cref="DueDate"/>, under the configured regime (FOIA unless configured otherwise); the
    /// name predates regimes and is kept for its callers.
    /// </summary>
    /// <exception cref="CalendarNotCoveredException">A gov.uk bank holiday file ends before the deadline.</exception>
    public DateOnly FoiaDueDate(DateTimeOffset receivedAt) => DueDate(receivedAt);

    /// <summary>A request's clock, to which clarification, fees and extension events can be applied.</summary>
    public RequestClock Start(DateTimeOffset receivedAt) => RequestClock.Start(UkDate(receivedAt), _workingDays);

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
