using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace FoiPipeline.Intake.Word;

/// <summary>What a ZIP container turned out to be.</summary>
public enum ZipContent
{
    WordDocument,
    SpreadsheetOrPresentation,
    OtherArchive,
}

/// <summary>
/// Reads the text of a Word .docx in reading order: paragraphs, tables (cells joined with " | "), and list
/// numbering as Word would display it ("1.", "a)", "- "), because a request typed as a Word numbered list
/// carries no "1." in its text. Before the document is opened, the archive is checked by actually
/// decompressing it against a byte budget, so a zip bomb is refused whatever its headers claim.
/// </summary>
public static class DocxText
{
    public static ZipContent Classify(Stream zip)
    {
        using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        if (archive.GetEntry("word/document.xml") is not null)
        {
            return ZipContent.WordDocument;
        }

        return archive.GetEntry("xl/workbook.xml") is not null || archive.GetEntry("ppt/presentation.xml") is not null
            ? ZipContent.SpreadsheetOrPresentation
            : ZipContent.OtherArchive;
    }

    /// <summary>
    /// True when every entry decompresses to at most <paramref name="maxBytes"/> in total. The sizes the
    /// archive declares are checked first (cheap); then the entries are really inflated, because a crafted
    /// archive can declare small sizes and still expand without limit.
    /// </summary>
    public static bool FitsExpanded(Stream zip, long maxBytes, int maxEntries)
    {
        using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        if (archive.Entries.Count > maxEntries || archive.Entries.Sum(e => e.Length) > maxBytes)
        {
            return false;
        }

        var total = 0L;
        var buffer = new byte[81920];
        foreach (var entry in archive.Entries)
        {
            using var stream = entry.Open();
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    return false;
                }
            }
        }

        return true;
    }

    public static string ToText(Stream docx)
    {
        using var document = WordprocessingDocument.Open(docx, isEditable: false);
        var main = document.MainDocumentPart ?? throw new InvalidDataException("The Word file has no main document part.");
        var body = main.Document?.Body ?? throw new InvalidDataException("The Word file has no document body.");
        var numbering = new ListNumbering(main);
        var text = new StringBuilder();
        foreach (var block in body.ChildElements)
        {
            switch (block)
            {
                case Paragraph paragraph:
                    AppendLine(text, numbering.Label(paragraph) + ParagraphText(paragraph));
                    break;
                case Table table:
                    foreach (var row in table.Elements<TableRow>())
                    {
                        AppendLine(text, string.Join(" | ", row.Elements<TableCell>().Select(cell => string.Join(' ', cell.Elements<Paragraph>().Select(ParagraphText)).Trim())));
                    }

                    text.Append('\n');
                    break;
            }
        }

        return text.ToString().Trim('\n');
    }

    private static void AppendLine(StringBuilder text, string line) => text.Append(line.TrimEnd()).Append('\n');

    private static string ParagraphText(Paragraph paragraph)
    {
        var text = new StringBuilder();
        foreach (var run in paragraph.Descendants<Run>())
        {
            if (run.Ancestors<DeletedRun>().Any())
            {
                continue; // tracked deletions are not part of what the sender means
            }

            foreach (var piece in run.ChildElements)
            {
                switch (piece)
                {
                    case Text t:
                        text.Append(t.Text);
                        break;
                    case TabChar:
                        text.Append('\t');
                        break;
                    case Break or CarriageReturn:
                        text.Append('\n');
                        break;
                }
            }
        }

        return text.ToString();
    }

    /// <summary>Word's automatic numbering, replayed: counters per list and level, formats from the numbering part.</summary>
    private sealed class ListNumbering
    {
        private readonly Numbering? _numbering;
        private readonly Styles? _styles;
        private readonly Dictionary<int, int[]> _counters = [];

        public ListNumbering(MainDocumentPart main)
        {
            _numbering = main.NumberingDefinitionsPart?.Numbering;
            _styles = main.StyleDefinitionsPart?.Styles;
        }

        public string Label(Paragraph paragraph)
        {
            var properties = paragraph.ParagraphProperties?.NumberingProperties ?? StyleNumbering(paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value);
            var numId = properties?.NumberingId?.Val?.Value;
            if (numId is null or 0 || _numbering is null)
            {
                return string.Empty;
            }

            var level = Math.Clamp(properties?.NumberingLevelReference?.Val?.Value ?? 0, 0, 8);
            var instance = _numbering.Elements<NumberingInstance>().FirstOrDefault(n => n.NumberID?.Value == numId);
            var abstractId = instance?.AbstractNumId?.Val?.Value;
            var definition = _numbering.Elements<AbstractNum>().FirstOrDefault(a => a.AbstractNumberId?.Value == abstractId);
            if (definition is null)
            {
                return string.Empty;
            }

            var levels = Enumerable.Range(0, 9).Select(i => definition.Elements<Level>().FirstOrDefault(l => l.LevelIndex?.Value == i)).ToArray();
            if (!_counters.TryGetValue(numId.Value, out var counters))
            {
                _counters[numId.Value] = counters = [.. levels.Select(l => (l?.StartNumberingValue?.Val?.Value ?? 1) - 1)];
            }

            counters[level]++;
            for (var deeper = level + 1; deeper < counters.Length; deeper++)
            {
                counters[deeper] = (levels[deeper]?.StartNumberingValue?.Val?.Value ?? 1) - 1;
            }

            var format = levels[level]?.NumberingFormat?.Val?.Value;
            if (format == NumberFormatValues.Bullet)
            {
                return "- ";
            }

            var pattern = levels[level]?.LevelText?.Val?.Value ?? "%1.";
            for (var i = 0; i <= level; i++)
            {
                pattern = pattern.Replace($"%{i + 1}", Format(counters[i], levels[i]?.NumberingFormat?.Val?.Value), StringComparison.Ordinal);
            }

            return pattern + " ";
        }

        private NumberingProperties? StyleNumbering(string? styleId)
        {
            for (var depth = 0; styleId is not null && depth < 10; depth++)
            {
                var style = _styles?.Elements<Style>().FirstOrDefault(s => s.StyleId?.Value == styleId);
                if (style?.StyleParagraphProperties?.NumberingProperties is { } numbering)
                {
                    return numbering;
                }

                styleId = style?.BasedOn?.Val?.Value;
            }

            return null;
        }

        private static string Format(int value, NumberFormatValues? format)
        {
            if (format == NumberFormatValues.LowerLetter)
            {
                return Letters(value).ToLowerInvariant();
            }

            if (format == NumberFormatValues.UpperLetter)
            {
                return Letters(value);
            }

            if (format == NumberFormatValues.LowerRoman)
            {
                return Roman(value).ToLowerInvariant();
            }

            return format == NumberFormatValues.UpperRoman ? Roman(value) : value.ToString(CultureInfo.InvariantCulture);
        }

        private static string Letters(int value) => value < 1 ? "A" : new string((char)('A' + ((value - 1) % 26)), ((value - 1) / 26) + 1);

        private static string Roman(int value)
        {
            (int Value, string Numeral)[] numerals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
            var text = new StringBuilder();
            foreach (var (amount, numeral) in numerals)
            {
                while (value >= amount)
                {
                    text.Append(numeral);
                    value -= amount;
                }
            }

            return text.ToString();
        }
    }
}
