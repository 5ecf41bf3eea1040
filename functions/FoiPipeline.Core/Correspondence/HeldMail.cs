using FoiPipeline.Intake.Email;

namespace FoiPipeline.Correspondence;

/// <summary>
/// An email kept out of the triage queue because its headers say a machine sent it (an auto-reply, an
/// out-of-office notice, a bounce), written to <c>correspondence/held/{docId}.json</c>. The letter itself is not
/// touched: its intake blob and <c>extracted/{docId}.json</c> stay, so an admin who finds it wrongly held
/// releases it and it is analysed as a request.
/// </summary>
public sealed record HeldMail
{
    public required string DocId { get; init; }

    public required string SourceBlob { get; init; }

    public required AutomatedKind Kind { get; init; }

    /// <summary>The header (or headers and subject) that decided it, as it reads in the message.</summary>
    public required string Signal { get; init; }

    public string? Subject { get; init; }

    /// <summary>The sender's address (personal data when a person's autoresponder sent it: never logged).</summary>
    public string? FromAddress { get; init; }

    public string? MessageId { get; init; }

    /// <summary>For a bounce, the Message-ID of our message that could not be delivered.</summary>
    public string? OriginalMessageId { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Where the message's text is kept: the extracted document.</summary>
    public required string TextBlob { get; init; }

    public required DateTimeOffset HeldAt { get; init; }

    /// <summary>When an admin released it into the queue; null while it is held.</summary>
    public DateTimeOffset? ReleasedAt { get; init; }

    /// <summary>The admin who released it.</summary>
    public string? ReleasedBy { get; init; }

    public required string PipelineVersion { get; init; }

    public bool Released => ReleasedAt is not null;
}

/// <summary>The held mail an admin sees: counts by kind over everything held, and the newest items.</summary>
public sealed record HeldMailList(int Total, int Released, IReadOnlyDictionary<string, int> ByKind, IReadOnlyList<HeldMail> Items);
