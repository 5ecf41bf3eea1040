namespace FoiPipeline.TestFixtures;

/// <summary>
/// Breaks text into lines that fit the page width in Helvetica, and lines into pages. Breaks only at
/// spaces, never after a hyphen (a word wider than the line is split), so the words of the text survive
/// in order and a whitespace-normalised comparison with what a reader extracts is fair.
/// </summary>
internal static class TextLayout
{
    /// <summary>The text's lines, each fitting <see cref="PdfTextOptions.TextWidth"/>; "\n" in the text is a hard break, an empty line stays empty.</summary>
    public static List<string> Wrap(string text, PdfTextOptions options)
    {
        var lines = new List<string>();
        var normalised = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Replace("\t", "    ", StringComparison.Ordinal);
        foreach (var hardLine in normalised.Split('\n'))
        {
            WrapLine(hardLine.TrimEnd(), options, lines);
        }

        return lines;
    }

    /// <summary>Splits wrapped lines into pages, dropping blank lines that would start a page.</summary>
    public static List<List<string>> Paginate(List<string> lines, PdfTextOptions options)
    {
        var pages = new List<List<string>>();
        var current = new List<string>();
        foreach (var line in lines)
        {
            if (current.Count == options.LinesPerPage)
            {
                pages.Add(current);
                current = [];
            }

            if (current.Count == 0 && line.Length == 0 && pages.Count > 0)
            {
                continue;
            }

            current.Add(line);
        }

        while (current.Count > 0 && current[^1].Length == 0)
        {
            current.RemoveAt(current.Count - 1);
        }

        if (current.Count > 0 || pages.Count == 0)
        {
            pages.Add(current);
        }

        return pages;
    }

    private static void WrapLine(string line, PdfTextOptions options, List<string> lines)
    {
        var width = options.TextWidth;
        var size = options.FontSize;
        if (WinAnsi.TextWidth(line, size) <= width)
        {
            lines.Add(line);
            return;
        }

        // Keep any indentation on the first line only; continuation lines start at the margin.
        var indent = line.Length - line.TrimStart(' ').Length;
        var current = line[..indent];
        var currentHasWord = false;
        foreach (var word in BreakableUnits(line[indent..]))
        {
            var candidate = currentHasWord ? current + " " + word : current + word;
            if (WinAnsi.TextWidth(candidate, size) <= width)
            {
                current = candidate;
                currentHasWord = true;
                continue;
            }

            if (currentHasWord)
            {
                lines.Add(current);
            }

            current = word;
            while (WinAnsi.TextWidth(current, size) > width)
            {
                var fits = LongestFittingPrefix(current, size, width);
                lines.Add(current[..fits]);
                current = current[fits..];
            }

            currentHasWord = true;
        }

        lines.Add(current);
    }

    /// <summary>
    /// The line's words, except that a word ending in a hyphen stays with the next one ("pre- and", "2021 - 2025"):
    /// pdftotext joins a line that ends in a hyphen to the next and drops the hyphen, which would change the text.
    /// </summary>
    private static IEnumerable<string> BreakableUnits(string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < words.Length; i++)
        {
            var unit = words[i];
            while (unit.EndsWith('-') && i + 1 < words.Length)
            {
                unit += " " + words[++i];
            }

            yield return unit;
        }
    }

    private static int LongestFittingPrefix(string word, double size, double width)
    {
        var length = 1;
        while (length < word.Length && WinAnsi.TextWidth(word.AsSpan(0, length + 1), size) <= width)
        {
            length++;
        }

        return length;
    }
}
