using FoiPipeline.Analysis;
using FoiPipeline.Correspondence;
using FoiPipeline.Review;
using FoiPipeline.Triage;

namespace FoiPipeline.Api;

/// <summary>Who the caller is, for the page to show and to decide which controls to offer.</summary>
public sealed record Caller(string Id, string Name, IReadOnlyList<string> Roles, bool Cleared, bool Admin);

public sealed record ThemeInfo(string Id, string Label, string Description, bool Restricted, bool Referral, IReadOnlyList<string> Exemptions);

/// <summary>The taxonomy reviewers tag with, and its version.</summary>
public sealed record ThemeList(string Version, IReadOnlyList<ThemeInfo> Themes);

/// <summary>
/// One row of the queue: what a reviewer needs to pick the next request, without the letter's text.
/// Duplicate links are left to the detail view, which drops links to requests the caller may not see.
/// </summary>
public sealed record RequestSummary
{
    public required string Id { get; init; }

    public string? Reference { get; init; }

    public string? Subject { get; init; }

    public required Requester Requester { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public DateOnly? DueAt { get; init; }

    public RequestStatus Status { get; init; }

    public string? Assignee { get; init; }

    public Sensitivity Sensitivity { get; init; }

    public bool Referral { get; init; }

    /// <summary>The reviewer's tags where they changed them, otherwise the analyzer's.</summary>
    public required IReadOnlyList<string> Themes { get; init; }

    public required IReadOnlyList<string> Flags { get; init; }

    public int QuestionCount { get; init; }

    public int NoteCount { get; init; }

    public required string ExtractionMethod { get; init; }

    public double? ExtractionConfidence { get; init; }

    /// <summary>Working days from today (UK) to <see cref="DueAt"/>: 0 on the day, negative when late, null when unknown.</summary>
    public int? WorkingDaysLeft { get; init; }

    /// <summary>The index's deadline flag for an open request (due-soon or overdue), as the queue filters and counts it.</summary>
    public DeadlineStatus? Deadline { get; init; }

    public static RequestSummary From(TriageEntry entry, Func<DateOnly?, int?> workingDaysLeft) => new()
    {
        Id = entry.Id,
        Reference = entry.Reference,
        Subject = entry.Subject,
        Requester = entry.Requester,
        ReceivedAt = entry.ReceivedAt,
        DueAt = entry.DueAt,
        Status = entry.Status,
        Assignee = entry.Assignee,
        Sensitivity = entry.Sensitivity,
        Referral = entry.Referral,
        Themes = entry.EditedThemes ?? [.. entry.Themes.Select(t => t.Id)],
        Flags = entry.Flags,
        QuestionCount = (entry.EditedQuestions ?? entry.Questions).Count,
        NoteCount = entry.NoteCount,
        ExtractionMethod = entry.ExtractionMethod,
        ExtractionConfidence = entry.ExtractionConfidence,
        WorkingDaysLeft = workingDaysLeft(entry.DueAt),
        Deadline = entry.Deadline,
    };
}

/// <summary>A page of the queue, with facet counts and highlights when asked for; <see cref="Today"/> is the UK date the days left count from.</summary>
public sealed record QueuePage(long Total, int Skip, int Take, IReadOnlyList<RequestSummary> Items)
{
    public DateOnly Today { get; init; }

    public IReadOnlyDictionary<string, IReadOnlyList<FacetCount>>? Facets { get; init; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Highlights { get; init; }
}

/// <summary>One request in full: the analyzer's view (<see cref="Request"/>) and the reviewers' (<see cref="Review"/>), at <see cref="Version"/>.</summary>
public sealed record RequestDetail(TriageEntry Request, ReviewState Review, string Version)
{
    /// <summary>The requester's replies attached to this request (same thread, or its reference in the subject), oldest first.</summary>
    public IReadOnlyList<ReplyLink> Replies { get; init; } = [];
}

/// <summary>The answer to a change: the review state it produced and its version (also the ETag).</summary>
public sealed record ReviewResult(string Id, ReviewState Review, string Version);

public sealed record AuditTrail(string Id, IReadOnlyList<AuditEntry> Items);

public sealed record CorrectionList(IReadOnlyList<CorrectionRecord> Items);
