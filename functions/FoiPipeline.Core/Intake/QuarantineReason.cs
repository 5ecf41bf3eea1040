namespace FoiPipeline.Intake;

public enum QuarantineCode
{
    Empty,
    NoText,
    TooLarge,
    UnsupportedFormat,
    MalformedEmail,
    Corrupt,
    PasswordProtected,
    TooManyPages,
    TooManyAttachments,
    ImageTooLarge,
    TimedOut,

    /// <summary>A reader in FoiPipeline failed on the file: a fault to report with the file, which is kept for replay once fixed.</summary>
    ReaderFailed,

    /// <summary>Ingest kept failing for a reason outside the document (see the error).</summary>
    IngestFailed,
}

/// <summary>
/// The JSON written beside a quarantined blob, <c>quarantine/{name}.reason.json</c>: what was wrong, in
/// words a person can act on, and enough to find the original again.
/// </summary>
public sealed record QuarantineReason
{
    public required string Blob { get; init; }

    public required QuarantineCode Code { get; init; }

    public required string Reason { get; init; }

    /// <summary>What to do about it.</summary>
    public required string Hint { get; init; }

    public DocumentKind? DetectedKind { get; init; }

    public long? Length { get; init; }

    /// <summary>The SHA-256 of the bytes, which is also the docId the letter will get once it can be read.</summary>
    public string? Sha256 { get; init; }

    public required DateTimeOffset QuarantinedAt { get; init; }

    public required string PipelineVersion { get; init; }

    public static string BlobNameFor(string quarantinedBlob) => quarantinedBlob + ".reason.json";
}
