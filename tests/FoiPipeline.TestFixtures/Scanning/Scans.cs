namespace FoiPipeline.TestFixtures;

/// <summary>
/// A letter "printed and scanned": the text it carries, the degraded page images, and the same pages
/// encoded as every format a scanner or phone might send. Page <c>i</c> of each format shows
/// <see cref="PageTexts"/>[i].
/// </summary>
public sealed record ScannedDocument
{
    /// <summary>The text as given; compare with OCR output after whitespace normalisation (<see cref="TextMetrics"/>).</summary>
    public required string Text { get; init; }

    /// <summary>The text on each page, wrapped as drawn.</summary>
    public required IReadOnlyList<string> PageTexts { get; init; }

    /// <summary>The degraded page images.</summary>
    public required IReadOnlyList<GrayImage> Pages { get; init; }

    /// <summary>One PNG per page.</summary>
    public required IReadOnlyList<byte[]> PngPages { get; init; }

    /// <summary>One JPEG per page (grey content in three equal channels; see <see cref="ImageFiles.JpegAsync"/>).</summary>
    public required IReadOnlyList<byte[]> JpegPages { get; init; }

    /// <summary>All pages in one multi-page TIFF.</summary>
#pragma warning disable CA1819 // File bytes, handed straight to the code under test.
    public required byte[] Tiff { get; init; }

    /// <summary>All pages in an image-only PDF (no text layer), as a scanner's "scan to PDF" makes it.</summary>
    public required byte[] Pdf { get; init; }
#pragma warning restore CA1819

    /// <summary>The first page as PNG.</summary>
    public byte[] Png => PngPages[0];

    /// <summary>The first page as JPEG.</summary>
    public byte[] Jpeg => JpegPages[0];
}

/// <summary>
/// Turns known text into scanned-looking fixtures: lays it out as a text PDF, renders it with pdftoppm,
/// degrades each page with <see cref="ScanEffects"/>, and encodes the pages as PNG, JPEG, TIFF and an
/// image-only PDF. Takes about a second a page at 300 dpi.
/// </summary>
public static class Scans
{
    /// <param name="text">The text to scan; flowed over as many pages as it needs.</param>
    /// <param name="dpi">Scan resolution; 300 is what OCR expects, 150-200 is a cheap scanner or a fax.</param>
    /// <param name="seed">Picks the skew, noise and specks; page <c>i</c> uses <c>seed + i</c>.</param>
    /// <param name="effects">How degraded; <see cref="ScanOptions.Office"/> when null.</param>
    /// <param name="layout">Page layout of the text; A4, 11 pt when null.</param>
    /// <param name="cancellationToken">Stops the external tools.</param>
    public static async Task<ScannedDocument> CreateAsync(
        string text,
        int dpi = 300,
        int seed = 1,
        ScanOptions? effects = null,
        PdfTextOptions? layout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pageTexts = PdfFixtures.Paginate(text, layout);
        var clean = await Raster.RenderAsync(PdfFixtures.TextPdf(pageTexts, layout), dpi, cancellationToken: cancellationToken);
        var pages = clean.Select((page, index) => ScanEffects.Degrade(page, seed + index, effects)).ToList();
        var jpegs = await ImageFiles.JpegPagesAsync(pages, cancellationToken: cancellationToken);
        return new ScannedDocument
        {
            Text = text,
            PageTexts = pageTexts,
            Pages = pages,
            PngPages = [.. pages.Select(ImageFiles.Png)],
            JpegPages = jpegs,
            Tiff = ImageFiles.MultiPageTiff(pages),
            Pdf = PdfFixtures.ImagePdf(pages),
        };
    }

    /// <summary>A scan of <paramref name="letter"/>'s <see cref="Letter.Text"/>.</summary>
    public static Task<ScannedDocument> CreateAsync(Letter letter, int dpi = 300, int seed = 1, ScanOptions? effects = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(letter);
        return CreateAsync(letter.Text, dpi, seed, effects, cancellationToken: cancellationToken);
    }
}
