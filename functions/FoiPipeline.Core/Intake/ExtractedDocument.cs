namespace FoiPipeline.Intake;

/// <summary>
/// The ingest stage's output, <c>extracted/{docId}.json</c>: the letter's text with where it came from.
/// Character offsets used by later stages (question spans, theme evidence) index into <see cref="Text"/>.
/// </summary>
public sealed record ExtractedDocument
{
    public required string DocId { get; init; }

    /// <summary>The intake blob this document was first read from.</summary>
    public required string SourceBlob { get; init; }

    /// <summary>Other intake blobs with the same bytes: the same letter dropped again.</summary>
    public IReadOnlyList<string> AlsoReceivedAs { get; init; } = [];

    public required DocumentKind Kind { get; init; }

    public required long Length { get; init; }

    /// <summary>How the text was obtained: <c>text</c> (decoded as it was) or <c>mime</c> (read from an email).</summary>
    public required string Method { get; init; }

    public string? Encoding { get; init; }

    public required string Text { get; init; }

    /// <summary>The pieces <see cref="Text"/> is made of, in order (an email body; later, attachments and pages).</summary>
    public IReadOnlyList<DocumentPart> Parts { get; init; } = [];

    public EmailHeaders? Email { get; init; }

    /// <summary>When the authority received the letter; the statutory clock starts from its date.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>What <see cref="ReceivedAt"/> was taken from, so a reviewer can judge it.</summary>
    public required ReceivedAtSource ReceivedAtSource { get; init; }

    public required DateTimeOffset ExtractedAt { get; init; }

    public required string PipelineVersion { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Stamps an extraction with its id, origin and date of receipt.</summary>
    public static ExtractedDocument Create(string docId, string sourceBlob, long length, Extraction extraction, Receipt receipt, DateTimeOffset extractedAt) => new()
    {
        DocId = docId,
        SourceBlob = sourceBlob,
        Kind = extraction.Kind,
        Length = length,
        Method = extraction.Method,
        Encoding = extraction.Encoding,
        Text = extraction.Text,
        Parts = extraction.Parts,
        Email = extraction.Email is { } email
            ? new EmailHeaders
            {
                FromName = email.From?.Name,
                FromAddress = email.From?.Address,
                To = email.To,
                Subject = email.Subject,
                Date = email.Date,
                MessageId = email.MessageId,
            }
            : null,
        ReceivedAt = receipt.At,
        ReceivedAtSource = receipt.Source,
        ExtractedAt = extractedAt,
        PipelineVersion = Pipeline.PipelineVersion.Current,
        Warnings = [.. extraction.Warnings, .. receipt.Warnings],
    };
}

/// <summary>A slice of the extracted text and what it was read from.</summary>
public sealed record DocumentPart(string Name, string MediaType, int Start, int End, string Method);

/// <summary>The headers of an email letter that matter to triage.</summary>
public sealed record EmailHeaders
{
    public string? FromName { get; init; }

    public string? FromAddress { get; init; }

    public string? To { get; init; }

    public string? Subject { get; init; }

    public DateTimeOffset? Date { get; init; }

    public string? MessageId { get; init; }
}

public enum ReceivedAtSource
{
    /// <summary>The newest Received header: when our mail server accepted it.</summary>
    EmailReceivedHeader,

    /// <summary>The Date header, when no Received header could be read.</summary>
    EmailDateHeader,

    /// <summary>Set by whoever uploaded the letter (blob metadata <c>receivedat</c>), e.g. the post-room date.</summary>
    UploadMetadata,

    /// <summary>When the blob was created: the best we know for a scan or a file dropped in.</summary>
    BlobCreated,
}
