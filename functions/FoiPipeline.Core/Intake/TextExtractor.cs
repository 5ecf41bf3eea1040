using System.Text;
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

    public EmailMessage? Email { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>Why a document could not be read, with a code for machines and a sentence for people.</summary>
public sealed record ExtractionFailure(QuarantineCode Code, DocumentKind Kind, string Reason, string Hint);

/// <summary>
/// Reads text out of a document's bytes. Pure: no I/O, so it is the same for the ingest stage and
/// <c>foi analyze FILE</c>. Kinds this build cannot read yet fail with a reason rather than guess.
/// </summary>
public sealed class TextExtractor
{
    public static bool TryExtract(ReadOnlySpan<byte> content, out Extraction? extraction, out ExtractionFailure? failure)
    {
        extraction = null;
        failure = null;
        var kind = ContentSniffer.Sniff(content);
        switch (kind)
        {
            case DocumentKind.Empty:
                failure = new(QuarantineCode.Empty, kind, "The file is empty (0 bytes).", "Check the scanner or mail rule that produced it and send the letter again.");
                return false;

            case DocumentKind.PlainText:
                var decoded = TextDecoding.Decode(content);
                if (string.IsNullOrWhiteSpace(decoded.Text))
                {
                    failure = new(QuarantineCode.NoText, kind, "The file holds only whitespace.", "Check the source and send the letter again.");
                    return false;
                }

                extraction = new Extraction
                {
                    Kind = kind,
                    Method = "text",
                    Text = decoded.Text,
                    Encoding = decoded.EncodingName,
                    Parts = [new DocumentPart("body", "text/plain", 0, decoded.Text.Length, "text")],
                };
                return true;

            case DocumentKind.Email:
                return TryExtractEmail(content, out extraction, out failure);

            default:
                failure = new(
                    QuarantineCode.UnsupportedFormat,
                    kind,
                    $"The file is {Describe(kind)}, which this build of FoiPipeline cannot read yet.",
                    "Save the letter as plain text or .eml, or wait for PDF, image and Word support, then replay it from quarantine.");
                return false;
        }
    }

    private static bool TryExtractEmail(ReadOnlySpan<byte> content, out Extraction? extraction, out ExtractionFailure? failure)
    {
        extraction = null;
        failure = null;
        EmailMessage email;
        try
        {
            email = EmailReader.Read(content);
        }
        catch (Exception ex) when (ex is EmailFormatException or FormatException or DecoderFallbackException)
        {
            failure = new(QuarantineCode.MalformedEmail, DocumentKind.Email, $"The email cannot be read: {ex.Message}", "Open it in a mail client; if it reads there, save it again as .eml and replay it.");
            return false;
        }

        if (string.IsNullOrWhiteSpace(email.Body))
        {
            failure = new(QuarantineCode.NoText, DocumentKind.Email, "The email's body is empty.", "If the request is in an attachment, forward the attachment as its own file.");
            return false;
        }

        var warnings = new List<string>();
        if (email.BodyMediaType == "text/html")
        {
            warnings.Add("The email had no plain-text body; its HTML body was turned into text.");
        }

        extraction = new Extraction
        {
            Kind = DocumentKind.Email,
            Method = "mime",
            Text = email.Body,
            Encoding = email.BodyCharset,
            Parts = [new DocumentPart("body", email.BodyMediaType, 0, email.Body.Length, "mime")],
            Email = email,
            Warnings = warnings,
        };
        return true;
    }

    private static string Describe(DocumentKind kind) => kind switch
    {
        DocumentKind.Pdf => "a PDF",
        DocumentKind.Png or DocumentKind.Jpeg or DocumentKind.Tiff or DocumentKind.Gif or DocumentKind.Bmp => $"a {kind.ToString().ToUpperInvariant()} image (a scan or photo)",
        DocumentKind.Zip => "a ZIP container (a Word .docx or another Office file, or an archive)",
        DocumentKind.OleCompound => "a legacy Office file or Outlook .msg",
        DocumentKind.Rtf => "an RTF document",
        DocumentKind.Html => "an HTML page",
        _ => "binary data of no known kind",
    };
}
