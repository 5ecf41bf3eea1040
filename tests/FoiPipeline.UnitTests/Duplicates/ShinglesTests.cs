using FoiPipeline.Analysis.Duplicates;

namespace FoiPipeline.UnitTests.Duplicates;

public class ShinglesTests
{
    [Fact]
    public void Words_are_lower_cased_letters_and_digits_with_punctuation_and_layout_ignored()
    {
        var words = Shingles.Words("Dear Sir/Madam,\n\n  1) Taser USE - in 2019–2024?  (WMP)\r\n");

        Assert.Equal(["dear", "sir", "madam", "1", "taser", "use", "in", "2019", "2024", "wmp"], words);
    }

    [Fact]
    public void Apostrophes_join_a_word_rather_than_split_it()
        => Assert.Equal(["id", "like", "the", "forces", "data", "oneil", "didnt"], Shingles.Words("I'd like the force's data; O’Neil didn't."));

    [Fact]
    public void Thousands_separators_and_decimal_points_keep_a_number_whole_but_lists_of_numbers_stay_apart()
    {
        Assert.Equal(["over", "10000", "and", "15"], Shingles.Words("over £10,000 and 1.5"));
        Assert.Equal(["questions", "1", "2", "and", "3"], Shingles.Words("questions 1,2 and 3"));
    }

    [Fact]
    public void Letters_from_other_scripts_and_accents_are_word_characters()
        => Assert.Equal(["heddlu", "gogledd", "cymru", "café", "naïve"], Shingles.Words("Heddlu Gogledd Cymru: Café, naïve."));

    [Fact]
    public void Invisible_characters_left_by_pdf_extraction_do_not_split_words()
        => Assert.Equal(["surveillance", "authorisations"], Shingles.Words("surveil\u00ADlance authori\u200Bsations"));

    [Fact]
    public void Case_spacing_and_punctuation_do_not_change_the_shingles()
    {
        var a = Shingles.HashSet("Please provide the number of Taser discharges in 2023.");
        var b = Shingles.HashSet("PLEASE provide  the number\nof Taser-discharges, in 2023");

        Assert.Equal(a.Order(), b.Order());
    }

    [Fact]
    public void Each_run_of_three_words_is_one_shingle()
    {
        Assert.Equal(3, Shingles.WordsPerShingle);
        Assert.Equal(4, Shingles.HashSet("one two three four five six").Count);
    }

    [Fact]
    public void Word_order_matters_within_a_shingle()
        => Assert.Equal(0, Shingles.Jaccard("arrests without charge", "charge without arrests"));

    [Theory]
    [InlineData("Taser", 1)]
    [InlineData("Taser figures", 1)]
    [InlineData("", 0)]
    [InlineData(" -- ,,, !!! ", 0)]
    public void A_text_shorter_than_a_shingle_is_one_shingle_of_all_its_words(string text, int shingles)
        => Assert.Equal(shingles, Shingles.HashSet(text).Count);

    [Fact]
    public void A_short_text_is_not_the_same_shingle_as_the_start_of_a_longer_one()
        => Assert.Empty(Shingles.HashSet("Taser figures").Intersect(Shingles.HashSet("Taser figures please")));

    [Fact]
    public void A_changed_year_range_lowers_the_exact_similarity_a_little()
    {
        var similarity = Shingles.Jaccard(Letters.TaserUse, Letters.TaserUseChangedYears);

        Assert.InRange(similarity, 0.85, 0.99);
    }
}
