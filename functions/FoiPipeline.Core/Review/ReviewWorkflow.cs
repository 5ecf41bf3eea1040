using FoiPipeline.Triage;

namespace FoiPipeline.Review;

/// <summary>
/// Where a request may go next. The normal path is new → in-review → (referred | awaiting-clarification)
/// → ready → closed; a request that is not a valid FOI request is rejected, and a repeat is marked a
/// duplicate of another. Closed, rejected and duplicate are finished: only an admin reopens them, to in-review.
/// </summary>
public static class ReviewWorkflow
{
    private static readonly Dictionary<RequestStatus, RequestStatus[]> Next = new()
    {
        [RequestStatus.New] = [RequestStatus.InReview, RequestStatus.Rejected, RequestStatus.Duplicate],
        [RequestStatus.InReview] = [RequestStatus.Referred, RequestStatus.AwaitingClarification, RequestStatus.Ready, RequestStatus.Rejected, RequestStatus.Duplicate],
        [RequestStatus.Referred] = [RequestStatus.InReview, RequestStatus.Ready],

        // Clarification received (back to work or straight to ready), or none in time: the request lapses and is closed.
        [RequestStatus.AwaitingClarification] = [RequestStatus.InReview, RequestStatus.Ready, RequestStatus.Closed],
        [RequestStatus.Ready] = [RequestStatus.Closed, RequestStatus.InReview],
        [RequestStatus.Closed] = [],
        [RequestStatus.Rejected] = [],
        [RequestStatus.Duplicate] = [],
    };

    /// <summary>Statuses a request stays in once it gets there, unless an admin reopens it.</summary>
    public static bool IsFinished(RequestStatus status) => status is RequestStatus.Closed or RequestStatus.Rejected or RequestStatus.Duplicate;

    /// <summary>The statuses a reviewer (or, with <paramref name="admin"/>, an admin) may move a request to from <paramref name="from"/>.</summary>
    public static IReadOnlyList<RequestStatus> AllowedFrom(RequestStatus from, bool admin)
        => admin && IsFinished(from) ? [RequestStatus.InReview] : Next[from];

    public static bool IsAllowed(RequestStatus from, RequestStatus to, bool admin) => AllowedFrom(from, admin).Contains(to);

    /// <summary>Whether moving to <paramref name="to"/> needs the reviewer's reason in the decision.</summary>
    public static bool NeedsDecision(RequestStatus to) => to is RequestStatus.Rejected or RequestStatus.Referred or RequestStatus.Closed;
}
