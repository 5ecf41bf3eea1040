using System.Globalization;

namespace FoiPipeline.Ocr.Tesseract;

/// <summary>
/// Reads Tesseract's TSV output (the same from the CLI's <c>tsv</c> config and the library's GetTsvText):
/// one row per page, block, paragraph, line and word with its box and confidence. Words become lines;
/// a vertical gap of more than about a line between two lines becomes a blank line, so the paragraph
/// breaks a letter's questions depend on survive OCR.
/// </summary>
public static class TesseractTsv
{
    private const int WordLevel = 5;

    private sealed record Word(int Page, int Block, int Paragraph, int Line, int Left, int Top, int Width, int Height, double Confidence, string Text);

    /// <param name="tsv">Tesseract's TSV text (with or without the header row).</param>
    /// <param name="firstPageNumber">The page number to give Tesseract's first page.</param>
    public static IReadOnlyList<OcrPage> Parse(string tsv, int firstPageNumber = 1)
    {
        var words = new List<Word>();
        var pagesSeen = new SortedSet<int>();
        foreach (var row in tsv.Split('\n'))
        {
            var cells = row.TrimEnd('\r').Split('\t');
            if (cells.Length < 12 || !int.TryParse(cells[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var level))
            {
                continue; // the header row, or a blank one
            }

            var page = Int(cells[1]);
            pagesSeen.Add(page);
            var text = cells[11].Trim();
            if (level != WordLevel || text.Length == 0)
            {
                continue;
            }

            var confidence = double.TryParse(cells[10], NumberStyles.Float, CultureInfo.InvariantCulture, out var c) && c >= 0 ? c / 100 : 0;
            words.Add(new Word(page, Int(cells[2]), Int(cells[3]), Int(cells[4]), Int(cells[6]), Int(cells[7]), Int(cells[8]), Int(cells[9]), confidence, text));
        }

        return [.. pagesSeen.Select(page => Page(page, firstPageNumber + page - pagesSeen.Min, words.Where(w => w.Page == page).ToList()))];
    }

    private static OcrPage Page(int tesseractPage, int pageNumber, List<Word> words)
    {
        var lines = words
            .GroupBy(w => (w.Block, w.Paragraph, w.Line))
            .Select(g => g.ToList())
            .ToList();
        var heights = lines.Select(l => l.Max(w => w.Top + w.Height) - l.Min(w => w.Top)).Order().ToList();
        var typicalHeight = heights.Count == 0 ? 0 : heights[heights.Count / 2];

        var result = new List<OcrLine>();
        int? previousBottom = null;
        foreach (var line in lines)
        {
            var top = line.Min(w => w.Top);
            if (previousBottom is { } bottom && typicalHeight > 0 && top - bottom > typicalHeight * 0.8)
            {
                result.Add(new OcrLine(string.Empty, null));
            }

            result.Add(new OcrLine(string.Join(' ', line.Select(w => w.Text)), line.Average(w => w.Confidence)));
            previousBottom = line.Max(w => w.Top + w.Height);
        }

        return new OcrPage
        {
            PageNumber = pageNumber,
            Lines = result,
            WordCount = words.Count,
            MeanConfidence = words.Count == 0 ? null : words.Average(w => w.Confidence),
        };
    }

    private static int Int(string cell) => int.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
