using System.Text;

namespace FoiPipeline.TestFixtures.Fuzzing;

/// <summary>
/// The well-formed letters a fuzz run starts from, made by this project's own generators: emails of every
/// shape the intake tests use (plain, HTML, base64, forwarded, replies, attachments, inline images), text and
/// scanned PDFs, scans as PNG, JPEG, TIFF and BMP, Word, HTML and text. The scans are a few lines cropped
/// from a rendered page, so OCR of a mutated image that still decodes costs a fraction of a second.
/// </summary>
public static class FuzzCorpus
{
    /// <param name="extra">Further seeds, e.g. the sample letters in <c>samples/letters/</c>.</param>
    /// <param name="cancellationToken">Stops the external tools that render the scans.</param>
    public static async Task<IReadOnlyList<FuzzSeed>> CreateAsync(IEnumerable<FuzzSeed>? extra = null, CancellationToken cancellationToken = default)
    {
        var scan = await Scans.CreateAsync(
            "Dear FOI Officer,\n\nPlease tell me how many drones the force owns.\n\n1. How many drones?\n2. What did they cost?",
            dpi: 150,
            seed: 7,
            cancellationToken: cancellationToken);
        var page = scan.Pages[0];
        var lines = page.Crop(0, 0, page.Width, Math.Min(page.Height, 420));
        var smallPng = ImageFiles.Png(lines);
        var jpeg = await ImageFiles.JpegAsync(lines, cancellationToken: cancellationToken);

        var drones = Letters.Drones;
        var taser = Letters.TaserUse;
        var textPdf = PdfFixtures.TextPdf(PdfFixtures.Paginate(Letters.CounterTerrorismArrests.Text));
        var docx = WordFixtures.Letter(Letters.StopAndSearch);
        var seeds = new List<FuzzSeed>
        {
            new("request-qp", FuzzFormat.Email, EmailFixtures.Request(drones)),
            new("request-base64-html", FuzzFormat.Email, EmailFixtures.Request(taser, "windows-1252", MimeTransferEncoding.Base64, html: true)),
            new("forwarded-as-attachment", FuzzFormat.Email, EmailFixtures.ForwardedAsAttachment(Letters.AnprCameras)),
            new("reply-with-history", FuzzFormat.Email, EmailFixtures.ReplyWithQuotedHistory(drones, "Thank you, one more question: how many pilots?")),
            new("with-pdf-attachment", FuzzFormat.Email, EmailFixtures.WithAttachment(Letters.CounterTerrorismArrests, "request.pdf", "application/pdf", textPdf)),
            new("with-docx-attachment", FuzzFormat.Email, EmailFixtures.WithAttachment(Letters.StopAndSearch, "request.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx)),
            new("with-inline-image", FuzzFormat.Email, EmailFixtures.WithInlineImage(taser, smallPng)),
            new("text-pdf", FuzzFormat.Pdf, textPdf),
            new("multi-page-pdf", FuzzFormat.Pdf, PdfFixtures.TextPdf(PdfFixtures.Paginate(Letters.TaserReview.Text))),
            new("scanned-pdf", FuzzFormat.Pdf, PdfFixtures.ImagePdf([lines])),
            new("password-pdf", FuzzFormat.Pdf, PdfFixtures.PasswordProtected()),
            new("scan-png", FuzzFormat.Image, smallPng),
            new("scan-jpeg", FuzzFormat.Image, jpeg),
            new("scan-tiff", FuzzFormat.Image, ImageFiles.MultiPageTiff([lines, lines])),
            new("scan-bmp", FuzzFormat.Image, ImageFiles.Bmp(lines)),
            new("letter-docx", FuzzFormat.Other, docx),
            new("letter-html", FuzzFormat.Other, Encoding.UTF8.GetBytes(EmailFixtures.Html(drones.Paragraphs))),
            new("letter-text", FuzzFormat.Other, Encoding.UTF8.GetBytes(taser.Text)),
        };
        seeds.AddRange(extra ?? []);
        return seeds;
    }

    /// <summary>The <c>.eml</c> and <c>.txt</c> letters in a folder (the repository's <c>samples/letters/</c>), as seeds.</summary>
    public static IEnumerable<FuzzSeed> FromFolder(string folder)
        => Directory.EnumerateFiles(folder)
            .Where(path => path.EndsWith(".eml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(path => new FuzzSeed(
                "sample-" + Path.GetFileNameWithoutExtension(path),
                path.EndsWith(".eml", StringComparison.OrdinalIgnoreCase) ? FuzzFormat.Email : FuzzFormat.Other,
                File.ReadAllBytes(path)));
}
