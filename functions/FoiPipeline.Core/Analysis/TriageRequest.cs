using FoiPipeline.Analysis.Flags;
using FoiPipeline.Analysis.Layout;
using FoiPipeline.Analysis.Questions;
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

/// <summary>
/// Another request this one repeats or resembles: <c>repeat</c> (the same requester again, a s14(2)
/// candidate) or <c>round-robin</c> (other requesters, the same text), with the estimated similarity of the wording.
/// </summary>
public sealed record DuplicateLink(string DocId, string Kind, double Similarity)
{
    public bool ExactCopy { get; init; }

    public DateTimeOffset? ReceivedAt { get; init; }
}

public enum Sensitivity
{
    /// <summary>Any reviewer may see it.</summary>
    Standard,

    /// <summary>Only reviewers cleared for sensitive themes may see it.</summary>
    Restricted,
}

/// <summary>
/// What the analyzer makes of one letter. The <c>foi analyze --json</c> contract (DESIGN.md, "Contracts") is a
/// subset of it; the rest is what a reviewer needs to check the analysis: the request's reference and title, its
/// layout, the context and fallback that go with the questions, the flags and referrals with their reasons.
/// </summary>
public sealed record LetterAnalysis
{
    public required Requester Requester { get; init; }

    public string? Subject { get; init; }

    /// <summary>The requester's or the authority's reference, if the letter quotes one ("01.FOI.23.028767", "332_14").</summary>
    public string? Reference { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The statutory due date under the configured regime; null when it cannot be computed (see <see cref="Warnings"/>).</summary>
    public DateOnly? DueAt { get; init; }

    /// <summary>The regime the due date follows ("foia", "foisa", "eir").</summary>
    public string? Regime { get; init; }

    public required IReadOnlyList<Question> Questions { get; init; }

    /// <summary>What applies to every question: timeframes, breakdowns, definitions.</summary>
    public IReadOnlyList<ContextSpan> Context { get; init; } = [];

    /// <summary>What the requester will accept if the whole request would cost too much (s12): for the s16 advice.</summary>
    public ContextSpan? Fallback { get; init; }

    public IReadOnlyList<ThemeTag> Themes { get; init; } = [];

    public Sensitivity Sensitivity { get; init; } = Sensitivity.Standard;

    /// <summary>Why the request is restricted; empty when it is not.</summary>
    public IReadOnlyList<string> SensitivityReasons { get; init; } = [];

    /// <summary>Whether any referral is called for; <see cref="Referrals"/> says which and why.</summary>
    public bool Referral => Referrals.Count > 0;

    public IReadOnlyList<ReferralNeed> Referrals { get; init; } = [];

    public IReadOnlyList<string> SuggestedExemptions { get; init; } = [];

    public IReadOnlyList<RequestFlag> Flags { get; init; } = [];

    public IReadOnlyList<DuplicateLink> Duplicates { get; init; } = [];

    /// <summary>The letter's layout: where the request, signature, quoted history and website chrome are.</summary>
    public IReadOnlyList<Region> Regions { get; init; } = [];

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

    /// <summary>The mean OCR confidence (0..1) over the text that was OCR'd; null when none was. Low values tell reviewers to check the text against the scan.</summary>
    public double? OcrConfidence { get; init; }

    public string? Subject { get; init; }

    public required string Text { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public required ReceivedAtSource ReceivedAtSource { get; init; }

    public DateOnly? DueAt { get; init; }

    public required Requester Requester { get; init; }

    public string? Regime { get; init; }

    public string? Reference { get; init; }

    public required IReadOnlyList<Question> Questions { get; init; }

    public IReadOnlyList<ContextSpan> Context { get; init; } = [];

    public ContextSpan? Fallback { get; init; }

    public IReadOnlyList<ThemeTag> Themes { get; init; } = [];

    public Sensitivity Sensitivity { get; init; }

    public IReadOnlyList<string> SensitivityReasons { get; init; } = [];

    public bool Referral { get; init; }

    public IReadOnlyList<ReferralNeed> Referrals { get; init; } = [];

    public IReadOnlyList<string> SuggestedExemptions { get; init; } = [];

    public IReadOnlyList<RequestFlag> Flags { get; init; } = [];

    public IReadOnlyList<DuplicateLink> Duplicates { get; init; } = [];

    public IReadOnlyList<Region> Regions { get; init; } = [];

    public IReadOnlyList<string> Warnings { get; init; } = [];

    public required DateTimeOffset AnalyzedAt { get; init; }

    public required string PipelineVersion { get; init; }
}
