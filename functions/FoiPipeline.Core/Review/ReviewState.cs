using System.Text.Json;
using FoiPipeline.Analysis;
using FoiPipeline.Triage;

namespace FoiPipeline.Review;

/// <summary>
/// The reviewers' state of record for one request: who holds it, where it is in the workflow, the
/// reviewer's own question split and tags, the decision and the notes. It lives in an
/// <see cref="IReviewStore"/> (which has conditional writes); the triage index holds a copy for filtering.
/// </summary>
public sealed record ReviewState
{
    public RequestStatus Status { get; init; } = RequestStatus.New;

    /// <summary>The reviewer holding the request (its claim), if any.</summary>
    public ReviewerRef? Assignee { get; init; }

    public DateTimeOffset? ClaimedAt { get; init; }

    /// <summary>The reviewer's split of the letter into questions, when it differs from the analyzer's.</summary>
    public IReadOnlyList<Question>? EditedQuestions { get; init; }

    /// <summary>The reviewer's theme tags for the request, when they differ from the analyzer's.</summary>
    public IReadOnlyList<string>? EditedThemes { get; init; }

    /// <summary>Why the request was rejected, referred, or closed, in the reviewer's words.</summary>
    public string? Decision { get; init; }

    /// <summary>The request this one duplicates, when <see cref="Status"/> is <see cref="RequestStatus.Duplicate"/>.</summary>
    public string? DuplicateOf { get; init; }

    public IReadOnlyList<ReviewNote> Notes { get; init; } = [];

    /// <summary>
    /// The reviewer's tags (of the request or of a question) include a restricted theme: the request is
    /// restricted whatever the analyzer said. Reviewers can restrict a request, not lift the analyzer's restriction.
    /// </summary>
    public bool Restricted { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>The copy of this state the triage index shows.</summary>
    public ReviewerFields ToIndexFields() => new()
    {
        Status = Status,
        Assignee = Assignee?.Id,
        EditedQuestions = EditedQuestions,
        EditedThemes = EditedThemes,
        Decision = Decision,
        NoteCount = Notes.Count,
        Restricted = Restricted,
    };
}

/// <summary>A note a reviewer added to a request. Notes are never edited or removed.</summary>
public sealed record ReviewNote(string Id, ReviewerRef Author, DateTimeOffset At, string Text);

/// <summary>A review state as stored, with the opaque version a conditional write must name.</summary>
public sealed record VersionedReview(ReviewState State, string Version);

/// <summary>
/// One entry of a request's audit trail: who did what, when, and the fields it changed before and after
/// (JSON objects holding only the changed fields). Appended with the change it records, never edited.
/// </summary>
public sealed record AuditEntry
{
    public required string RequestId { get; init; }

    public required DateTimeOffset At { get; init; }

    public required ReviewerRef Actor { get; init; }

    /// <summary>What happened: one of <see cref="ReviewActions"/>.</summary>
    public required string Action { get; init; }

    public JsonElement? Before { get; init; }

    public JsonElement? After { get; init; }
}

/// <summary>The actions the audit trail records.</summary>
public static class ReviewActions
{
    public const string Claim = "claim";
    public const string Release = "release";
    public const string EditQuestions = "edit-questions";
    public const string EditThemes = "edit-themes";
    public const string SetStatus = "set-status";
    public const string AddNote = "add-note";
}

/// <summary>
/// A reviewer's correction of the analyzer, kept to improve it: what the analyzer produced for a request
/// and what the reviewer changed it to (questions or themes), with the pipeline version that produced it.
/// </summary>
public sealed record CorrectionRecord
{
    public required string RequestId { get; init; }

    public required DateTimeOffset At { get; init; }

    public required ReviewerRef Reviewer { get; init; }

    /// <summary><c>questions</c> or <c>themes</c>.</summary>
    public required string Kind { get; init; }

    public required string PipelineVersion { get; init; }

    /// <summary>The analyzer's output for <see cref="Kind"/>.</summary>
    public required JsonElement Analyzer { get; init; }

    /// <summary>The reviewer's version of the same.</summary>
    public required JsonElement Corrected { get; init; }
}

/// <summary>One change to commit: the new state, the audit entry recording it, and a correction when the analyzer was corrected.</summary>
public sealed record ReviewChange(ReviewState State, AuditEntry Audit, CorrectionRecord? Correction = null);

/// <summary>
/// Where reviewer state of record lives: a store with conditional writes, so two reviewers acting at once
/// cannot both win. SQLite locally (a version column), blobs with If-Match in Azure. A change's state, its
/// audit entry and its correction are written together or not at all.
/// </summary>
public interface IReviewStore
{
    Task EnsureCreatedAsync(CancellationToken cancellationToken);

    /// <summary>The request's review state and version; null when no reviewer has acted on it yet.</summary>
    Task<VersionedReview?> GetAsync(string requestId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="change"/> if the stored version is still <paramref name="expectedVersion"/>
    /// (null: only if nothing is stored yet). Returns the new version, or null when another write got there first.
    /// </summary>
    Task<string?> TryCommitAsync(string requestId, string? expectedVersion, ReviewChange change, CancellationToken cancellationToken);

    /// <summary>The request's audit trail, oldest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(string requestId, CancellationToken cancellationToken);

    /// <summary>Corrections recorded at or after <paramref name="since"/>, oldest first, at most <paramref name="take"/>.</summary>
    Task<IReadOnlyList<CorrectionRecord>> ReadCorrectionsAsync(DateTimeOffset since, int take, CancellationToken cancellationToken);
}
