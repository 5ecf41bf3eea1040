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

    /// <summary>How the text was obtained, when one way was used for all of it (<c>text</c>, <c>mime</c>, <c>html</c>, <c>docx</c>, <c>text-layer</c>, <c>ocr-local</c>, <c>ocr-azure</c>); <c>mixed</c> otherwise, with each part saying its own.</summary>
    public required string Method { get; init; }

    public string? Encoding { get; init; }

    public required string Text { get; init; }

    /// <summary>The pieces <see cref="Text"/> is made of, in order: an email's body and each attachment, a PDF's pages.</summary>
    public IReadOnlyList<DocumentPart> Parts { get; init; } = [];

    /// <summary>Spans of <see cref="Text"/> that are kept but are not the request: quoted earlier mail, disclaimers.</summary>
    public IReadOnlyList<TextMark> Marks { get; init; } = [];

    /// <summary>The mean OCR confidence (0..1) over the text that was OCR'd, weighted by its length; null when nothing was.</summary>
    public double? OcrConfidence { get; init; }

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
        Marks = extraction.Marks,
        OcrConfidence = extraction.OcrConfidence,
        Email = extraction.Email is { } email
            ? new EmailHeaders
            {
                FromName = email.From?.Name,
                FromAddress = email.From?.Address,
                To = email.To,
                Subject = email.Subject,
                Date = email.Date,
                MessageId = Intake.Email.MessageIds.First(email.MessageId),
                InReplyTo = Intake.Email.MessageIds.Parse(email.Headers["In-Reply-To"]),
                References = Intake.Email.MessageIds.Parse(email.Headers["References"]),
                Automated = Intake.Email.AutomatedMailRecognizer.Recognise(email),
            }
            : null,
        ReceivedAt = receipt.At,
        ReceivedAtSource = receipt.Source,
        ExtractedAt = extractedAt,
        PipelineVersion = Pipeline.PipelineVersion.Current,
        Warnings = [.. extraction.Warnings, .. receipt.Warnings],
    };
}

/// <summary>
/// A slice of the extracted text and what it was read from: "body", "page 3", "attachment letter.pdf, page 2".
/// <see cref="Confidence"/> is the mean OCR word confidence (0..1) where the slice was OCR'd, so a reviewer
/// can see when text may be wrong.
/// </summary>
public sealed record DocumentPart
{
    public required string Name { get; init; }

    public required string MediaType { get; init; }

    public required int Start { get; init; }

    public required int End { get; init; }

    public required string Method { get; init; }

    public int? Page { get; init; }

    public double? Confidence { get; init; }

    public bool Handwritten { get; init; }
}

public enum MarkKind
{
    /// <summary>Earlier correspondence quoted in a reply or forward ("On ... wrote:", "> ", "-----Original Message-----").</summary>
    QuotedReply,

    /// <summary>A mail disclaimer or confidentiality footer.</summary>
    Disclaimer,
}

/// <summary>A span of the text that analysis should not treat as the request.</summary>
public sealed record TextMark(MarkKind Kind, int Start, int End);

/// <summary>The headers of an email letter that matter to triage.</summary>
public sealed record EmailHeaders
{
    public string? FromName { get; init; }

    public string? FromAddress { get; init; }

    public string? To { get; init; }

    public string? Subject { get; init; }

    public DateTimeOffset? Date { get; init; }

    /// <summary>The email's own Message-ID, without angle brackets.</summary>
    public string? MessageId { get; init; }

    /// <summary>The Message-IDs this email answers (In-Reply-To), without angle brackets.</summary>
    public IReadOnlyList<string> InReplyTo { get; init; } = [];

    /// <summary>The thread this email belongs to (References), oldest first, without angle brackets.</summary>
    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>Why the email looks machine-sent (an auto-reply, an out-of-office notice, a bounce), from its headers; null for a person's letter.</summary>
    public Intake.Email.AutomatedMail? Automated { get; init; }
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
