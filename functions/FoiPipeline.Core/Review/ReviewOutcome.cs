using FoiPipeline.Triage;

namespace FoiPipeline.Review;

/// <summary>Why a reviewer action was refused; the API maps each to an HTTP status.</summary>
public enum ReviewErrorKind
{
    /// <summary>No such request, or one the caller is not cleared to know exists.</summary>
    NotFound,

    /// <summary>The action is not allowed in the request's current state (someone else holds it, a forbidden transition).</summary>
    Conflict,

    /// <summary>The caller's roles do not allow the action.</summary>
    Forbidden,

    /// <summary>The input is not acceptable (an unknown theme, an empty question, a missing reason).</summary>
    Invalid,

    /// <summary>The caller acted on a version of the request that has since changed.</summary>
    PreconditionFailed,
}

/// <summary>A refused action: the kind, a short title and a sentence saying what to do, plus details some refusals carry.</summary>
public sealed record ReviewError(ReviewErrorKind Kind, string Title, string Detail)
{
    /// <summary>Who holds the request, when a claim or an edit was refused because of it.</summary>
    public ReviewerRef? Holder { get; init; }

    /// <summary>The statuses the request may move to, when a transition was refused.</summary>
    public IReadOnlyList<RequestStatus>? Allowed { get; init; }

    /// <summary>The request's current version, when a conditional action was refused.</summary>
    public string? CurrentVersion { get; init; }
}

/// <summary>The result of a reviewer action: a value, or the error that stopped it.</summary>
public sealed record ReviewOutcome<T>(T? Value, ReviewError? Error)
{
    public bool Succeeded => Error is null;

    public static implicit operator ReviewOutcome<T>(ReviewError error) => new(default, error);
}

/// <summary>Builds successful outcomes.</summary>
public static class ReviewOutcome
{
    public static ReviewOutcome<T> Ok<T>(T value) => new(value, null);
}

/// <summary>A request as a reviewer sees it: the index entry with the review state of record and its version.</summary>
public sealed record RequestView(TriageEntry Entry, ReviewState Review, string Version);
