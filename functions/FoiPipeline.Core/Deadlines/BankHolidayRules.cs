namespace FoiPipeline.Deadlines;

/// <summary>
/// The regular UK bank holidays computed from their rules, for any year: what the Banking and Financial
/// Dealings Act 1971 and the annual proclamations give when nothing unusual happens. One-off changes
/// (jubilees, funerals, a moved early May holiday) are not rules; they live in
/// <see cref="BankHolidayChanges"/>. The rules are the law as it stands: for years before a holiday existed
/// (St Andrew's Day became a Scottish bank holiday in 2007) they still include it.
/// </summary>
public static class BankHolidayRules
{
    // Titles are gov.uk's, with its typographic apostrophe, so the output can be compared with its file.
    private const string SubstituteSuffix = " (substitute day)";

    /// <summary>The regular bank holidays of <paramref name="year"/> in <paramref name="division"/>, in date order.</summary>
    public static IReadOnlyList<BankHoliday> For(int year, UkDivision division)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, DateOnly.MinValue.Year);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, DateOnly.MaxValue.Year);

        var easter = EasterSunday(year);
        var holidays = new List<BankHoliday> { new(easter.AddDays(-2), "Good Friday", division) };
        if (division != UkDivision.Scotland)
        {
            holidays.Add(new(easter.AddDays(1), "Easter Monday", division));
        }

        holidays.Add(new(NthMonday(year, 5, 1), "Early May bank holiday", division));
        holidays.Add(new(LastMonday(year, 5), "Spring bank holiday", division));
        holidays.Add(new(division == UkDivision.Scotland ? NthMonday(year, 8, 1) : LastMonday(year, 8), "Summer bank holiday", division));

        List<(DateOnly Date, string Title)> fixedDays = [(new(year, 1, 1), "New Year’s Day")];
        if (division == UkDivision.Scotland)
        {
            fixedDays.Add((new(year, 1, 2), "2nd January"));
            fixedDays.Add((new(year, 11, 30), "St Andrew’s Day"));
        }

        if (division == UkDivision.NorthernIreland)
        {
            fixedDays.Add((new(year, 3, 17), "St Patrick’s Day"));
            fixedDays.Add((new(year, 7, 12), "Battle of the Boyne (Orangemen’s Day)"));
        }

        fixedDays.Add((new(year, 12, 25), "Christmas Day"));
        fixedDays.Add((new(year, 12, 26), "Boxing Day"));

        // A fixed day on a weekday is kept; one at a weekend moves to the next weekday not already a holiday.
        // Weekday ones are placed first so that, for Christmas on a Sunday, Boxing Day keeps Monday 26th and
        // Christmas moves to Tuesday 27th (and likewise New Year's Day and 2 January in Scotland).
        var taken = holidays.Select(h => h.Date).ToHashSet();
        foreach (var (date, title) in fixedDays.Where(d => !IsWeekend(d.Date)))
        {
            holidays.Add(new(date, title, division));
            taken.Add(date);
        }

        foreach (var (date, title) in fixedDays.Where(d => IsWeekend(d.Date)))
        {
            var substitute = date;
            while (IsWeekend(substitute) || taken.Contains(substitute))
            {
                substitute = substitute.AddDays(1);
            }

            holidays.Add(new(substitute, title + SubstituteSuffix, division));
            taken.Add(substitute);
        }

        holidays.Sort((a, b) => a.Date.CompareTo(b.Date));
        return holidays;
    }

    /// <summary>Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm, also called Meeus/Jones/Butcher).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var golden = year % 19;
        var century = year / 100;
        var yearOfCentury = year % 100;
        var leapCenturies = century / 4;
        var centuryRemainder = century % 4;
        var moonCorrection = (century + 8) / 25;
        var moonShift = (century - moonCorrection + 1) / 3;
        var epact = ((19 * golden) + century - leapCenturies - moonShift + 15) % 30;
        var leapYears = yearOfCentury / 4;
        var yearRemainder = yearOfCentury % 4;
        var weekday = (32 + (2 * centuryRemainder) + (2 * leapYears) - epact - yearRemainder) % 7;
        var correction = (golden + (11 * epact) + (22 * weekday)) / 451;
        var monthAndDay = epact + weekday - (7 * correction) + 114;
        return new DateOnly(year, monthAndDay / 31, (monthAndDay % 31) + 1);
    }

    /// <summary>Good Friday, two days before Easter Sunday; FOIA s10(6) names it whatever the holiday data says.</summary>
    public static DateOnly GoodFriday(int year) => EasterSunday(year).AddDays(-2);

    internal static bool IsWeekend(DateOnly day) => day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    private static DateOnly NthMonday(int year, int month, int n)
    {
        var first = new DateOnly(year, month, 1);
        var offset = ((int)DayOfWeek.Monday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(offset + (7 * (n - 1)));
    }

    private static DateOnly LastMonday(int year, int month)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        var offset = ((int)last.DayOfWeek - (int)DayOfWeek.Monday + 7) % 7;
        return last.AddDays(-offset);
    }
}
