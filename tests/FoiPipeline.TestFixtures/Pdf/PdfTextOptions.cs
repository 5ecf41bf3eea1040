namespace FoiPipeline.TestFixtures;

/// <summary>
/// How text pages are laid out: page size, margins and type size. The defaults are an A4 letter in
/// 11 pt Helvetica with 1-inch margins, like most letters a disclosure team receives.
/// </summary>
public sealed record PdfTextOptions
{
    /// <summary>A4 width in points (210 mm).</summary>
    public const double A4Width = 595.28;

    /// <summary>A4 height in points (297 mm).</summary>
    public const double A4Height = 841.89;

    /// <summary>The defaults: A4, 11 pt, 72 pt margins.</summary>
    public static PdfTextOptions Default { get; } = new();

    public double PageWidth { get; init; } = A4Width;

    public double PageHeight { get; init; } = A4Height;

    /// <summary>Margin on every side, in points.</summary>
    public double Margin { get; init; } = 72;

    public double FontSize { get; init; } = 11;

    /// <summary>Baseline-to-baseline distance as a multiple of <see cref="FontSize"/>.</summary>
    public double LineSpacing { get; init; } = 1.3;

    /// <summary>Document title written to the PDF's Info dictionary, if any.</summary>
    public string? Title { get; init; }

    internal double Leading => FontSize * LineSpacing;

    internal double TextWidth => PageWidth - (2 * Margin);

    /// <summary>How many lines fit between the top and bottom margins.</summary>
    internal int LinesPerPage => Math.Max(1, (int)Math.Floor(((PageHeight - (2 * Margin) - FontSize) / Leading) + 1));

    internal void Validate()
    {
        if (PageWidth <= 0 || PageHeight <= 0 || FontSize <= 0 || LineSpacing <= 0 || Margin < 0 || TextWidth < FontSize * 2)
        {
            throw new ArgumentException("The page is too small for its margins and font size.");
        }
    }
}

/// <summary>One page of a <see cref="PdfFixtures.MixedPdf"/>: either a text layer or a scanned image.</summary>
public abstract record PdfPageContent;

/// <summary>A page whose content is real text in Helvetica (one string, wrapped to the page; "\n" starts a line).</summary>
public sealed record TextPage(string Text) : PdfPageContent;

/// <summary>A page that is only an image, as a scanner makes it: no text layer, so a reader has to OCR it.</summary>
public sealed record ImagePage(GrayImage Image) : PdfPageContent;
