using FoiPipeline.Deadlines;
using static FoiPipeline.UnitTests.Deadlines.TestDates;

namespace FoiPipeline.UnitTests.Deadlines;

public class BankHolidayRulesTests
{
    private static List<string> Holidays(int year, UkDivision division)
        => [.. BankHolidayRules.For(year, division).Select(h => $"{h.Date:yyyy-MM-dd} {h.Title}")];

    private static List<DateOnly> Dates(int year, UkDivision division) => [.. BankHolidayRules.For(year, division).Select(h => h.Date)];

    [Theory]
    [InlineData(2008, "2008-03-23")] // March
    [InlineData(2013, "2013-03-31")]
    [InlineData(2016, "2016-03-27")]
    [InlineData(2011, "2011-04-24")] // late April
    [InlineData(2019, "2019-04-21")]
    [InlineData(2026, "2026-04-05")]
    [InlineData(2038, "2038-04-25")] // the latest Easter can be
    [InlineData(2285, "2285-03-22")] // the earliest
    public void Easter_sunday_is_computed_for_any_year(int year, string expected)
        => Assert.Equal(D(expected), BankHolidayRules.EasterSunday(year));

    [Theory]
    [InlineData(2024, "2024-03-29")]
    [InlineData(2025, "2025-04-18")]
    [InlineData(2026, "2026-04-03")]
    [InlineData(2027, "2027-03-26")]
    public void Good_friday_is_two_days_before_easter(int year, string expected)
        => Assert.Equal(D(expected), BankHolidayRules.GoodFriday(year));

    [Fact]
    public void A_late_easter_gives_good_friday_everywhere_and_easter_monday_everywhere_but_scotland()
    {
        // Easter 2038 is 25 April, the latest possible date.
        foreach (var division in UkDivisions.All)
        {
            Assert.Contains("2038-04-23 Good Friday", Holidays(2038, division));
        }

        Assert.Contains("2038-04-26 Easter Monday", Holidays(2038, UkDivision.EnglandAndWales));
        Assert.Contains("2038-04-26 Easter Monday", Holidays(2038, UkDivision.NorthernIreland));
        Assert.DoesNotContain(D("2038-04-26"), Dates(2038, UkDivision.Scotland));
    }

    [Fact]
    public void An_easter_in_march_can_fall_in_the_same_fortnight_as_st_patricks_day_without_moving_it()
    {
        // Easter 2008 was 23 March: Good Friday 21 March, Easter Monday 24 March, St Patrick's Day Monday 17 March.
        Assert.Equal(
            ["2008-01-01 New Year’s Day", "2008-03-17 St Patrick’s Day", "2008-03-21 Good Friday", "2008-03-24 Easter Monday"],
            Holidays(2008, UkDivision.NorthernIreland).Take(4));
    }

    [Fact]
    public void Christmas_on_a_saturday_moves_christmas_to_monday_and_boxing_day_to_tuesday()
    {
        // 25 December 2032 is a Saturday.
        foreach (var division in UkDivisions.All)
        {
            var christmas = Holidays(2032, division).Where(h => h.StartsWith("2032-12", StringComparison.Ordinal));
            Assert.Equal(["2032-12-27 Christmas Day (substitute day)", "2032-12-28 Boxing Day (substitute day)"], christmas);
        }
    }

    [Fact]
    public void Christmas_on_a_sunday_keeps_boxing_day_on_monday_and_moves_christmas_to_tuesday()
    {
        // 25 December 2033 is a Sunday.
        foreach (var division in UkDivisions.All)
        {
            var christmas = Holidays(2033, division).Where(h => h.StartsWith("2033-12", StringComparison.Ordinal));
            Assert.Equal(["2033-12-26 Boxing Day", "2033-12-27 Christmas Day (substitute day)"], christmas);
        }
    }

    [Theory]
    [InlineData(2026)]
    [InlineData(2037)]
    public void Boxing_day_on_a_saturday_moves_to_monday_the_28th(int year)
    {
        // Christmas is a Friday in both years.
        var christmas = Holidays(year, UkDivision.EnglandAndWales).Where(h => h.StartsWith($"{year}-12", StringComparison.Ordinal));
        Assert.Equal([$"{year}-12-25 Christmas Day", $"{year}-12-28 Boxing Day (substitute day)"], christmas);
    }

    [Fact]
    public void New_years_day_on_a_saturday_moves_to_monday_and_scotlands_second_of_january_to_tuesday()
    {
        // 1 January 2033 is a Saturday.
        Assert.Equal("2033-01-03 New Year’s Day (substitute day)", Holidays(2033, UkDivision.EnglandAndWales)[0]);
        Assert.Equal(["2033-01-03 New Year’s Day (substitute day)", "2033-01-04 2nd January (substitute day)"], Holidays(2033, UkDivision.Scotland).Take(2));
    }

    [Fact]
    public void New_years_day_on_a_sunday_moves_to_tuesday_in_scotland_where_monday_is_the_second_of_january()
    {
        // 1 January 2034 is a Sunday.
        Assert.Equal("2034-01-02 New Year’s Day (substitute day)", Holidays(2034, UkDivision.EnglandAndWales)[0]);
        Assert.Equal(["2034-01-02 2nd January", "2034-01-03 New Year’s Day (substitute day)"], Holidays(2034, UkDivision.Scotland).Take(2));
    }

    [Fact]
    public void The_second_of_january_on_a_saturday_moves_to_monday_in_scotland()
        // 1 January 2027 is a Friday, 2 January a Saturday.
        => Assert.Equal(["2027-01-01 New Year’s Day", "2027-01-04 2nd January (substitute day)"], Holidays(2027, UkDivision.Scotland).Take(2));

    [Theory]
    [InlineData(2023, "2023-11-30 St Andrew’s Day")] // a Thursday
    [InlineData(2024, "2024-12-02 St Andrew’s Day (substitute day)")] // Saturday 30 November
    [InlineData(2025, "2025-12-01 St Andrew’s Day (substitute day)")] // Sunday 30 November
    public void St_andrews_day_is_a_scottish_holiday_that_moves_to_monday_from_a_weekend(int year, string expected)
    {
        Assert.Contains(expected, Holidays(year, UkDivision.Scotland));
        Assert.DoesNotContain(Holidays(year, UkDivision.EnglandAndWales), h => h.Contains("Andrew", StringComparison.Ordinal));
        Assert.DoesNotContain(Holidays(year, UkDivision.NorthernIreland), h => h.Contains("Andrew", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(2026, "2026-03-17 St Patrick’s Day")] // a Tuesday
    [InlineData(2029, "2029-03-19 St Patrick’s Day (substitute day)")] // Saturday 17 March
    [InlineData(2024, "2024-03-18 St Patrick’s Day (substitute day)")] // Sunday 17 March
    [InlineData(2035, "2035-03-19 St Patrick’s Day (substitute day)")] // Saturday, the week before Easter
    public void St_patricks_day_is_a_northern_irish_holiday_that_moves_to_monday_from_a_weekend(int year, string expected)
    {
        Assert.Contains(expected, Holidays(year, UkDivision.NorthernIreland));
        Assert.DoesNotContain(Holidays(year, UkDivision.EnglandAndWales), h => h.Contains("Patrick", StringComparison.Ordinal));
        Assert.DoesNotContain(Holidays(year, UkDivision.Scotland), h => h.Contains("Patrick", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(2027, "2027-07-12 Battle of the Boyne (Orangemen’s Day)")] // a Monday
    [InlineData(2025, "2025-07-14 Battle of the Boyne (Orangemen’s Day) (substitute day)")] // Saturday 12 July
    [InlineData(2026, "2026-07-13 Battle of the Boyne (Orangemen’s Day) (substitute day)")] // Sunday 12 July
    public void The_battle_of_the_boyne_is_a_northern_irish_holiday_that_moves_to_monday_from_a_weekend(int year, string expected)
    {
        Assert.Contains(expected, Holidays(year, UkDivision.NorthernIreland));
        Assert.DoesNotContain(Holidays(year, UkDivision.EnglandAndWales), h => h.Contains("Boyne", StringComparison.Ordinal));
        Assert.DoesNotContain(Holidays(year, UkDivision.Scotland), h => h.Contains("Boyne", StringComparison.Ordinal));
    }

    [Fact]
    public void May_and_august_holidays_are_mondays_and_scotlands_summer_holiday_is_the_first_monday_of_august()
    {
        // 2040: 1 May is a Tuesday, 28 May and 27 August are the last Mondays, 6 August the first.
        Assert.Equal(
            ["2040-05-07 Early May bank holiday", "2040-05-28 Spring bank holiday", "2040-08-27 Summer bank holiday"],
            Holidays(2040, UkDivision.EnglandAndWales).Where(h => h.EndsWith("bank holiday", StringComparison.Ordinal)));
        Assert.Contains("2040-08-06 Summer bank holiday", Holidays(2040, UkDivision.Scotland));
        Assert.Contains("2040-08-27 Summer bank holiday", Holidays(2040, UkDivision.NorthernIreland));
    }

    [Theory]
    [InlineData(2035)]
    [InlineData(2040)]
    [InlineData(2100)]
    [InlineData(2500)]
    public void Years_far_from_today_give_every_division_its_holidays_all_on_distinct_weekdays(int year)
    {
        Assert.Equal(8, Dates(year, UkDivision.EnglandAndWales).Distinct().Count());
        Assert.Equal(9, Dates(year, UkDivision.Scotland).Distinct().Count());
        Assert.Equal(10, Dates(year, UkDivision.NorthernIreland).Distinct().Count());
        Assert.All(UkDivisions.All.SelectMany(d => Dates(year, d)), day => Assert.False(day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday));
    }
}
