using FoiPipeline.Analysis;

namespace FoiPipeline.Triage;

/// <summary>Where a request stands in the reviewers' workflow. Owned by reviewers; the pipeline only sets it to New on first index.</summary>
public enum RequestStatus
{
    New,
    InReview,
    Referred,
    AwaitingClarification,
    Ready,
    Closed,
    Rejected,
    Duplicate,
}

/// <summary>
/// One request as the triage queue holds it. The pipeline writes everything except the reviewer-owned
/// fields (<see cref="Status"/>, <see cref="Assignee"/>), which re-indexing never touches.
/// </summary>
public sealed record TriageEntry
{
    public required string Id { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public DateOnly? DueAt { get; init; }

    public string? Subject { get; init; }

    public required Requester Requester { get; init; }

    public required string Text { get; init; }

    public required IReadOnlyList<Question> Questions { get; init; }

    public IReadOnlyList<ThemeTag> Themes { get; init; } = [];

    public Sensitivity Sensitivity { get; init; }

    public bool Referral { get; init; }

    public IReadOnlyList<string> SuggestedExemptions { get; init; } = [];

    public IReadOnlyList<DuplicateLink> Duplicates { get; init; } = [];

    public required string SourceBlob { get; init; }

    public required string ExtractionMethod { get; init; }

    public required string PipelineVersion { get; init; }

    public DateTimeOffset IndexedAt { get; init; }

    public string? Reference { get; init; }

    /// <summary>Ids of the analyzer's flags ("cost-limit-risk", "round-robin"...).</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    /// <summary>The mean OCR confidence (0..1) of the text, when any of it was OCR'd.</summary>
    public double? ExtractionConfidence { get; init; }

    /// <summary>
    /// Where the deadline stands (<see cref="DeadlineWatch"/>): pipeline-owned and time-derived, set at index time and
    /// refreshed by the deadline sweep through <see cref="ITriageIndex.SetDeadlineAsync"/>; null when finished or undated.
    /// </summary>
    public DeadlineStatus? Deadline { get; init; }

    // Reviewer-owned: written only through ITriageIndex.SetReviewerFieldsAsync, never by re-indexing.
    public RequestStatus Status { get; init; } = RequestStatus.New;

    public string? Assignee { get; init; }

    public IReadOnlyList<Question>? EditedQuestions { get; init; }

    public IReadOnlyList<string>? EditedThemes { get; init; }

    public string? Decision { get; init; }

    public int NoteCount { get; init; }

    /// <param name="request">The analysed request.</param>
    /// <param name="indexedAt">When it is indexed.</param>
    /// <param name="deadline">Where its deadline stands at <paramref name="indexedAt"/> (see <see cref="DeadlineWatch"/>).</param>
    public static TriageEntry From(TriageRequest request, DateTimeOffset indexedAt, DeadlineStatus? deadline = null) => new()
    {
        Id = request.DocId,
        ReceivedAt = request.ReceivedAt,
        DueAt = request.DueAt,
        Subject = request.Subject,
        Requester = request.Requester,
        Text = request.Text,
        Questions = request.Questions,
        Themes = request.Themes,
        Sensitivity = request.Sensitivity,
        Referral = request.Referral,
        SuggestedExemptions = request.SuggestedExemptions,
        Duplicates = request.Duplicates,
        SourceBlob = request.SourceBlob,
        ExtractionMethod = request.ExtractionMethod,
        PipelineVersion = request.PipelineVersion,
        IndexedAt = indexedAt,
        Reference = request.Reference,
        Flags = [.. request.Flags.Select(f => f.Id).Distinct()],
        ExtractionConfidence = request.OcrConfidence,
        Deadline = deadline,
    };
}

/// <summary>How a page of the queue is ordered.</summary>
public enum TriageSort
{
    /// <summary>Soonest deadline first (no due date last), then oldest received: the queue's natural order.</summary>
    DueDate,

    /// <summary>Newest received first.</summary>
    ReceivedNewest,

    /// <summary>Best text match first (due date when there is no text).</summary>
    Relevance,
}

/// <summary>
/// A page of the queue. Every filter narrows the result; within one filter the values are alternatives
/// (<see cref="Themes"/> = any of them). Restricted requests are left out of everything the query returns,
/// items, <see cref="TriagePage.Total"/>, facet counts and highlights, unless <see cref="IncludeRestricted"/>
/// is set for a reviewer cleared to see them.
/// </summary>
public sealed record TriageQuery
{
    /// <summary>The most items one page may hold.</summary>
    public const int MaxTake = 100;

    /// <summary>Free text, matched against subject, requester, questions and the letter (all words must match).</summary>
    public string? Text { get; init; }

    public RequestStatus? Status { get; init; }

    /// <summary>Any of these statuses (with <see cref="Status"/>, both apply).</summary>
    public IReadOnlyList<RequestStatus> Statuses { get; init; } = [];

    /// <summary>Requests tagged with any of these theme ids.</summary>
    public IReadOnlyList<string> Themes { get; init; } = [];

    public IReadOnlyList<Sensitivity> Sensitivities { get; init; } = [];

    public bool? Referral { get; init; }

    /// <summary>Requests whose deadline stands at any of these (<see cref="TriageEntry.Deadline"/>).</summary>
    public IReadOnlyList<DeadlineStatus> Deadlines { get; init; } = [];

    /// <summary>Due on or before this date.</summary>
    public DateOnly? DueBefore { get; init; }

    public string? Assignee { get; init; }

    /// <summary>Whether restricted requests exist for this query at all: only for reviewers cleared for them.</summary>
    public bool IncludeRestricted { get; init; }

    /// <summary>Whether to count requests per value of <see cref="TriageFacets"/> over the whole result (not just the page).</summary>
    public bool IncludeFacets { get; init; }

    /// <summary>Whether to return highlighted fragments of <see cref="Text"/> matches.</summary>
    public bool IncludeHighlights { get; init; }

    public TriageSort Sort { get; init; } = TriageSort.DueDate;

    public int Skip { get; init; }

    public int Take { get; init; } = 50;
}

/// <summary>The facets both index implementations count, by name.</summary>
public static class TriageFacets
{
    public const string Status = "status";
    public const string Theme = "theme";
    public const string Sensitivity = "sensitivity";
    public const string Referral = "referral";
    public const string Assignee = "assignee";
    public const string Deadline = "deadline";

    public static IReadOnlyList<string> All { get; } = [Status, Theme, Sensitivity, Referral, Assignee, Deadline];

    /// <summary>Marks around a matched word in a highlight fragment; everything else in a fragment is HTML-escaped.</summary>
    public const string HighlightStart = "<mark>";

    public const string HighlightEnd = "</mark>";
}

/// <summary>How many requests in the whole result have one value of a facet (status names and themes as the index stores them).</summary>
public sealed record FacetCount(string Value, long Count);

/// <summary>A page of results: the items in order, the total over all pages, and facets and highlights when asked for.</summary>
public sealed record TriagePage(long Total, IReadOnlyList<TriageEntry> Items)
{
    /// <summary>Per facet name (<see cref="TriageFacets"/>), its values with counts, largest first.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Facets { get; init; } = new Dictionary<string, IReadOnlyList<FacetCount>>();

    /// <summary>Per item id, the fragments where the text matched, with <see cref="TriageFacets.HighlightStart"/> marks.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Highlights { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}

/// <summary>
/// The reviewer-owned fields as the index shows them. Reviewers' state of record lives in a store with
/// conditional writes; this copy is written to the index after each change, for filtering and display.
/// </summary>
public sealed record ReviewerFields
{
    public RequestStatus Status { get; init; } = RequestStatus.New;

    public string? Assignee { get; init; }

    /// <summary>The reviewer's own split of the letter into questions, when they changed the analyzer's.</summary>
    public IReadOnlyList<Question>? EditedQuestions { get; init; }

    /// <summary>The reviewer's own theme tags, when they changed the analyzer's.</summary>
    public IReadOnlyList<string>? EditedThemes { get; init; }

    public string? Decision { get; init; }

    public int NoteCount { get; init; }

    /// <summary>
    /// A reviewer tagged the request with a restricted theme: it is restricted whatever the analyzer said, and the
    /// index hides it from reviewers without clearance. Reviewers can restrict a request; they cannot lift the
    /// analyzer's restriction.
    /// </summary>
    public bool Restricted { get; init; }
}

/// <summary>
/// The triage index reviewers work from. Two implementations share this contract: the embedded SQLite
/// FTS5 index (the default) and Azure AI Search.
/// </summary>
public interface ITriageIndex
{
    Task EnsureCreatedAsync(CancellationToken cancellationToken);

    /// <summary>Adds or refreshes a request's pipeline fields; reviewer-owned fields are kept as they are.</summary>
    Task UpsertAsync(TriageEntry entry, CancellationToken cancellationToken);

    /// <summary>Writes the reviewer-owned fields of an indexed request; false when there is no such request.</summary>
    Task<bool> SetReviewerFieldsAsync(string id, ReviewerFields fields, CancellationToken cancellationToken);

    /// <summary>
    /// Writes only the time-derived <see cref="TriageEntry.Deadline"/> of an indexed request (the deadline sweep's one
    /// write); false when there is no such request. Reviewer-owned fields are never touched.
    /// </summary>
    Task<bool> SetDeadlineAsync(string id, DeadlineStatus? deadline, CancellationToken cancellationToken);

    Task<TriageEntry?> GetAsync(string id, CancellationToken cancellationToken);

    Task<TriagePage> SearchAsync(TriageQuery query, CancellationToken cancellationToken);
}
