using System.Buffers;
using System.Globalization;
using System.Text;

namespace FoiPipeline.TestFixtures;

/// <summary>
/// PDFs whose content is known: text-layer letters, scanned-looking image-only files, a mix of both,
/// and the hostile or broken files a reader must survive (thousands of pages, a password, a cut-off
/// file, garbage). Written by our own small PDF 1.4 writer; the text uses base-14 Helvetica with
/// WinAnsiEncoding, so nothing is embedded and £, é and curly quotes come back from pdftotext.
/// </summary>
public static class PdfFixtures
{
    /// <summary>The user password of <see cref="PasswordProtected"/> (needed to open it).</summary>
    public const string UserPassword = "user-pw";

    /// <summary>The owner password of <see cref="PasswordProtected"/>.</summary>
    public const string OwnerPassword = "owner-pw";

    /// <summary>
    /// The text of <see cref="PasswordProtected"/>: the file was made once from <c>TextPdf([PasswordProtectedText])</c>
    /// with <c>qpdf --encrypt user-pw owner-pw 256</c> and ships as a resource, because qpdf is not on CI machines.
    /// </summary>
    public const string PasswordProtectedText =
        "Freedom of Information request\n\nDear FOI Officer,\n\n"
        + "Please tell me how many Taser devices your force held on 1 April 2026, and how much was spent on "
        + "Taser cartridges in the financial year 2025/26 (in £).\n\nYours faithfully,\n\nJosé O’Neill";

    private const string FontResourceName = "F1";

    /// <summary>
    /// A PDF with one page per entry of <paramref name="pages"/>, each page's text drawn in Helvetica and
    /// wrapped to the page width. "\n" starts a new line and an empty line leaves a gap, so "\n\n" separates paragraphs.
    /// </summary>
    /// <exception cref="ArgumentException">A page's text does not fit on one page, or has a character WinAnsiEncoding cannot show.</exception>
    public static byte[] TextPdf(IReadOnlyList<string> pages, PdfTextOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pages);
        return MixedPdf([.. pages.Select(text => new TextPage(text))], options);
    }

    /// <summary>A PDF of <paramref name="text"/> flowed over as many pages as it needs (see <see cref="Paginate"/>).</summary>
    public static byte[] FlowingTextPdf(string text, PdfTextOptions? options = null)
        => TextPdf(Paginate(text, options), options);

    /// <summary>
    /// Splits <paramref name="text"/> into page texts that each fit one page of <see cref="TextPdf"/>, with lines
    /// already wrapped as they will be drawn: so a test knows the expected text of every page.
    /// </summary>
    public static IReadOnlyList<string> Paginate(string text, PdfTextOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= PdfTextOptions.Default;
        options.Validate();
        var pages = TextLayout.Paginate(TextLayout.Wrap(text, options), options);
        return [.. pages.Select(lines => string.Join('\n', lines))];
    }

    /// <summary>
    /// A scanned-looking PDF with no text layer: each page is one 8-bit DeviceGray image (Flate-compressed)
    /// drawn over the whole page, and the page is as large as the image at its <see cref="GrayImage.Dpi"/>.
    /// </summary>
    public static byte[] ImagePdf(IReadOnlyList<GrayImage> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        return MixedPdf([.. pages.Select(image => new ImagePage(image))]);
    }

    /// <summary>A PDF mixing text-layer pages and image-only pages, so a reader has to decide per page whether to OCR.</summary>
    public static byte[] MixedPdf(IReadOnlyList<PdfPageContent> pages, PdfTextOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pages);
        if (pages.Count == 0)
        {
            throw new ArgumentException("A PDF needs at least one page.", nameof(pages));
        }

        options ??= PdfTextOptions.Default;
        options.Validate();
        var writer = new PdfObjectWriter();
        var catalog = writer.Reserve();
        var pageTree = writer.Reserve();
        var font = pages.Any(page => page is TextPage) ? writer.Reserve() : 0;
        var pageNumbers = new List<int>();
        foreach (var page in pages)
        {
            var number = writer.Reserve();
            pageNumbers.Add(number);
            switch (page)
            {
                case TextPage text:
                    WriteTextPage(writer, number, pageTree, font, text.Text, options);
                    break;
                case ImagePage image:
                    WriteImagePage(writer, number, pageTree, image.Image);
                    break;
                default:
                    throw new ArgumentException($"Unknown page kind {page?.GetType().Name ?? "null"}.", nameof(pages));
            }
        }

        if (font != 0)
        {
            writer.WriteObject(font, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
        }

        writer.WriteObject(pageTree, $"<< /Type /Pages /Kids [{References(pageNumbers)}] /Count {pageNumbers.Count} >>");
        writer.WriteObject(catalog, $"<< /Type /Catalog /Pages {pageTree} 0 R >>");
        var info = writer.Reserve();
        writer.WriteObject(info, InfoDictionary(options.Title));
        return writer.Finish(catalog, info);
    }

    /// <summary>
    /// A small file with <paramref name="count"/> pages that all share one content stream and one resource
    /// dictionary (about 90 bytes a page): a "PDF bomb" for page-count limits. Page size is A4 unless given;
    /// a huge page (PDF 1.4 allows up to 14,400 pt) makes a rendering bomb instead.
    /// </summary>
    public static byte[] ManyPages(int count, string text = "This page is intentionally blank.", double pageWidth = PdfTextOptions.A4Width, double pageHeight = PdfTextOptions.A4Height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentNullException.ThrowIfNull(text);
        var writer = new PdfObjectWriter();
        var catalog = writer.Reserve();
        var pageTree = writer.Reserve();
        var font = writer.Reserve();
        var resources = writer.Reserve();
        var content = writer.Reserve();
        var pageNumbers = new List<int>(count);
        for (var i = 0; i < count; i++)
        {
            var page = writer.Reserve();
            pageNumbers.Add(page);

            // MediaBox and Resources are inherited from the page tree, so each page is only these few bytes.
            writer.WriteObject(page, $"<< /Type /Page /Parent {pageTree} 0 R /Contents {content} 0 R >>");
        }

        writer.WriteObject(font, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
        writer.WriteObject(resources, $"<< /Font << /{FontResourceName} {font} 0 R >> >>");
        var lines = new ContentBuilder();
        lines.Append(Invariant($"BT /{FontResourceName} 11 Tf 72 {pageHeight - 83} Td "));
        lines.AppendString(text);
        lines.Append(" Tj ET");
        writer.WriteStream(content, string.Empty, lines.ToArray());
        writer.WriteObject(
            pageTree,
            Invariant($"<< /Type /Pages /Kids [{References(pageNumbers)}] /Count {count} /MediaBox [0 0 {pageWidth:0.##} {pageHeight:0.##}] /Resources {resources} 0 R >>"));
        writer.WriteObject(catalog, $"<< /Type /Catalog /Pages {pageTree} 0 R >>");
        return writer.Finish(catalog);
    }

    /// <summary>
    /// An AES-256 encrypted PDF (qpdf, /R 6) that needs <see cref="UserPassword"/> to open; its text is
    /// <see cref="PasswordProtectedText"/>. Shipped as a resource because it was made once with qpdf.
    /// </summary>
    public static byte[] PasswordProtected() => FixtureResources.Read("password-protected.pdf");

    /// <summary>A valid text PDF cut off half way: no cross-reference table, no trailer, an unfinished object.</summary>
    public static byte[] Truncated()
    {
        var whole = TextPdf([PasswordProtectedText]);
        return whole[..(whole.Length / 2)];
    }

    /// <summary>A PDF header followed by 4 KB of fixed pseudo-random garbage: looks like a PDF, is not one.</summary>
    public static byte[] Corrupt()
    {
        var header = Encoding.ASCII.GetBytes("%PDF-1.4\n");
        var garbage = new byte[4096];
        new Random(1234).NextBytes(garbage);
        return [.. header, .. garbage];
    }

    private static void WriteTextPage(PdfObjectWriter writer, int page, int pageTree, int font, string text, PdfTextOptions options)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = TextLayout.Wrap(text, options);
        if (lines.Count > options.LinesPerPage)
        {
            throw new ArgumentException(
                $"A page's text needs {lines.Count} lines but only {options.LinesPerPage} fit; split it with {nameof(Paginate)} or use {nameof(FlowingTextPdf)}.",
                nameof(text));
        }

        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        var content = new ContentBuilder();
        var top = options.PageHeight - options.Margin - options.FontSize;
        content.Append(Invariant($"BT\n/{FontResourceName} {options.FontSize:0.##} Tf\n{options.Leading:0.###} TL\n{options.Margin:0.##} {top:0.##} Td\n"));
        for (var i = 0; i < lines.Count; i++)
        {
            if (i > 0)
            {
                content.Append("T*\n");
            }

            if (lines[i].Length > 0)
            {
                content.AppendString(lines[i]);
                content.Append(" Tj\n");
            }
        }

        content.Append("ET\n");
        var contentNumber = writer.Reserve();
        writer.WriteStream(contentNumber, string.Empty, content.ToArray());
        writer.WriteObject(
            page,
            Invariant($"<< /Type /Page /Parent {pageTree} 0 R /MediaBox [0 0 {options.PageWidth:0.##} {options.PageHeight:0.##}] /Resources << /Font << /{FontResourceName} {font} 0 R >> >> /Contents {contentNumber} 0 R >>"));
    }

    /// <summary>
    /// A scanned PDF as an office scanner writes it: each page one JPEG (DCTDecode), so a page is a few hundred
    /// KB rather than the several MB of <see cref="ImagePdf"/>'s lossless pages. For realistic sizes in benchmarks.
    /// </summary>
    public static async Task<byte[]> JpegImagePdfAsync(IReadOnlyList<GrayImage> pages, int quality = 75, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pages);
        var jpegs = new List<byte[]>(pages.Count);
        foreach (var page in pages)
        {
            jpegs.Add(await ImageFiles.JpegAsync(page, quality, cancellationToken));
        }

        var writer = new PdfObjectWriter();
        var catalog = writer.Reserve();
        var pageTree = writer.Reserve();
        var pageNumbers = pages.Select(_ => writer.Reserve()).ToList();
        for (var i = 0; i < pages.Count; i++)
        {
            var image = pages[i];
            var width = image.Width * 72.0 / image.Dpi;
            var height = image.Height * 72.0 / image.Dpi;
            var colorSpace = JpegComponents(jpegs[i]) == 1 ? "/DeviceGray" : "/DeviceRGB";
            var imageNumber = writer.Reserve();
            writer.WriteStream(
                imageNumber,
                Invariant($"/Type /XObject /Subtype /Image /Width {image.Width} /Height {image.Height} /ColorSpace {colorSpace} /BitsPerComponent 8 /Filter /DCTDecode"),
                jpegs[i]);
            var contentNumber = writer.Reserve();
            writer.WriteStream(contentNumber, string.Empty, System.Text.Encoding.ASCII.GetBytes(Invariant($"q {width:0.####} 0 0 {height:0.####} 0 0 cm /Im0 Do Q\n")));
            writer.WriteObject(
                pageNumbers[i],
                Invariant($"<< /Type /Page /Parent {pageTree} 0 R /MediaBox [0 0 {width:0.####} {height:0.####}] /Resources << /XObject << /Im0 {imageNumber} 0 R >> >> /Contents {contentNumber} 0 R >>"));
        }

        writer.WriteObject(pageTree, Invariant($"<< /Type /Pages /Kids [{string.Join(' ', pageNumbers.Select(n => Invariant($"{n} 0 R")))}] /Count {pages.Count} >>"));
        writer.WriteObject(catalog, Invariant($"<< /Type /Catalog /Pages {pageTree} 0 R >>"));
        return writer.Finish(catalog, null);
    }

    // The number of colour components in a JPEG's start-of-frame segment (pdftoppm writes three for grey pages).
    private static int JpegComponents(byte[] jpeg)
    {
        for (var i = 2; i + 9 < jpeg.Length; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] is >= 0xC0 and <= 0xC3)
            {
                return jpeg[i + 9];
            }
        }

        return 3;
    }

    private static void WriteImagePage(PdfObjectWriter writer, int page, int pageTree, GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var width = image.Width * 72.0 / image.Dpi;
        var height = image.Height * 72.0 / image.Dpi;
        var imageNumber = writer.Reserve();
        writer.WriteStream(
            imageNumber,
            Invariant($"/Type /XObject /Subtype /Image /Width {image.Width} /Height {image.Height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode"),
            Zlib.Compress(image.Pixels));
        var content = new ContentBuilder();
        content.Append(Invariant($"q {width:0.####} 0 0 {height:0.####} 0 0 cm /Im0 Do Q\n"));
        var contentNumber = writer.Reserve();
        writer.WriteStream(contentNumber, string.Empty, content.ToArray());
        writer.WriteObject(
            page,
            Invariant($"<< /Type /Page /Parent {pageTree} 0 R /MediaBox [0 0 {width:0.####} {height:0.####}] /Resources << /XObject << /Im0 {imageNumber} 0 R >> >> /Contents {contentNumber} 0 R >>"));
    }

    private static string InfoDictionary(string? title)
    {
        var info = new ContentBuilder();
        info.Append("<< /Producer ");
        info.AppendString("FoiPipeline.TestFixtures");
        if (title is not null)
        {
            info.Append(" /Title ");
            info.AppendString(title);
        }

        info.Append(" >>");
        return Encoding.Latin1.GetString(info.ToArray());
    }

    private static string References(IEnumerable<int> numbers) => string.Join(' ', numbers.Select(n => Invariant($"{n} 0 R")));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Accumulates content-stream bytes; strings go in as escaped WinAnsi literals.</summary>
    private sealed class ContentBuilder
    {
        private readonly ArrayBufferWriter<byte> _bytes = new();

        public void Append(string ascii) => _bytes.Write(Encoding.ASCII.GetBytes(ascii));

        /// <summary>Writes a literal string: ( ) and \ escaped, bytes outside printable ASCII as octal escapes.</summary>
        public void AppendString(string text)
        {
            _bytes.Write("("u8);
            foreach (var code in WinAnsi.Encode(text))
            {
                if (code is (byte)'(' or (byte)')' or (byte)'\\')
                {
                    _bytes.Write("\\"u8);
                    _bytes.Write([code]);
                }
                else if (code is < 0x20 or > 0x7E)
                {
                    Append("\\" + Convert.ToString(code, 8).PadLeft(3, '0'));
                }
                else
                {
                    _bytes.Write([code]);
                }
            }

            _bytes.Write(")"u8);
        }

        public byte[] ToArray() => _bytes.WrittenSpan.ToArray();
    }
}
