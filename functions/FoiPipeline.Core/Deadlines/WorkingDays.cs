namespace FoiPipeline.Deadlines;

/// <summary>
/// Working days as FOIA s10(6) defines them: any day other than a Saturday, a Sunday, Christmas Day, Good
/// Friday, or a bank holiday in any part of the United Kingdom.
/// </summary>
public sealed class WorkingDays
{
    private readonly BankHolidayCalendar _calendar;

    public WorkingDays(BankHolidayCalendar calendar) => _calendar = calendar;

    public BankHolidayCalendar Calendar => _calendar;

    /// <exception cref="CalendarNotCoveredException">The bank holiday data does not cover <paramref name="day"/>'s year.</exception>
    public bool IsWorkingDay(DateOnly day)
    {
        if (!_calendar.Covers(day))
        {
            throw new CalendarNotCoveredException(day, _calendar);
        }

        return day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)
            && !(day.Month == 12 && day.Day == 25)
            && day != GoodFriday(day.Year)
            && !_calendar.IsBankHoliday(day);
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

    /// <summary>
    /// Working days from <paramref name="today"/> (exclusive) up to <paramref name="due"/> (inclusive): 0
    /// when due today, negative when overdue (the number of working days late).
    /// </summary>
    public int WorkingDaysLeft(DateOnly today, DateOnly due)
    {
        if (due == today)
        {
            return 0;
        }

        var (from, to, sign) = due > today ? (today, due, 1) : (due, today, -1);
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            if (IsWorkingDay(day))
            {
                count++;
            }
        }

        return sign * count;
    }

    // Good Friday is named in s10(6) itself; computed (anonymous Gregorian algorithm) so a holiday file that omits it cannot drop it.
    internal static DateOnly GoodFriday(int year)
    {
        int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
        int h = ((19 * a) + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        int m = (a + (11 * h) + (22 * l)) / 451;
        int month = (h + l - (7 * m) + 114) / 31, day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day).AddDays(-2);
    }
}

/// <summary>A deadline would run past the bank holiday data; answering would be a guess.</summary>
public sealed class CalendarNotCoveredException(DateOnly day, BankHolidayCalendar calendar)
    : Exception($"The bank holiday data ({calendar.Source}) covers {calendar.FirstYear}-{calendar.LastYear}, not {day:yyyy-MM-dd}. " +
                "Download https://www.gov.uk/bank-holidays.json and set FoiPipeline:Deadlines:BankHolidaysPath to it.")
{
    public DateOnly Day { get; } = day;
}
