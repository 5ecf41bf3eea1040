using FoiPipeline.TestFixtures;

namespace FoiPipeline.IntegrationTests.Fixtures;

public sealed class LettersTests
{
    public static TheoryData<string> LetterIds => [.. Letters.All.Concat(Letters.MultiPage).Select(letter => letter.Id)];

    [Theory]
    [MemberData(nameof(LetterIds))]
    public void Every_letter_numbers_its_known_questions_and_fits_a_pdf(string id)
    {
        var letter = Letters.All.Concat(Letters.MultiPage).Single(candidate => candidate.Id == id);

        Assert.NotEmpty(letter.Questions);
        for (var i = 0; i < letter.Questions.Count; i++)
        {
            Assert.Contains($"\n{i + 1}. {letter.Questions[i]}\n", letter.Text, StringComparison.Ordinal);
        }

        var pages = PdfFixtures.Paginate(letter.Text).Count;
        if (Letters.MultiPage.Contains(letter))
        {
            Assert.InRange(pages, 2, 3);
        }
        else
        {
            Assert.Equal(1, pages);
        }
    }

    [Fact]
    public void The_letters_carry_characters_beyond_ascii_that_winansi_can_show()
    {
        var all = string.Concat(Letters.All.Concat(Letters.MultiPage).Select(letter => letter.Text));

        Assert.Contains("£", all, StringComparison.Ordinal);
        Assert.Contains("é", all, StringComparison.Ordinal);
        Assert.Contains("’", all, StringComparison.Ordinal);
    }
}
