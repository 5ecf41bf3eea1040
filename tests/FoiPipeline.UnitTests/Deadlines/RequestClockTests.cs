using FoiPipeline.Deadlines;
using static FoiPipeline.UnitTests.Deadlines.TestDates;

namespace FoiPipeline.UnitTests.Deadlines;

public class RequestClockTests
{
    private static readonly WorkingDays Foia = new(BankHolidayCalendar.Embedded, DeadlineRegime.Foia);
    private static readonly WorkingDays Eir = new(BankHolidayCalendar.Embedded, DeadlineRegime.Eir);

    // Tuesday 3 February 2026: with no pauses, due Tuesday 3 March (four weeks, no holidays).
    private static RequestClock Received() => RequestClock.Start(D("2026-02-03"), Foia);

    [Fact]
    public void A_clock_that_never_stops_is_due_on_the_twentieth_working_day()
    {
        var clock = Received();
        Assert.Equal(D("2026-03-03"), clock.DueDate);
        Assert.False(clock.IsStopped);
        Assert.Equal(ClockState.Running, clock.State);
        Assert.Equal(D("2026-02-03"), clock.DayZero);
        Assert.Equal(18, clock.WorkingDaysLeft(D("2026-02-05")));
        Assert.Equal(0, clock.WorkingDaysLeft(D("2026-03-03")));
        Assert.Equal(-1, clock.WorkingDaysLeft(D("2026-03-04")));
    }

    [Fact]
    public void A_clarification_request_stops_the_clock_and_the_clarification_starts_a_fresh_twenty_days()
    {
        var asked = Received().ClarificationRequested(D("2026-02-05"));
        Assert.True(asked.IsStopped);
        Assert.Equal(ClockState.AwaitingClarification, asked.State);
        Assert.Null(asked.DueDate);
        Assert.Equal(D("2026-02-05"), asked.StoppedOn);

        // The clarification arrives on Monday 16 February, which becomes day zero: 17-20 Feb (4), 23-27 (9),
        // 2-6 Mar (14), 9-13 (19), 16 (20). The days before the request do not count against the new period.
        var answered = asked.ClarificationReceived(D("2026-02-16"));
        Assert.False(answered.IsStopped);
        Assert.Equal(D("2026-02-16"), answered.DayZero);
        Assert.Equal(D("2026-03-16"), answered.DueDate);
    }

    [Fact]
    public void A_clarification_received_at_a_weekend_is_day_zero_and_the_count_starts_on_monday()
    {
        var clock = Received().ClarificationRequested(D("2026-02-04")).ClarificationReceived(D("2026-02-07"));
        Assert.Equal(D("2026-03-06"), clock.DueDate);
    }

    [Fact]
    public void A_fees_notice_pause_moves_the_deadline_later_by_the_working_days_in_the_pause()
    {
        // Notice Tue 10 Feb, fee received Fri 20 Feb: the nine working days 10-20 Feb, both ends included, are
        // disregarded (s10(2)), so the deadline moves from 3 March to nine working days later, 16 March.
        var clock = Received().FeesNoticeIssued(D("2026-02-10")).FeePaid(D("2026-02-20"));
        Assert.False(clock.IsStopped);
        Assert.Equal(D("2026-02-03"), clock.DayZero); // not a restart: the days before the notice still count
        Assert.Equal(D("2026-03-16"), clock.DueDate);
        Assert.Equal(9, Foia.CountWorkingDays(D("2026-02-09"), D("2026-02-20")));
        Assert.Equal(Foia.AddWorkingDays(D("2026-03-03"), 9), clock.DueDate);
    }

    [Fact]
    public void A_fee_paid_on_the_day_of_the_notice_still_disregards_that_day()
    {
        var clock = Received().FeesNoticeIssued(D("2026-02-10")).FeePaid(D("2026-02-10"));
        Assert.Equal(D("2026-03-04"), clock.DueDate);
    }

    [Fact]
    public void A_stopped_clock_keeps_its_working_days_left_until_it_restarts()
    {
        // Four working days (4, 5, 6 and 9 Feb) ran before the notice on 10 Feb; sixteen are left however long the fee takes.
        var awaitingFee = Received().FeesNoticeIssued(D("2026-02-10"));
        Assert.True(awaitingFee.IsStopped);
        Assert.Equal(ClockState.AwaitingFee, awaitingFee.State);
        Assert.Null(awaitingFee.DueDate);
        Assert.Equal(16, awaitingFee.WorkingDaysLeft(D("2026-02-10")));
        Assert.Equal(16, awaitingFee.WorkingDaysLeft(D("2026-03-20")));

        // Once paid (Fri 20 Feb, due 16 March) it counts down again: 23-27 Feb (5), 2-6 Mar (10), 9-13 (15), 16 (16).
        var paid = awaitingFee.FeePaid(D("2026-02-20"));
        Assert.Equal(16, paid.WorkingDaysLeft(D("2026-02-20")));
        Assert.Equal(15, paid.WorkingDaysLeft(D("2026-02-23")));

        // Awaiting a clarification, the whole fresh period is left.
        Assert.Equal(20, Received().ClarificationRequested(D("2026-02-20")).WorkingDaysLeft(D("2026-03-20")));
    }

    [Fact]
    public void A_fees_notice_given_after_the_deadline_does_not_move_it()
    {
        var clock = Received().FeesNoticeIssued(D("2026-03-05"));
        Assert.True(clock.IsStopped);
        Assert.Equal(D("2026-03-03"), clock.DueDate);
        Assert.Equal(-2, clock.WorkingDaysLeft(D("2026-03-05")));
    }

    [Fact]
    public void Eir_allows_the_limit_to_be_extended_to_forty_working_days()
    {
        // From 3 March (day 20): 4-6 (23), 9-13 (28), 16 (29), St Patrick's Day Tue 17 skipped, 18-20 (32),
        // 23-27 (37), 30-31 (39), 1 April (40).
        var clock = RequestClock.Start(D("2026-02-03"), Eir);
        Assert.Equal(D("2026-03-03"), clock.DueDate);
        var extended = clock.Extended(D("2026-02-20"));
        Assert.Equal(40, extended.WorkingDayLimit);
        Assert.Equal(D("2026-04-01"), extended.DueDate);
    }

    [Fact]
    public void Foia_has_no_extension_of_the_time_limit()
    {
        var error = Assert.Throws<ArgumentException>(() => Received().Extended(D("2026-02-20")));
        Assert.Contains("no extension", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stored_list_of_events_rebuilds_the_same_clock()
    {
        var built = Received().ClarificationRequested(D("2026-02-04")).ClarificationReceived(D("2026-02-09"))
            .FeesNoticeIssued(D("2026-02-12")).FeePaid(D("2026-02-17"));
        var rebuilt = RequestClock.FromEvents(built.Events, Foia);
        Assert.Equal(built.Events, rebuilt.Events);
        Assert.Equal(built.DueDate, rebuilt.DueDate);
        Assert.Equal(D("2026-02-03"), rebuilt.ReceivedOn);
        Assert.Equal(D("2026-02-09"), rebuilt.DayZero);
    }

    [Fact]
    public void The_statutory_clock_starts_a_request_clock_on_the_uk_date_of_receipt()
    {
        // 23:30 UTC on Sunday 31 May 2026 is 00:30 on Monday 1 June in British Summer Time.
        var clock = new StatutoryClock(Foia).Start(new DateTimeOffset(2026, 5, 31, 23, 30, 0, TimeSpan.Zero));
        Assert.Equal(D("2026-06-01"), clock.ReceivedOn);
        Assert.Equal(DeadlineRegime.Foia, clock.Regime);
    }

    [Theory]
    [InlineData(ClockEventKind.FeePaid, "no fees notice is waiting")]
    [InlineData(ClockEventKind.ClarificationReceived, "no clarification was requested")]
    [InlineData(ClockEventKind.Received, "received once")]
    public void An_event_that_cannot_happen_in_the_clocks_state_is_refused(ClockEventKind kind, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => Received().Apply(new ClockEvent(kind, D("2026-02-10"))));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_clock_cannot_be_stopped_twice_or_given_events_out_of_order()
    {
        var stopped = Received().FeesNoticeIssued(D("2026-02-10"));
        Assert.Contains("already stopped", Assert.Throws<ArgumentException>(() => stopped.ClarificationRequested(D("2026-02-11"))).Message, StringComparison.Ordinal);
        Assert.Contains("date order", Assert.Throws<ArgumentException>(() => stopped.FeePaid(D("2026-02-09"))).Message, StringComparison.Ordinal);
        Assert.Contains("first event", Assert.Throws<ArgumentException>(
            () => RequestClock.FromEvents([new ClockEvent(ClockEventKind.FeesNoticeIssued, D("2026-02-10"))], Foia)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => RequestClock.FromEvents([], Foia));
    }
}
