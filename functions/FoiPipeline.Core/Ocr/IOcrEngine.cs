namespace FoiPipeline.Ocr;

/// <summary>What an OCR engine is given: one image (a page, or a multi-page TIFF), or a whole PDF for engines that take PDFs.</summary>
public enum OcrInputFormat
{
    Png,
    Jpeg,
    Tiff,
    Bmp,
    Pdf,

    /// <summary>Netpbm (PGM/PPM): uncompressed, what poppler renders fastest. Tesseract reads it; Document Intelligence does not.</summary>
    Pnm,
}

/// <summary>
/// What to recognise: bytes in memory, or a file on disk (<paramref name="Path"/>, with <paramref name="Content"/>
/// empty) so that a large rendered page need never be copied into this process. <paramref name="FirstPageNumber"/>
/// numbers the result's pages (a page image cut from page 7 of a PDF is page 7).
/// </summary>
public sealed record OcrInput(ReadOnlyMemory<byte> Content, OcrInputFormat Format, int FirstPageNumber = 1, string? Path = null)
{
    public static OcrInput FromFile(string path, OcrInputFormat format, int firstPageNumber = 1) => new(ReadOnlyMemory<byte>.Empty, format, firstPageNumber, path);

    /// <summary>The bytes, read from <see cref="Path"/> when the input is a file.</summary>
    public async Task<ReadOnlyMemory<byte>> ReadAsync(CancellationToken cancellationToken)
        => Path is null ? Content : await File.ReadAllBytesAsync(Path, cancellationToken);
}

/// <summary>One recognised line. Confidence is 0..1 (the mean of its words'), null when the engine gives none.</summary>
public sealed record OcrLine(string Text, double? Confidence, bool Handwritten = false);

/// <summary>One recognised page: its lines in reading order, the mean word confidence, and whether any of it looked handwritten.</summary>
public sealed record OcrPage
{
    public required int PageNumber { get; init; }

    public required IReadOnlyList<OcrLine> Lines { get; init; }

    /// <summary>Mean word confidence on the page, 0..1; null when the page has no words.</summary>
    public double? MeanConfidence { get; init; }

    public int WordCount { get; init; }

    public bool HasHandwriting { get; init; }

    /// <summary>The page's text: its lines joined with "\n".</summary>
    public string Text => string.Join('\n', Lines.Select(l => l.Text));
}

/// <summary>The pages an engine recognised, in order, and which engine it was (the part's <c>method</c>).</summary>
public sealed record OcrResult(IReadOnlyList<OcrPage> Pages, string Method);

/// <summary>
/// Reads text from images. Two implementations: Tesseract on this machine (the embedded default) and Azure
/// AI Document Intelligence. Both return the same shape, so the rest of the pipeline does not care which ran.
/// </summary>
public interface IOcrEngine
{
    /// <summary>The <c>method</c> recorded on each part this engine read: <c>ocr-local</c> or <c>ocr-azure</c>.</summary>
    string Method { get; }

    /// <summary>Whether <see cref="RecognizeAsync"/> accepts <see cref="OcrInputFormat.Pdf"/> directly.</summary>
    bool AcceptsPdf { get; }

    /// <summary>
    /// The format scanned PDF pages should be rendered to for this engine: <see cref="OcrInputFormat.Pnm"/> for
    /// Tesseract (rendering a noisy 300 dpi page as PNG took poppler 8.5 s, as PGM 0.3 s), a compressed format for
    /// a service that the page must be uploaded to.
    /// </summary>
    OcrInputFormat PageFormat { get; }

    /// <exception cref="OcrException">The engine could not read the input; <see cref="OcrException.IsTransient"/> says whether trying later may help.</exception>
    Task<OcrResult> RecognizeAsync(OcrInput input, CancellationToken cancellationToken);
}

/// <summary>
/// OCR failed. Transient failures (throttling that outlasted the retries, the service unreachable, a timeout)
/// are worth retrying later and fail the stage so the host retries; permanent ones (the input is not an image
/// the engine can read) quarantine the letter with this message as the reason.
/// </summary>
public sealed class OcrException : Exception
{
    public OcrException(string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        IsTransient = isTransient;
    }

    public bool IsTransient { get; }

    /// <summary>The service was throttling (429, or 503 busy): a reason to slow down, not a fault of the letter.</summary>
    public bool IsThrottled { get; init; }

    /// <summary>When <see cref="IsThrottled"/>, the wait the service asked for, if it said.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
