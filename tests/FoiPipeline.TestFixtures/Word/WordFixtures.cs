using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace FoiPipeline.TestFixtures;

/// <summary>How a numbered list is written in a .docx.</summary>
public enum ListNumbering
{
    /// <summary>Word's own numbering (numbering.xml + w:numPr): the "1." is not in the paragraph text, so a reader must supply it.</summary>
    WordNumbering,

    /// <summary>The number typed into the text ("1. ..."), as people often do.</summary>
    LiteralText,
}

/// <summary>One block of a Word document body.</summary>
public abstract record DocxBlock;

/// <summary>A plain paragraph (one run of text).</summary>
public sealed record DocxParagraph(string Text) : DocxBlock;

/// <summary>Items of a numbered list, numbered from 1 in the given style.</summary>
public sealed record DocxNumberedList(IReadOnlyList<string> Items, ListNumbering Numbering = ListNumbering.WordNumbering) : DocxBlock;

/// <summary>A table with borders; the first row is a header row.</summary>
public sealed record DocxTable(IReadOnlyList<IReadOnlyList<string>> Rows) : DocxBlock;

/// <summary>
/// Word documents with known content, written with DocumentFormat.OpenXml: paragraphs, numbered lists in
/// both styles, tables, header and footer; plus the zips a .docx reader must refuse (a decompression
/// bomb, a zip that is not an Office file).
/// </summary>
public static class WordFixtures
{
    /// <summary>Default uncompressed size of <see cref="ZipBomb"/>'s word/document.xml: just over 1 GiB.</summary>
    public const long DefaultBombSize = (1L << 30) + (64L << 20);

    private const int NumberingId = 1;

    /// <summary>A .docx with <paramref name="paragraphs"/>, then an optional numbered list, then an optional table.</summary>
    /// <param name="paragraphs">Body paragraphs, in order.</param>
    /// <param name="numberedItems">Items of a numbered list after the paragraphs.</param>
    /// <param name="tableRows">Rows of a table after the list (first row is the header).</param>
    /// <param name="numbering">How the list is numbered.</param>
    /// <param name="header">Text of the page header, if any.</param>
    /// <param name="footer">Text of the page footer, if any.</param>
    public static byte[] Docx(
        IReadOnlyList<string> paragraphs,
        IReadOnlyList<string>? numberedItems = null,
        IReadOnlyList<IReadOnlyList<string>>? tableRows = null,
        ListNumbering numbering = ListNumbering.WordNumbering,
        string? header = null,
        string? footer = null)
    {
        ArgumentNullException.ThrowIfNull(paragraphs);
        var blocks = new List<DocxBlock>(paragraphs.Select(text => new DocxParagraph(text)));
        if (numberedItems is { Count: > 0 })
        {
            blocks.Add(new DocxNumberedList(numberedItems, numbering));
        }

        if (tableRows is { Count: > 0 })
        {
            blocks.Add(new DocxTable(tableRows));
        }

        return Docx(blocks, header, footer);
    }

    /// <summary>A .docx whose body is <paramref name="blocks"/> in order, with an optional header and footer.</summary>
    public static byte[] Docx(IReadOnlyList<DocxBlock> blocks, string? header = null, string? footer = null, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body();
            main.Document = new Document(body);
            if (blocks.OfType<DocxNumberedList>().Any(list => list.Numbering == ListNumbering.WordNumbering))
            {
                AddNumberingDefinitions(main);
            }

            foreach (var block in blocks)
            {
                switch (block)
                {
                    case DocxParagraph paragraph:
                        body.Append(TextParagraph(paragraph.Text));
                        break;
                    case DocxNumberedList list:
                        AppendList(body, list);
                        break;
                    case DocxTable table:
                        body.Append(Table(table.Rows));
                        break;
                    default:
                        throw new ArgumentException($"Unknown block {block?.GetType().Name ?? "null"}.", nameof(blocks));
                }
            }

            var section = new SectionProperties();
            if (header is not null)
            {
                var part = main.AddNewPart<HeaderPart>();
                part.Header = new Header(TextParagraph(header));
                section.Append(new HeaderReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(part) });
            }

            if (footer is not null)
            {
                var part = main.AddNewPart<FooterPart>();
                part.Footer = new Footer(TextParagraph(footer));
                section.Append(new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(part) });
            }

            // A4 in twentieths of a point, one-inch margins.
            section.Append(new PageSize { Width = 11906U, Height = 16838U });
            section.Append(new PageMargin { Top = 1440, Bottom = 1440, Left = 1440U, Right = 1440U, Header = 720U, Footer = 720U, Gutter = 0U });
            body.Append(section);

            document.PackageProperties.Creator = "FoiPipeline.TestFixtures";
            document.PackageProperties.Title = title;
        }

        return stream.ToArray();
    }

    /// <summary>
    /// A letter as a .docx: heading, salutation and introduction as paragraphs, the questions as a numbered
    /// list (Word numbering or typed numbers), then the closing; the subject in the header and a page footer.
    /// </summary>
    public static byte[] Letter(Letter letter, ListNumbering numbering = ListNumbering.WordNumbering, IReadOnlyList<IReadOnlyList<string>>? tableRows = null)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var blocks = new List<DocxBlock>();
        blocks.AddRange(((IEnumerable<string>)[.. letter.Heading, letter.Salutation, .. letter.Introduction]).Select(text => new DocxParagraph(text)));
        blocks.Add(new DocxNumberedList(letter.Questions, numbering));
        if (tableRows is { Count: > 0 })
        {
            blocks.Add(new DocxTable(tableRows));
        }

        blocks.AddRange(((IEnumerable<string>)[.. letter.Closing, letter.SignOff, letter.RequesterName, letter.RequesterEmail]).Select(text => new DocxParagraph(text)));
        return Docx(blocks, header: letter.Subject, footer: "Freedom of Information request", title: letter.Subject);
    }

    /// <summary>
    /// A .docx-shaped zip (content types, relationships, word/document.xml) whose document part inflates
    /// to <paramref name="uncompressedBytes"/> (default just over 1 GiB, at most 4 GiB so no Zip64): one
    /// run of repeated letters streamed through Deflate in chunks, never held in memory. The file is about
    /// 1 MB, since Deflate cannot do better than about 1:1000. The central directory declares the true size.
    /// </summary>
    public static byte[] ZipBomb(long uncompressedBytes = DefaultBombSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(uncompressedBytes, 1024);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(uncompressedBytes, uint.MaxValue - 1);
        var head = Encoding.UTF8.GetBytes(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
            + "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>");
        var tail = Encoding.UTF8.GetBytes("</w:t></w:r></w:p></w:body></w:document>");
        var filler = uncompressedBytes - head.Length - tail.Length;
        if (filler < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(uncompressedBytes), "Too small for the XML around the text.");
        }

        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            AddText(zip, "[Content_Types].xml", ContentTypesXml);
            AddText(zip, "_rels/.rels", PackageRelationshipsXml);
            using var entry = zip.CreateEntry("word/document.xml", CompressionLevel.Optimal).Open();
            entry.Write(head);
            var chunk = new byte[1 << 20];
            Array.Fill(chunk, (byte)'A');
            while (filler > 0)
            {
                var count = (int)Math.Min(chunk.Length, filler);
                entry.Write(chunk, 0, count);
                filler -= count;
            }

            entry.Write(tail);
        }

        return stream.ToArray();
    }

    /// <summary>A valid zip holding a text file and a CSV: not an Office document (no [Content_Types].xml).</summary>
    public static byte[] PlainZip()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            AddText(zip, "readme.txt", "Figures requested under the Freedom of Information Act 2000.\n");
            AddText(zip, "data/arrests.csv", "year,arrests\n2021,12\n2022,9\n2023,15\n");
        }

        return stream.ToArray();
    }

    private const string ContentTypesXml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
        + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
        + "</Types>";

    private const string PackageRelationshipsXml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
        + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
        + "</Relationships>";

    private static void AddText(ZipArchive zip, string name, string text)
    {
        using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        entry.Write(Encoding.UTF8.GetBytes(text));
    }

    private static Paragraph TextParagraph(string text, ParagraphProperties? properties = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var paragraph = new Paragraph();
        if (properties is not null)
        {
            paragraph.Append(properties);
        }

        paragraph.Append(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
        return paragraph;
    }

    private static void AppendList(Body body, DocxNumberedList list)
    {
        for (var i = 0; i < list.Items.Count; i++)
        {
            body.Append(list.Numbering == ListNumbering.WordNumbering
                ? TextParagraph(
                    list.Items[i],
                    new ParagraphProperties(new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = NumberingId })))
                : TextParagraph($"{i + 1}. {list.Items[i]}"));
        }
    }

    /// <summary>One decimal list definition ("1.", "2.", ...) that every Word-numbered list uses.</summary>
    private static void AddNumberingDefinitions(MainDocumentPart main)
    {
        var level = new Level(
            new StartNumberingValue { Val = 1 },
            new NumberingFormat { Val = NumberFormatValues.Decimal },
            new LevelText { Val = "%1." },
            new LevelJustification { Val = LevelJustificationValues.Left },
            new PreviousParagraphProperties(new Indentation { Left = "720", Hanging = "360" }))
        { LevelIndex = 0 };
        var part = main.AddNewPart<NumberingDefinitionsPart>();
        part.Numbering = new Numbering(
            new AbstractNum(level) { AbstractNumberId = 1 },
            new NumberingInstance(new AbstractNumId { Val = 1 }) { NumberID = NumberingId });
    }

    private static Table Table(IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var borders = new TableBorders(
            new TopBorder { Val = BorderValues.Single, Size = 4 },
            new BottomBorder { Val = BorderValues.Single, Size = 4 },
            new LeftBorder { Val = BorderValues.Single, Size = 4 },
            new RightBorder { Val = BorderValues.Single, Size = 4 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 },
            new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 });
        var table = new Table(new TableProperties(borders, new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" }));
        for (var r = 0; r < rows.Count; r++)
        {
            var row = new TableRow();
            if (r == 0)
            {
                row.Append(new TableRowProperties(new TableHeader()));
            }

            foreach (var cell in rows[r])
            {
                row.Append(new TableCell(TextParagraph(cell)));
            }

            table.Append(row);
        }

        return table;
    }
}
