using FoiPipeline.Analysis;

namespace FoiPipeline.UnitTests.Analysis;

public class QuestionSplitterTests
{
    private static IReadOnlyList<Question> Split(string text) => QuestionSplitter.Split(text, LetterStructure.Of(text));

    [Fact]
    public void A_numbered_list_gives_one_question_per_item_with_its_label_and_span()
    {
        var text = "Dear team,\n\nPlease tell me:\n\n1. the number of arrests in 2024\n2) the number in 2025\n\nYours sincerely,\nJo Bloggs\n";
        var questions = Split(text);

        Assert.Equal(["1", "2"], questions.Select(q => q.Label));
        Assert.Equal("the number of arrests in 2024", questions[0].Text);
        Assert.Equal("the number of arrests in 2024", text[questions[0].Start..questions[0].End]);
    }

    [Fact]
    public void A_wrapped_item_continues_on_the_next_line()
    {
        var questions = Split("1. How many officers\n   were trained in 2025?\n2. How many in 2026?\n");
        Assert.Equal("How many officers were trained in 2025?", questions[0].Text);
        Assert.Equal(2, questions.Count);
    }

    [Theory]
    [InlineData("a.) one\nb.) two\n", new[] { "a", "b" })]
    [InlineData("(a) one\n(b) two\n", new[] { "a", "b" })]
    [InlineData("(1) one\n(2) two\n", new[] { "1", "2" })]
    [InlineData("Q1: one\nQ2: two\n", new[] { "1", "2" })]
    [InlineData("- one\n- two\n", new[] { "1", "2" })]
    [InlineData("\u2022 one\n\u2022 two\n", new[] { "1", "2" })]
    [InlineData("ii. one\niii. two\n", new[] { "ii", "iii" })]
    public void List_markers_in_common_styles_are_recognised(string text, string[] labels)
        => Assert.Equal(labels, Split(text).Select(q => q.Label));

    [Fact]
    public void A_second_list_after_prose_is_context_not_more_questions()
    {
        // The CTSA request: three questions, then three timeframes that apply to all of them.
        var text = "a.) sites assessed\nb.) plans devised\nc.) awareness events\n\nWe need this data over three timeframes:\n\na.) 2014\nb.) 2015\nc.) 2016\n";
        var questions = Split(text);
        Assert.Equal(["sites assessed", "plans devised", "awareness events"], questions.Select(q => q.Text));
    }

    [Fact]
    public void Without_a_list_the_paragraphs_that_ask_for_something_are_the_questions()
    {
        var text = "Dear FOI Officer,\n\nI am a student researching policing.\n\nPlease provide the number of arrests in 2025.\n\nI would also like to know how many were charged.\n\nYours sincerely,\nA Person\n";
        var questions = Split(text);
        Assert.Equal(["Please provide the number of arrests in 2025.", "I would also like to know how many were charged."], questions.Select(q => q.Text));
    }

    [Fact]
    public void A_letter_with_no_recognisable_ask_is_one_question_for_a_reviewer_to_split()
    {
        var questions = Split("Dear team,\n\nThe speed cameras on the A38 near Lichfield.\n\nRegards,\nSam\n");
        Assert.Single(questions);
        Assert.Equal("The speed cameras on the A38 near Lichfield.", questions[0].Text);
    }

    [Fact]
    public void Items_after_the_sign_off_are_not_questions()
    {
        var questions = Split("1. How many?\n\nKind regards,\nJo\n\n- sent from my phone\n");
        Assert.Single(questions);
    }

    [Fact]
    public void Quoted_earlier_correspondence_is_not_split()
    {
        var questions = Split("1. How many?\n\nOn Mon, 2 Nov 2026 at 09:00, FOI Team wrote:\n> 1. An older question\n");
        Assert.Single(questions);
    }
}
