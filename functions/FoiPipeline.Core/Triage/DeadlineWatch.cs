using FoiPipeline.Deadlines;

namespace FoiPipeline.Triage;

/// <summary>
/// Where an open request's statutory deadline stands today. Pipeline-owned and time-derived: the index stage
/// sets it when a request is indexed and the deadline sweep refreshes it as days pass, so a disclosure officer can
/// filter the queue by it. A request that is closed, rejected or a duplicate, has no due date, or is due later than
/// the due-soon window has none: only what needs attention is flagged.
/// </summary>
public enum DeadlineStatus
{
    /// <summary>Open, and due within the due-soon window of working days (today included).</summary>
    DueSoon,

    /// <summary>Open, and its due date has passed.</summary>
    Overdue,
}

/// <summary>Decides a request's <see cref="DeadlineStatus"/> from its due date, its status and today's date: a plain function, no I/O.</summary>
public static class DeadlineWatch
{
    /// <summary>The statuses whose requests still have a deadline to meet.</summary>
    public static IReadOnlyList<RequestStatus> OpenStatuses { get; } =
        [.. Enum.GetValues<RequestStatus>().Where(IsOpen)];

    /// <summary>Closed, rejected and duplicate requests are finished with; every other status is still open.</summary>
    public static bool IsOpen(RequestStatus status) => status is not (RequestStatus.Closed or RequestStatus.Rejected or RequestStatus.Duplicate);

    /// <param name="dueAt">The request's due date, if it has one.</param>
    /// <param name="status">The reviewers' status of the request.</param>
    /// <param name="today">Today's date in the UK (<see cref="StatutoryClock.UkDate"/>).</param>
    /// <param name="workingDays">The working-day calendar the due dates were computed with.</param>
    /// <param name="dueSoonWorkingDays">How many working days before the due date a request counts as due soon.</param>
    /// <returns>Null for a finished request, one without a due date, or one due after the window.</returns>
    public static DeadlineStatus? Of(DateOnly? dueAt, RequestStatus status, DateOnly today, WorkingDays workingDays, int dueSoonWorkingDays)
    {
        if (dueAt is not { } due || !IsOpen(status))
        {
            return null;
        }

        if (due < today)
        {
            return DeadlineStatus.Overdue;
        }

        return due <= DueSoonThrough(today, workingDays, dueSoonWorkingDays) ? DeadlineStatus.DueSoon : null;
    }

    /// <summary>The last due date that counts as due soon today: the <paramref name="dueSoonWorkingDays"/>th working day after today.</summary>
    public static DateOnly DueSoonThrough(DateOnly today, WorkingDays workingDays, int dueSoonWorkingDays)
    {
        try
        {
            return workingDays.AddWorkingDays(today, dueSoonWorkingDays);
        }
        catch (CalendarNotCoveredException)
        {
            // A downloaded holiday list that ends within the window: count weekdays and allow two spare days for
            // holidays (Christmas and Boxing Day are the longest run), so a request is flagged a little early, never late.
            var day = today;
            for (var counted = 0; counted < dueSoonWorkingDays;)
            {
                day = day.AddDays(1);
                if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                {
                    counted++;
                }
            }

            return day.AddDays(2);
        }
    }
}
