using FoiPipeline.Deadlines;
using FoiPipeline.Triage;

namespace FoiPipeline.UnitTests.Triage;

public sealed class DeadlineWatchTests
{
    private static readonly WorkingDays Days = new(BankHolidayCalendar.Embedded);
    private static readonly DateOnly Wednesday = new(2026, 11, 4);

    [Theory]
    [InlineData("2026-11-03", DeadlineStatus.Overdue)]   // yesterday
    [InlineData("2026-11-04", DeadlineStatus.DueSoon)]   // today: still in time, and due soon
    [InlineData("2026-11-11", DeadlineStatus.DueSoon)]   // the fifth working day after today
    [InlineData("2026-11-12", null)]                     // the sixth
    public void An_open_request_is_due_soon_within_the_working_days_and_overdue_after_its_due_date(string due, DeadlineStatus? expected)
        => Assert.Equal(expected, DeadlineWatch.Of(DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture), RequestStatus.InReview, Wednesday, Days, 5));

    [Fact]
    public void Bank_holidays_in_any_part_of_the_UK_widen_the_window()
    {
        // From 23 December 2026: Christmas (Fri), the Boxing Day substitute (Mon 28th), New Year's Day and Scotland's
        // 2 January substitute (Mon 4th) are not working days, so the fifth working day is Tuesday 5 January.
        var today = new DateOnly(2026, 12, 23);
        Assert.Equal(new DateOnly(2027, 1, 5), DeadlineWatch.DueSoonThrough(today, Days, 5));
        Assert.Equal(DeadlineStatus.DueSoon, DeadlineWatch.Of(new DateOnly(2027, 1, 5), RequestStatus.New, today, Days, 5));
        Assert.Null(DeadlineWatch.Of(new DateOnly(2027, 1, 6), RequestStatus.New, today, Days, 5));
    }

    [Theory]
    [InlineData(RequestStatus.Closed)]
    [InlineData(RequestStatus.Rejected)]
    [InlineData(RequestStatus.Duplicate)]
    public void A_finished_request_is_never_flagged(RequestStatus status)
        => Assert.Null(DeadlineWatch.Of(new DateOnly(2026, 1, 1), status, Wednesday, Days, 5));

    [Fact]
    public void A_request_without_a_due_date_is_never_flagged()
        => Assert.Null(DeadlineWatch.Of(null, RequestStatus.New, Wednesday, Days, 5));

    [Fact]
    public void Every_status_but_the_finished_ones_is_open()
        => Assert.Equal(
            [RequestStatus.New, RequestStatus.InReview, RequestStatus.Referred, RequestStatus.AwaitingClarification, RequestStatus.Ready],
            DeadlineWatch.OpenStatuses);
}
