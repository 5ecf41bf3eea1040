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

    public RequestStatus Status { get; init; } = RequestStatus.New;

    public string? Assignee { get; init; }

    public static TriageEntry From(TriageRequest request, DateTimeOffset indexedAt) => new()
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
    };
}

/// <summary>A page of the queue: which requests, in due-date order.</summary>
public sealed record TriageQuery
{
    /// <summary>Free text, matched against subject, requester, questions and the letter (all words must match).</summary>
    public string? Text { get; init; }

    public RequestStatus? Status { get; init; }

    public int Skip { get; init; }

    public int Take { get; init; } = 50;
}

public sealed record TriagePage(long Total, IReadOnlyList<TriageEntry> Items);

/// <summary>
/// The triage index reviewers work from. Two implementations share this contract: the embedded SQLite
/// FTS5 index (the default) and Azure AI Search.
/// </summary>
public interface ITriageIndex
{
    Task EnsureCreatedAsync(CancellationToken cancellationToken);

    /// <summary>Adds or refreshes a request's pipeline fields; reviewer-owned fields are kept as they are.</summary>
    Task UpsertAsync(TriageEntry entry, CancellationToken cancellationToken);

    Task<TriageEntry?> GetAsync(string id, CancellationToken cancellationToken);

    Task<TriagePage> SearchAsync(TriageQuery query, CancellationToken cancellationToken);
}
