namespace FoiPipeline.Deadlines;

/// <summary>
/// Working days as a <see cref="DeadlineRegime"/> defines them: never a Saturday or Sunday, never Christmas
/// Day, Good Friday where the statute names it, and never a bank holiday in the divisions the regime counts
/// (for FOIA s10(6), any part of the United Kingdom).
/// </summary>
public sealed class WorkingDays
{
    private readonly BankHolidayCalendar _calendar;
    private readonly DeadlineRegime _regime;

    /// <summary>FOIA working days over <paramref name="calendar"/>.</summary>
    public WorkingDays(BankHolidayCalendar calendar)
        : this(calendar, DeadlineRegime.Foia)
    {
    }

    public WorkingDays(BankHolidayCalendar calendar, DeadlineRegime regime)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(regime);
        _calendar = calendar;
        _regime = regime;
    }

    public BankHolidayCalendar Calendar => _calendar;

    public DeadlineRegime Regime => _regime;

    /// <exception cref="CalendarNotCoveredException">The bank holiday data does not cover <paramref name="day"/>'s year (gov.uk files only).</exception>
    public bool IsWorkingDay(DateOnly day)
    {
        if (!_calendar.Covers(day))
        {
            throw new CalendarNotCoveredException(day, _calendar);
        }

        if (BankHolidayRules.IsWeekend(day)
            || day is { Month: 12, Day: 25 }
            || (_regime.ExcludesGoodFriday && day == BankHolidayRules.GoodFriday(day.Year)))
        {
            return false;
        }

        foreach (var division in _calendar.DivisionsObserving(day))
        {
            if (_regime.Divisions.Contains(division))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The <paramref name="count"/>th working day after <paramref name="start"/>, which is day zero whatever kind of day it is.</summary>
    public DateOnly AddWorkingDays(DateOnly start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var day = start;
        for (var counted = 0; counted < count;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                counted++;
            }
        }

        return day;
    }

    /// <summary>Working days after <paramref name="after"/> up to and including <paramref name="through"/> (0 when <paramref name="through"/> is not later).</summary>
    public int CountWorkingDays(DateOnly after, DateOnly through)
    {
        var count = 0;
        for (var day = after.AddDays(1); day <= through; day = day.AddDays(1))
        {
            if (IsWorkingDay(day))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Working days from <paramref name="today"/> (exclusive) up to <paramref name="due"/> (inclusive): 0
    /// when due today, negative when overdue (the number of working days late).
    /// </summary>
    public int WorkingDaysLeft(DateOnly today, DateOnly due) =>
        due >= today ? CountWorkingDays(today, due) : -CountWorkingDays(due, today);
}

/// <summary>
/// A deadline would run past the bank holiday data. Only a calendar loaded from a gov.uk-format file has an
/// end; answering past it would be a guess, so the caller gets no due date and this message instead.
/// </summary>
public sealed class CalendarNotCoveredException(DateOnly day, BankHolidayCalendar calendar)
    : Exception(calendar.NotCoveredMessage(day))
{
    public DateOnly Day { get; } = day;
}
