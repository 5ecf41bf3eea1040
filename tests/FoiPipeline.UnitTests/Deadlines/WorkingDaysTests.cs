using FoiPipeline.Deadlines;
using static FoiPipeline.UnitTests.Deadlines.TestDates;

namespace FoiPipeline.UnitTests.Deadlines;

public class WorkingDaysTests
{
    private static readonly WorkingDays Days = new(BankHolidayCalendar.Embedded);
    private static readonly WorkingDays Scottish = new(BankHolidayCalendar.Embedded, DeadlineRegime.Foisa);
    private static readonly WorkingDays Environmental = new(BankHolidayCalendar.Embedded, DeadlineRegime.Eir);

    private static DateOnly DueFor(string receivedIso, WorkingDays? days = null)
    {
        days ??= Days;
        return days.AddWorkingDays(D(receivedIso), days.Regime.WorkingDayLimit);
    }

    [Fact]
    public void An_ordinary_month_is_twenty_weekdays_later()
        // Received Tue 3 Feb 2026: four full weeks later, no holidays.
        => Assert.Equal(D("2026-03-03"), DueFor("2026-02-03"));

    [Fact]
    public void A_request_received_on_a_saturday_counts_from_monday()
    {
        // Day zero is Saturday 7 Feb (ICO LTT47: the date of receipt need not be a working day); day one
        // is Monday 9 Feb, so the deadline is the same as for a request received on the Friday before.
        Assert.Equal(D("2026-03-06"), DueFor("2026-02-07"));
        Assert.Equal(DueFor("2026-02-06"), DueFor("2026-02-07"));
    }

    [Fact]
    public void A_request_received_on_a_sunday_under_foisa_also_counts_from_monday()
        => Assert.Equal(D("2026-03-06"), DueFor("2026-02-08", Scottish));

    [Fact]
    public void Good_friday_and_easter_monday_are_skipped()
    {
        // Easter 2026 is 5 April. From Tue 17 March: 18-20 (3), 23-27 (8), 30 Mar-2 Apr (12), Good Friday
        // 3 Apr and Easter Monday 6 Apr skipped, 7-10 (16), 13-16 (20). Without them it would be 14 April.
        Assert.False(Days.IsWorkingDay(D("2026-04-03")));
        Assert.False(Days.IsWorkingDay(D("2026-04-06")));
        Assert.Equal(D("2026-04-16"), DueFor("2026-03-17"));
    }

    [Fact]
    public void St_patricks_day_counts_in_england_because_it_is_a_bank_holiday_in_northern_ireland()
    {
        // 17 March 2025 (Monday) is a bank holiday in Northern Ireland only; FOIA s10(6) still excludes it.
        Assert.False(Days.IsWorkingDay(D("2025-03-17")));
        Assert.Equal([UkDivision.NorthernIreland], BankHolidayCalendar.Embedded.DivisionsObserving(D("2025-03-17")));
    }

    [Fact]
    public void St_andrews_day_is_skipped_and_moves_to_monday_when_it_falls_at_a_weekend()
    {
        Assert.False(Days.IsWorkingDay(D("2026-11-30"))); // a Monday
        Assert.False(Days.IsWorkingDay(D("2025-12-01"))); // 30 Nov 2025 was a Sunday: substitute Monday
        Assert.True(Days.IsWorkingDay(D("2025-11-28")));
    }

    [Fact]
    public void The_scottish_second_of_january_and_august_holiday_are_skipped()
    {
        Assert.False(Days.IsWorkingDay(D("2026-01-02"))); // Friday 2 January (Scotland)
        Assert.False(Days.IsWorkingDay(D("2026-08-03"))); // first Monday of August (Scotland)
        Assert.False(Days.IsWorkingDay(D("2026-08-31"))); // last Monday of August (England, Wales, NI)
    }

    [Fact]
    public void Christmas_on_a_weekend_moves_both_holidays_to_the_following_weekdays()
    {
        // 25 Dec 2021 was a Saturday: Monday 27 and Tuesday 28 were the substitute days.
        Assert.False(Days.IsWorkingDay(D("2021-12-27")));
        Assert.False(Days.IsWorkingDay(D("2021-12-28")));
        Assert.True(Days.IsWorkingDay(D("2021-12-29")));
        // 25 Dec 2022 was a Sunday: Boxing Day Monday 26, Christmas substitute Tuesday 27.
        Assert.False(Days.IsWorkingDay(D("2022-12-26")));
        Assert.False(Days.IsWorkingDay(D("2022-12-27")));
    }

    [Theory]
    [InlineData("2022-06-02")] // spring bank holiday moved for the Platinum Jubilee
    [InlineData("2022-06-03")] // Platinum Jubilee
    [InlineData("2022-09-19")] // State Funeral of Queen Elizabeth II
    [InlineData("2023-05-08")] // Coronation of King Charles III
    [InlineData("2020-05-08")] // early May bank holiday moved to VE Day
    public void One_off_bank_holidays_are_skipped(string day)
    {
        Assert.False(Days.IsWorkingDay(D(day)));
        Assert.False(Scottish.IsWorkingDay(D(day)));
    }

    [Theory]
    [InlineData("2022-05-30")] // the spring bank holiday's usual date in 2022
    [InlineData("2020-05-04")] // the early May bank holiday's usual date in 2020
    public void A_moved_bank_holiday_is_a_working_day_on_its_usual_date(string day) => Assert.True(Days.IsWorkingDay(D(day)));

    [Fact]
    public void A_deadline_across_christmas_and_new_year_skips_every_holiday()
    {
        // Received Fri 4 Dec 2026. Holidays ahead: 25 Dec (Fri), 28 Dec (Boxing Day substitute), 1 Jan (Fri)
        // and Mon 4 Jan, Scotland's substitute for 2 January, which an English force must skip too.
        // Working days: 7-11 Dec (5), 14-18 (10), 21-24 (14), 29-31 (17), 5-7 Jan (20).
        Assert.False(Days.IsWorkingDay(D("2027-01-04")));
        Assert.Equal(D("2027-01-07"), DueFor("2026-12-04"));
        Assert.Equal(D("2027-01-07"), DueFor("2026-12-04", Scottish));
    }

    [Fact]
    public void A_deadline_across_christmas_in_2040_skips_scotlands_second_of_january()
    {
        // Received Mon 3 Dec 2040; Christmas is a Tuesday. 4-7 Dec (4), 10-14 (9), 17-21 (14), 24 (15), 25 and 26
        // skipped, 27-28 (17), 31 (18), Tue 1 Jan and Wed 2 Jan 2041 (Scotland) skipped, 3-4 Jan (20).
        Assert.Equal(D("2041-01-04"), DueFor("2040-12-03"));
        Assert.Equal(D("2041-01-04"), DueFor("2040-12-03", Scottish));
    }

    [Fact]
    public void Foisa_and_foia_give_different_dates_in_a_week_with_a_northern_ireland_only_holiday()
    {
        // Received Mon 2 March 2026; St Patrick's Day is Tuesday 17 March. FOIA skips it (a bank holiday in
        // Northern Ireland); FOISA s73 counts only Scottish bank holidays, so it is a working day there.
        Assert.Equal(D("2026-03-31"), DueFor("2026-03-02"));
        Assert.Equal(D("2026-03-30"), DueFor("2026-03-02", Scottish));
        Assert.True(Scottish.IsWorkingDay(D("2026-03-17")));
        Assert.True(Scottish.IsWorkingDay(D("2027-07-12"))); // the Boyne, a Monday
        Assert.False(Days.IsWorkingDay(D("2027-07-12")));
    }

    [Fact]
    public void Foisa_counts_easter_monday_but_not_good_friday_which_is_a_scottish_bank_holiday()
    {
        // 2035: St Patrick's Day is a Saturday (substitute Monday 19 March), Good Friday 23 March, Easter Monday 26 March.
        // FOIA from Fri 9 March: 12-16 (5), 19 skipped, 20-22 (8), 23 and 26 skipped, 27-30 (12), 2-6 Apr (17), 9-11 (20).
        // FOISA: 12-16 (5), 19-22 (9), 23 skipped, 26 (10), 27-30 (14), 2-6 Apr (19), 9 (20).
        Assert.Equal(D("2035-04-11"), DueFor("2035-03-09"));
        Assert.Equal(D("2035-04-09"), DueFor("2035-03-09", Scottish));
        Assert.False(Scottish.IsWorkingDay(D("2035-03-23")));
        Assert.True(Scottish.IsWorkingDay(D("2035-03-26")));
    }

    [Fact]
    public void Eir_counts_working_days_as_foia_does()
    {
        Assert.Equal(DueFor("2026-03-02"), DueFor("2026-03-02", Environmental));
        Assert.Equal(DueFor("2035-03-09"), DueFor("2035-03-09", Environmental));
    }

    [Fact]
    public void Christmas_day_and_good_friday_are_never_working_days_even_if_the_holiday_data_leaves_them_out()
    {
        // A gov.uk-shaped file with no holidays at all in 2030 (one event per division in 2031 to make it cover both years).
        var empty = BankHolidayCalendar.LoadGovUkFile(new MemoryStream(System.Text.Encoding.UTF8.GetBytes("""
            {"england-and-wales":{"events":[{"date":"2030-06-14"},{"date":"2031-06-13"}]},
             "scotland":{"events":[{"date":"2030-06-14"},{"date":"2031-06-13"}]},
             "northern-ireland":{"events":[{"date":"2030-06-14"},{"date":"2031-06-13"}]}}
            """)), "test");
        Assert.False(new WorkingDays(empty).IsWorkingDay(D("2030-12-25"))); // a Wednesday
        Assert.False(new WorkingDays(empty).IsWorkingDay(D("2030-04-19"))); // Good Friday
        Assert.False(new WorkingDays(empty, DeadlineRegime.Foisa).IsWorkingDay(D("2030-12-25")));
        Assert.True(new WorkingDays(empty, DeadlineRegime.Foisa).IsWorkingDay(D("2030-04-19"))); // FOISA names only Christmas Day
    }

    [Fact]
    public void The_date_of_receipt_is_the_uk_calendar_date()
    {
        // 23:30 UTC on 1 July is 00:30 on 2 July in British Summer Time.
        Assert.Equal(D("2026-07-02"), StatutoryClock.UkDate(new DateTimeOffset(2026, 7, 1, 23, 30, 0, TimeSpan.Zero)));
        Assert.Equal(D("2026-01-01"), StatutoryClock.UkDate(new DateTimeOffset(2026, 1, 1, 23, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void The_rule_calendar_computes_a_deadline_past_the_end_of_the_gov_uk_data()
    {
        // Received Mon 20 Dec 2027: 21-24 (4), 27 and 28 (Christmas and Boxing Day substitutes) skipped, 29-31 (7),
        // Mon 3 Jan 2028 (New Year substitute) and Tue 4 Jan (2 January substitute, Scotland) skipped, 5-7 (10),
        // 10-14 (15), 17-21 (20).
        var clock = new StatutoryClock(Days);
        Assert.Equal(D("2028-01-21"), clock.FoiaDueDate(new DateTimeOffset(2027, 12, 20, 10, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void A_gov_uk_file_calendar_still_refuses_to_guess_past_its_last_year()
    {
        // Behaviour kept for authorities that configure gov.uk's file instead of the rules.
        var clock = new StatutoryClock(new WorkingDays(BankHolidayCalendar.EmbeddedGovUkCopy));
        var error = Assert.Throws<CalendarNotCoveredException>(() => clock.FoiaDueDate(new DateTimeOffset(2027, 12, 20, 10, 0, 0, TimeSpan.Zero)));
        Assert.Contains("bank-holidays.json", error.Message, StringComparison.Ordinal);
        Assert.Equal(D("2028-01-01"), error.Day);
    }

    [Theory]
    [InlineData(2035)]
    [InlineData(2040)]
    [InlineData(2099)]
    public void Deadlines_in_years_far_from_today_compute_without_error(int year)
    {
        for (var day = new DateOnly(year, 1, 1); day.Year == year; day = day.AddDays(7))
        {
            var due = Days.AddWorkingDays(day, 20);
            Assert.InRange(due.DayNumber - day.DayNumber, 26, 36);
        }
    }

    [Fact]
    public void Working_days_left_counts_down_to_zero_and_below()
    {
        Assert.Equal(1, Days.WorkingDaysLeft(D("2026-11-27"), D("2026-12-01"))); // Fri -> Tue, with St Andrew's Day Monday
        Assert.Equal(0, Days.WorkingDaysLeft(D("2026-12-01"), D("2026-12-01")));
        Assert.Equal(-2, Days.WorkingDaysLeft(D("2026-12-03"), D("2026-12-01")));
    }
}
