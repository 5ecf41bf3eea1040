using FoiPipeline.Deadlines;

namespace FoiPipeline.UnitTests.Deadlines;

public class WorkingDaysTests
{
    private static readonly WorkingDays Days = new(BankHolidayCalendar.Embedded);
    private static readonly StatutoryClock Clock = new(Days);

    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static DateOnly DueFor(string receivedIso) => Days.AddWorkingDays(D(receivedIso), StatutoryClock.FoiaWorkingDays);

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
        Assert.Equal(["northern-ireland"], BankHolidayCalendar.Embedded.DivisionsObserving(D("2025-03-17")));
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
    public void One_off_bank_holidays_are_skipped(string day) => Assert.False(Days.IsWorkingDay(D(day)));

    [Fact]
    public void The_moved_spring_bank_holiday_of_2022_is_a_working_day_on_its_usual_date()
        => Assert.True(Days.IsWorkingDay(D("2022-05-30")));

    [Fact]
    public void A_deadline_across_christmas_and_new_year_skips_every_holiday()
    {
        // Received Fri 4 Dec 2026. Holidays ahead: 25 Dec (Fri), 28 Dec (Boxing Day substitute), 1 Jan (Fri)
        // and Mon 4 Jan, Scotland's substitute for 2 January, which an English force must skip too.
        // Working days: 7-11 Dec (5), 14-18 (10), 21-24 (14), 29-31 (17), 5-7 Jan (20).
        Assert.False(Days.IsWorkingDay(D("2027-01-04")));
        Assert.Equal(D("2027-01-07"), DueFor("2026-12-04"));
    }

    [Fact]
    public void The_date_of_receipt_is_the_uk_calendar_date()
    {
        // 23:30 UTC on 1 July is 00:30 on 2 July in British Summer Time.
        Assert.Equal(D("2026-07-02"), StatutoryClock.UkDate(new DateTimeOffset(2026, 7, 1, 23, 30, 0, TimeSpan.Zero)));
        Assert.Equal(D("2026-01-01"), StatutoryClock.UkDate(new DateTimeOffset(2026, 1, 1, 23, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void The_clock_refuses_to_guess_past_the_end_of_the_holiday_data()
    {
        var error = Assert.Throws<CalendarNotCoveredException>(() => Clock.FoiaDueDate(new DateTimeOffset(2027, 12, 20, 10, 0, 0, TimeSpan.Zero)));
        Assert.Contains("bank-holidays.json", error.Message);
    }

    [Fact]
    public void Working_days_left_counts_down_to_zero_and_below()
    {
        Assert.Equal(1, Days.WorkingDaysLeft(D("2026-11-27"), D("2026-12-01"))); // Fri -> Tue, with St Andrew's Day Monday
        Assert.Equal(0, Days.WorkingDaysLeft(D("2026-12-01"), D("2026-12-01")));
        Assert.Equal(-2, Days.WorkingDaysLeft(D("2026-12-03"), D("2026-12-01")));
    }

    [Theory]
    [InlineData(2024, "2024-03-29")]
    [InlineData(2025, "2025-04-18")]
    [InlineData(2026, "2026-04-03")]
    [InlineData(2027, "2027-03-26")]
    public void Good_friday_is_computed_for_any_year(int year, string expected)
        => Assert.Equal(D(expected), WorkingDays.GoodFriday(year));
}
