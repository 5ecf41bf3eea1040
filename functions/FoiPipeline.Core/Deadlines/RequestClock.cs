using System.Collections.Immutable;

namespace FoiPipeline.Deadlines;

/// <summary>Something that starts, stops, restarts or extends a request's statutory clock.</summary>
public enum ClockEventKind
{
    /// <summary>The request arrived; its date is day zero. Always the first event, and only once.</summary>
    Received,

    /// <summary>The authority asked the requester for more detail to identify the information (FOIA s1(3)); the clock stops.</summary>
    ClarificationRequested,

    /// <summary>The detail arrived; that day becomes day zero of a fresh period (s10(6)(b)).</summary>
    ClarificationReceived,

    /// <summary>The authority gave a fees notice (s9); the clock stops.</summary>
    FeesNoticeIssued,

    /// <summary>The fee arrived; working days from the notice to this day, both included, are disregarded (s10(2)).</summary>
    FeePaid,

    /// <summary>The limit was extended (EIR reg 7: to 40 working days for complex and voluminous requests).</summary>
    Extended,
}

/// <summary>One event on a request's clock, on a UK calendar date.</summary>
public sealed record ClockEvent(ClockEventKind Kind, DateOnly On);

/// <summary>Whether a request's clock is running, and if not, what it waits for.</summary>
public enum ClockState
{
    Running,
    AwaitingClarification,
    AwaitingFee,
}

/// <summary>
/// A request's statutory clock, built from its events: when it is due, whether the clock is stopped, and how
/// many working days are left. Immutable: each event gives a new clock, so a stored list of events always
/// rebuilds the same answer, and a change to the bank holidays is picked up by rebuilding. Pure: no I/O, no
/// "now"; the caller says what today is. Over a gov.uk-file calendar, building or reading a clock whose
/// count runs past the file throws <see cref="CalendarNotCoveredException"/>; the rule calendar has no end.
/// </summary>
public sealed class RequestClock
{
    private readonly WorkingDays _workingDays;
    private readonly ImmutableArray<ClockEvent> _events;
    private readonly ImmutableArray<(DateOnly From, DateOnly Through)> _disregarded;

    private RequestClock(
        WorkingDays workingDays,
        ImmutableArray<ClockEvent> events,
        DateOnly dayZero,
        int workingDayLimit,
        ImmutableArray<(DateOnly From, DateOnly Through)> disregarded,
        ClockState state,
        DateOnly? stoppedOn)
    {
        _workingDays = workingDays;
        _events = events;
        _disregarded = disregarded;
        DayZero = dayZero;
        WorkingDayLimit = workingDayLimit;
        State = state;
        StoppedOn = stoppedOn;
        DueDate = ComputeDueDate();
    }

    /// <summary>A clock for a request received on <paramref name="receivedOn"/> (its UK date; see <see cref="StatutoryClock.UkDate"/>).</summary>
    public static RequestClock Start(DateOnly receivedOn, WorkingDays workingDays)
    {
        ArgumentNullException.ThrowIfNull(workingDays);
        return new RequestClock(
            workingDays, [new ClockEvent(ClockEventKind.Received, receivedOn)], receivedOn, workingDays.Regime.WorkingDayLimit, [], ClockState.Running, null);
    }

    /// <summary>Rebuilds a clock from its events, which must start with <see cref="ClockEventKind.Received"/> and be in date order.</summary>
    /// <exception cref="ArgumentException">The events are empty, out of order, or impossible (a fee paid with no notice).</exception>
    public static RequestClock FromEvents(IEnumerable<ClockEvent> events, WorkingDays workingDays)
    {
        ArgumentNullException.ThrowIfNull(events);
        RequestClock? clock = null;
        foreach (var clockEvent in events)
        {
            if (clock is null)
            {
                if (clockEvent.Kind != ClockEventKind.Received)
                {
                    throw new ArgumentException($"A clock's first event must be {ClockEventKind.Received}, not {clockEvent.Kind}.", nameof(events));
                }

                clock = Start(clockEvent.On, workingDays);
            }
            else
            {
                clock = clock.Apply(clockEvent);
            }
        }

        return clock ?? throw new ArgumentException($"A clock needs at least the {ClockEventKind.Received} event.", nameof(events));
    }

    /// <summary>The regime whose limit and working days this clock uses.</summary>
    public DeadlineRegime Regime => _workingDays.Regime;

    /// <summary>Every event so far, oldest first.</summary>
    public IReadOnlyList<ClockEvent> Events => _events;

    public DateOnly ReceivedOn => _events[0].On;

    /// <summary>The day the current count runs from: the day of receipt, or the day the last clarification arrived.</summary>
    public DateOnly DayZero { get; }

    /// <summary>Working days allowed after <see cref="DayZero"/>: the regime's limit, or its extended limit once extended.</summary>
    public int WorkingDayLimit { get; }

    public ClockState State { get; }

    public bool IsStopped => State != ClockState.Running;

    /// <summary>When the clock stopped (the clarification request or fees notice), or null while it runs.</summary>
    public DateOnly? StoppedOn { get; }

    /// <summary>
    /// The last day for the response, or null while the clock is stopped and the answer depends on when it
    /// restarts. (A fees notice given after the deadline had passed does not move it, so that clock still has
    /// a due date.)
    /// </summary>
    public DateOnly? DueDate { get; }

    /// <summary>
    /// Working days left on <paramref name="today"/> (a date on or after the last event): while running, those
    /// after today up to the due date (0 on the day, negative when late); while stopped, the working days the
    /// clock will have when it restarts: the full limit after a clarification request, what was left when the
    /// fees notice was given otherwise. Those do not run down while the clock is stopped.
    /// </summary>
    public int WorkingDaysLeft(DateOnly today)
    {
        if (State == ClockState.AwaitingClarification)
        {
            return WorkingDayLimit;
        }

        if (DueDate is not { } due)
        {
            return WorkingDayLimit - CountedDays(DayZero, StoppedOn!.Value.AddDays(-1));
        }

        return due >= today ? CountedDays(today, due) : -CountedDays(due, today);
    }

    public RequestClock ClarificationRequested(DateOnly on) => Apply(new ClockEvent(ClockEventKind.ClarificationRequested, on));

    public RequestClock ClarificationReceived(DateOnly on) => Apply(new ClockEvent(ClockEventKind.ClarificationReceived, on));

    public RequestClock FeesNoticeIssued(DateOnly on) => Apply(new ClockEvent(ClockEventKind.FeesNoticeIssued, on));

    public RequestClock FeePaid(DateOnly on) => Apply(new ClockEvent(ClockEventKind.FeePaid, on));

    /// <summary>Extends the limit where the regime allows it (EIR reg 7).</summary>
    public RequestClock Extended(DateOnly on) => Apply(new ClockEvent(ClockEventKind.Extended, on));

    /// <summary>The clock after <paramref name="clockEvent"/>, which must be on or after the last event.</summary>
    /// <exception cref="ArgumentException">The event is out of order or impossible in the clock's state.</exception>
    public RequestClock Apply(ClockEvent clockEvent)
    {
        ArgumentNullException.ThrowIfNull(clockEvent);
        var last = _events[^1];
        if (clockEvent.On < last.On)
        {
            throw new ArgumentException($"{clockEvent.Kind} on {clockEvent.On:yyyy-MM-dd} is before the last event ({last.Kind} on {last.On:yyyy-MM-dd}); events must be in date order.", nameof(clockEvent));
        }

        var events = _events.Add(clockEvent);
        return clockEvent.Kind switch
        {
            ClockEventKind.Received => throw Impossible(clockEvent, "a request is received once, as its first event"),
            ClockEventKind.ClarificationRequested or ClockEventKind.FeesNoticeIssued when State != ClockState.Running =>
                throw Impossible(clockEvent, $"the clock is already stopped ({State} since {StoppedOn:yyyy-MM-dd})"),
            ClockEventKind.ClarificationRequested =>
                new RequestClock(_workingDays, events, DayZero, WorkingDayLimit, _disregarded, ClockState.AwaitingClarification, clockEvent.On),
            ClockEventKind.ClarificationReceived when State != ClockState.AwaitingClarification =>
                throw Impossible(clockEvent, "no clarification was requested"),
            ClockEventKind.ClarificationReceived =>
                new RequestClock(_workingDays, events, clockEvent.On, WorkingDayLimit, [], ClockState.Running, null),
            ClockEventKind.FeesNoticeIssued =>
                new RequestClock(_workingDays, events, DayZero, WorkingDayLimit, _disregarded, ClockState.AwaitingFee, clockEvent.On),
            ClockEventKind.FeePaid when State != ClockState.AwaitingFee =>
                throw Impossible(clockEvent, "no fees notice is waiting to be paid"),
            ClockEventKind.FeePaid =>
                new RequestClock(_workingDays, events, DayZero, WorkingDayLimit, _disregarded.Add((StoppedOn!.Value, clockEvent.On)), ClockState.Running, null),
            ClockEventKind.Extended when Regime.ExtendedWorkingDayLimit is null =>
                throw Impossible(clockEvent, $"{Regime.Title} has no extension of the time limit"),
            ClockEventKind.Extended when WorkingDayLimit == Regime.ExtendedWorkingDayLimit =>
                throw Impossible(clockEvent, "the limit is already extended"),
            ClockEventKind.Extended =>
                new RequestClock(_workingDays, events, DayZero, Regime.ExtendedWorkingDayLimit!.Value, _disregarded, State, StoppedOn),
            _ => throw new ArgumentOutOfRangeException(nameof(clockEvent), clockEvent.Kind, "Unknown clock event."),
        };
    }

    private static ArgumentException Impossible(ClockEvent clockEvent, string why) =>
        new($"{clockEvent.Kind} on {clockEvent.On:yyyy-MM-dd} is not possible: {why}.", nameof(clockEvent));

    // The WorkingDayLimit-th counted day after DayZero, where a counted day is a working day outside every
    // disregarded fee period. While a fee is awaited, days from the notice on are not counted yet: if the limit
    // is reached before the notice, that is the due date (the notice came too late to move it); if not, the
    // due date waits for the payment.
    private DateOnly? ComputeDueDate()
    {
        if (State == ClockState.AwaitingClarification)
        {
            return null;
        }

        var awaitingFeeFrom = State == ClockState.AwaitingFee ? StoppedOn : null;
        var day = DayZero;
        for (var counted = 0; counted < WorkingDayLimit;)
        {
            day = day.AddDays(1);
            if (day >= awaitingFeeFrom)
            {
                return null;
            }

            if (!IsDisregarded(day) && _workingDays.IsWorkingDay(day))
            {
                counted++;
            }
        }

        return day;
    }

    private int CountedDays(DateOnly after, DateOnly through)
    {
        var count = 0;
        for (var day = after.AddDays(1); day <= through; day = day.AddDays(1))
        {
            if (!IsDisregarded(day) && _workingDays.IsWorkingDay(day))
            {
                count++;
            }
        }

        return count;
    }

    private bool IsDisregarded(DateOnly day)
    {
        foreach (var (from, through) in _disregarded)
        {
            if (day >= from && day <= through)
            {
                return true;
            }
        }

        return false;
    }
}
