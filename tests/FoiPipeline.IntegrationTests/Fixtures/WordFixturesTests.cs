using System.IO.Compression;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using FoiPipeline.TestFixtures;

namespace FoiPipeline.IntegrationTests.Fixtures;

public sealed class WordFixturesTests
{
    [Fact]
    public void A_docx_opens_with_OpenXml_and_has_its_paragraphs_list_table_header_and_footer()
    {
        var docx = WordFixtures.Docx(
            ["Dear FOI Officer,", "Please provide:"],
            numberedItems: ["The number of drones.", "The cost in £."],
            tableRows: [["Year", "Flights"], ["2025", "312"]],
            header: "Freedom of Information request",
            footer: "Page footer");

        using var document = WordprocessingDocument.Open(new MemoryStream(docx), isEditable: false);
        var main = document.MainDocumentPart!;
        var body = main.Document.Body!;
        var paragraphs = body.Elements<Paragraph>().Select(paragraph => paragraph.InnerText).ToList();
        Assert.Equal(["Dear FOI Officer,", "Please provide:", "The number of drones.", "The cost in £."], paragraphs);
        var numbered = body.Elements<Paragraph>().Where(paragraph => paragraph.ParagraphProperties?.NumberingProperties is not null).ToList();
        Assert.Equal(2, numbered.Count);
        Assert.NotNull(main.NumberingDefinitionsPart);
        var table = Assert.Single(body.Elements<Table>());
        Assert.Equal([["Year", "Flights"], ["2025", "312"]], table.Elements<TableRow>().Select(row => row.Elements<TableCell>().Select(cell => cell.InnerText).ToArray()).ToArray());
        Assert.Equal("Freedom of Information request", Assert.Single(main.HeaderParts).Header.InnerText);
        Assert.Equal("Page footer", Assert.Single(main.FooterParts).Footer.InnerText);
    }

    [Fact]
    public void A_letter_with_typed_numbers_has_the_numbers_in_the_text_and_no_word_numbering()
    {
        var letter = Letters.StopAndSearch;

        using var document = WordprocessingDocument.Open(new MemoryStream(WordFixtures.Letter(letter, ListNumbering.LiteralText)), isEditable: false);

        var paragraphs = document.MainDocumentPart!.Document.Body!.Elements<Paragraph>().Select(paragraph => paragraph.InnerText).ToList();
        Assert.Equal(letter.Paragraphs, paragraphs);
        Assert.Null(document.MainDocumentPart.NumberingDefinitionsPart);
    }

    [Fact]
    public void A_letter_with_word_numbering_keeps_the_questions_without_numbers()
    {
        var letter = Letters.Drones;

        using var document = WordprocessingDocument.Open(new MemoryStream(WordFixtures.Letter(letter)), isEditable: false);

        var numbered = document.MainDocumentPart!.Document.Body!.Elements<Paragraph>()
            .Where(paragraph => paragraph.ParagraphProperties?.NumberingProperties is not null)
            .Select(paragraph => paragraph.InnerText);
        Assert.Equal(letter.Questions, numbered);
        Assert.Equal(letter.Subject, document.PackageProperties.Title);
    }

    [Fact]
    public void The_zip_bomb_declares_over_a_gigabyte_in_a_small_file()
    {
        var bomb = WordFixtures.ZipBomb();

        using var zip = new ZipArchive(new MemoryStream(bomb), ZipArchiveMode.Read);
        var document = zip.GetEntry("word/document.xml");
        Assert.NotNull(document);
        Assert.True(document.Length > 1L << 30, $"declared {document.Length} bytes");
        Assert.NotNull(zip.GetEntry("[Content_Types].xml"));
        Assert.True(bomb.Length < 2_000_000, $"{bomb.Length} bytes");
    }

    [Fact]
    public void A_plain_zip_is_a_zip_but_not_an_office_document()
    {
        var bytes = WordFixtures.PlainZip();

        using (var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read))
        {
            Assert.Null(zip.GetEntry("[Content_Types].xml"));
            Assert.NotEmpty(zip.Entries);
        }

        // OpenXml 2.20 opens it without complaint; what gives it away is that there is no document in it.
        using var document = WordprocessingDocument.Open(new MemoryStream(bytes), isEditable: false);
        Assert.Null(document.MainDocumentPart);
    }
}
