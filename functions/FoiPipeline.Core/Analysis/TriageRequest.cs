using FoiPipeline.Intake;

namespace FoiPipeline.Analysis;

/// <summary>Who asked, as far as the letter says.</summary>
public sealed record Requester(string? Name, string? Email);

/// <summary>One distinct information ask, with its label as written ("a", "2", "Q3") and its span in the letter's text.</summary>
public sealed record Question
{
    public required string Label { get; init; }

    public required string Text { get; init; }

    public required int Start { get; init; }

    public required int End { get; init; }

    public IReadOnlyList<string> Themes { get; init; } = [];
}

/// <summary>A slice of the letter's text that made the analyzer decide something.</summary>
public sealed record Evidence(string Text, int Start, int End);

/// <summary>A sensitive theme found in the letter, with the score and the evidence for it.</summary>
public sealed record ThemeTag(string Id, double Score, IReadOnlyList<Evidence> Evidence);

/// <summary>Another request this one repeats or resembles.</summary>
public sealed record DuplicateLink(string DocId, string Kind, double Similarity);

public enum Sensitivity
{
    /// <summary>Any reviewer may see it.</summary>
    Standard,

    /// <summary>Only reviewers cleared for sensitive themes may see it.</summary>
    Restricted,
}

/// <summary>
/// What the analyzer makes of one letter: the fields of the <c>foi analyze --json</c> contract
/// (DESIGN.md, "Contracts"). Pure data; no storage concerns.
/// </summary>
public sealed record LetterAnalysis
{
    public required Requester Requester { get; init; }

    public string? Subject { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The FOIA s10 due date; null when it cannot be computed (see <see cref="Warnings"/>).</summary>
    public DateOnly? DueAt { get; init; }

    public required IReadOnlyList<Question> Questions { get; init; }

    public IReadOnlyList<ThemeTag> Themes { get; init; } = [];

    public Sensitivity Sensitivity { get; init; } = Sensitivity.Standard;

    public bool Referral { get; init; }

    public IReadOnlyList<string> SuggestedExemptions { get; init; } = [];

    public IReadOnlyList<DuplicateLink> Duplicates { get; init; } = [];

    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>
/// The analyze stage's output, <c>requests/{docId}.json</c>: one structured request per letter, ready to
/// be indexed. It carries the letter's text so the index stage reads a single blob.
/// </summary>
public sealed record TriageRequest
{
    public required string DocId { get; init; }

    public required string SourceBlob { get; init; }

    public IReadOnlyList<string> AlsoReceivedAs { get; init; } = [];

    public required DocumentKind Kind { get; init; }

    public required string ExtractionMethod { get; init; }

    public string? Subject { get; init; }

    public required string Text { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public required ReceivedAtSource ReceivedAtSource { get; init; }

    public DateOnly? DueAt { get; init; }

    public required Requester Requester { get; init; }

    public required IReadOnlyList<Question> Questions { get; init; }

    public IReadOnlyList<ThemeTag> Themes { get; init; } = [];

    public Sensitivity Sensitivity { get; init; }

    public bool Referral { get; init; }

    public IReadOnlyList<string> SuggestedExemptions { get; init; } = [];

    public IReadOnlyList<DuplicateLink> Duplicates { get; init; } = [];

    public IReadOnlyList<string> Warnings { get; init; } = [];

    public required DateTimeOffset AnalyzedAt { get; init; }

    public required string PipelineVersion { get; init; }
}
