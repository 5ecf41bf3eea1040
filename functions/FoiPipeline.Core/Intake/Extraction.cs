using FoiPipeline.Intake.Email;

namespace FoiPipeline.Intake;

/// <summary>The text read from a document, before it is stamped with ids and dates.</summary>
public sealed record Extraction
{
    public required DocumentKind Kind { get; init; }

    public required string Method { get; init; }

    public required string Text { get; init; }

    public string? Encoding { get; init; }

    public required IReadOnlyList<DocumentPart> Parts { get; init; }

    public IReadOnlyList<TextMark> Marks { get; init; } = [];

    public double? OcrConfidence { get; init; }

    public EmailMessage? Email { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>Why a document could not be read, with a code for machines and a sentence for people.</summary>
public sealed record ExtractionFailure(QuarantineCode Code, DocumentKind Kind, string Reason, string Hint);

/// <summary>Either what was read, or why nothing could be.</summary>
public sealed record ExtractionOutcome
{
    private ExtractionOutcome(Extraction? extraction, ExtractionFailure? failure)
    {
        Extraction = extraction;
        Failure = failure;
    }

    public Extraction? Extraction { get; }

    public ExtractionFailure? Failure { get; }

    public static implicit operator ExtractionOutcome(Extraction extraction) => new(extraction, null);

    public static implicit operator ExtractionOutcome(ExtractionFailure failure) => new(null, failure);
}
