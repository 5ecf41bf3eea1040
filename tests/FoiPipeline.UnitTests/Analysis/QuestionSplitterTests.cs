using FoiPipeline.Analysis.Questions;
using static FoiPipeline.UnitTests.Analysis.Letters;

namespace FoiPipeline.UnitTests.Analysis;

/// <summary>How the request is cut into questions, and what is said alongside them that is not a question.</summary>
public class QuestionSplitterTests
{
    private static QuestionSplit SplitChecked(string text)
    {
        var split = Split(text);
        AssertSpansSliceTheQuestions(text, split.Questions);
        return split;
    }

    [Theory]
    [InlineData("1.", "2.", "1", "2")]
    [InlineData("1)", "2)", "1", "2")]
    [InlineData("(1)", "(2)", "1", "2")]
    [InlineData("(a)", "(b)", "a", "b")]
    [InlineData("a.)", "b.)", "a", "b")]
    [InlineData("a)", "b)", "a", "b")]
    [InlineData("a.", "b.", "a", "b")]
    [InlineData("i.", "ii.", "i", "ii")]
    [InlineData("(i)", "(ii)", "i", "ii")]
    [InlineData("Q1:", "Q2:", "1", "2")]
    [InlineData("Question 1:", "Question 2:", "1", "2")]
    public void A_marked_list_gives_one_question_per_item_with_its_label_and_span(string first, string second, string firstLabel, string secondLabel)
    {
        var text = Letter($"Please provide:\n\n{first} The number of stop and search encounters in 2023.\n{second} The number of arrests that followed.");

        var split = SplitChecked(text);

        Assert.Equal([firstLabel, secondLabel], split.Questions.Select(q => q.Label));
        Assert.Equal("The number of stop and search encounters in 2023.", text[split.Questions[0].Start..split.Questions[0].End]);
        Assert.Equal("The number of arrests that followed.", text[split.Questions[1].Start..split.Questions[1].End]);
    }

    [Theory]
    [InlineData("-")]
    [InlineData("*")]
    [InlineData("•")]
    public void Bulleted_items_are_questions_labelled_in_order_from_one(string bullet)
    {
        var text = Letter($"Please tell me:\n\n{bullet} how many drones the force owns\n{bullet} how many pilots are trained\n{bullet} what the drones cost");

        var split = SplitChecked(text);

        Assert.Equal(["1", "2", "3"], split.Questions.Select(q => q.Label));
        Assert.Equal("how many pilots are trained", split.Questions[1].Text);
    }

    [Fact]
    public void A_letter_list_running_to_i_after_h_keeps_i_as_the_ninth_letter()
    {
        var items = string.Join("\n", "abcdefghi".Select(c => $"{c}. How many {c} items?"));
        var text = Letter($"Please answer the following questions:\n\n{items}");

        var split = SplitChecked(text);

        Assert.Equal(9, split.Questions.Count);
        Assert.Equal("i", split.Questions[^1].Label);
    }

    [Fact]
    public void A_roman_list_keeps_its_numerals_as_labels_past_iv()
    {
        var text = Letter("Please answer the following questions:\n\ni. How many officers?\nii. How many staff?\niii. How many PCSOs?\niv. How many cars?\nv. How many vans?\nvi. How many bikes?");

        var split = SplitChecked(text);

        Assert.Equal(["i", "ii", "iii", "iv", "v", "vi"], split.Questions.Select(q => q.Label));
    }

    [Theory]
    [InlineData("   a) the make and model\n   b) the purchase cost")]
    [InlineData("a) the make and model\nb) the purchase cost")]
    [InlineData("- the make and model\n- the purchase cost")]
    public void A_list_nested_under_question_two_is_part_of_question_two_and_inside_its_span(string nested)
    {
        var text = Letter($"1. How many drones does the force own?\n2. For each drone, please state:\n{nested}\n3. How many pilots are trained?");

        var split = SplitChecked(text);

        Assert.Equal(["1", "2", "3"], split.Questions.Select(q => q.Label));
        var two = split.Questions[1];
        Assert.StartsWith("For each drone, please state:", text[two.Start..two.End], StringComparison.Ordinal);
        Assert.EndsWith("the purchase cost", text[two.Start..two.End], StringComparison.Ordinal);
        Assert.Equal("How many pilots are trained?", split.Questions[2].Text);
    }

    [Fact]
    public void Several_asks_run_together_in_one_paragraph_are_separate_questions()
    {
        var text = Letter("I would like to know how many arrests were made in Northvale in 2023. I would also then like to know how many of these led to charges.");

        var split = SplitChecked(text);

        Assert.Equal(
            ["I would like to know how many arrests were made in Northvale in 2023.", "I would also then like to know how many of these led to charges."],
            split.Questions.Select(q => q.Text));
    }

    [Fact]
    public void In_a_letter_with_no_list_the_prose_sentences_that_ask_are_the_questions_and_the_rest_are_not()
    {
        var text = Letter("I live in Northvale and I am worried about burglaries in my street. How many burglaries were reported in Northvale in 2024? Could you also tell me how many led to a charge? I look forward to your reply.");

        var split = SplitChecked(text);

        Assert.Equal(["1", "2"], split.Questions.Select(q => q.Label));
        Assert.Equal("How many burglaries were reported in Northvale in 2024?", split.Questions[0].Text);
        Assert.Equal("Could you also tell me how many led to a charge?", split.Questions[1].Text);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\n\n")]
    public void Unmarked_lines_after_a_lead_in_ending_with_a_colon_are_each_a_question(string afterLeadIn)
    {
        var text = Letter($"Please provide the following information:{afterLeadIn}Number of misconduct investigations opened in 2024\nNumber of officers suspended\nTotal cost of suspensions");

        var split = SplitChecked(text);

        Assert.Equal(
            ["Number of misconduct investigations opened in 2024", "Number of officers suspended", "Total cost of suspensions"],
            split.Questions.Select(q => q.Text));
        Assert.All(split.LeadIns, l => Assert.NotNull(l));
        var leadIn = split.LeadIns[0]!.Value;
        Assert.Equal("Please provide the following information:", text[leadIn.Start..leadIn.End]);
    }

    [Fact]
    public void Wrapped_lines_of_one_sentence_after_a_colon_are_not_split_into_questions()
    {
        var text = Letter("I am writing about the following matter:\nthe closure of the front counter at Northvale police station,\nwhich happened last spring. How many visitors did the counter have in 2023?");

        var split = SplitChecked(text);

        Assert.Equal("How many visitors did the counter have in 2023?", Assert.Single(split.Questions).Text);
    }

    [Fact]
    public void A_list_of_timeframes_that_applies_to_every_question_is_context_not_questions()
    {
        var text = Letter("For each of the following periods:\n\n- 2021\n- 2022\n- 2023\n\n1. How many officers were dismissed?\n2. How many resigned under investigation?");

        var split = SplitChecked(text);

        Assert.Equal(["1", "2"], split.Questions.Select(q => q.Label));
        Assert.Equal("- 2021 - 2022 - 2023", Assert.Single(split.Context).Text);
    }

    [Theory]
    [InlineData("Please break the figures down by year.")]
    [InlineData("For the years 2011-2014.")]
    [InlineData("For each of the above, please give figures for each financial year.")]
    public void A_breakdown_or_period_for_all_the_questions_is_context_not_a_question(string sentence)
    {
        var text = Letter($"1. How many officers were dismissed?\n2. How many resigned under investigation?\n\n{sentence}");

        var split = SplitChecked(text);

        Assert.Equal(2, split.Questions.Count);
        var context = Assert.Single(split.Context);
        Assert.Equal(sentence, context.Text);
        Assert.Equal(sentence, text[context.Start..context.End]);
    }

    [Theory]
    [InlineData("If answering this would exceed the cost limit, please provide only the figures for 2023.")]
    [InlineData("If you only have monthly figures, just send what you have.")]
    public void A_fallback_is_recorded_as_the_fallback_and_is_not_a_question(string sentence)
    {
        var text = Letter($"1. How many officers were dismissed each week?\n2. How many resigned under investigation?\n\n{sentence}");

        var split = SplitChecked(text);

        Assert.Equal(2, split.Questions.Count);
        Assert.NotNull(split.Fallback);
        Assert.Equal(sentence, split.Fallback.Text);
        Assert.Equal(sentence, text[split.Fallback.Start..split.Fallback.End]);
    }

    [Fact]
    public void A_prose_letter_with_a_cost_fallback_keeps_its_asks_and_records_the_fallback()
    {
        var text = Letter("Please tell me how many Taser discharges there were in each year since 2015. If this would exceed the cost limit, please provide only the figures for the latest year.");

        var split = SplitChecked(text);

        Assert.Equal("Please tell me how many Taser discharges there were in each year since 2015.", Assert.Single(split.Questions).Text);
        Assert.StartsWith("If this would exceed the cost limit", split.Fallback?.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Please send the figures as a table.")]
    [InlineData("I would prefer to receive the information in an Excel spreadsheet.")]
    [InlineData("Please acknowledge receipt of this request.")]
    public void A_trailing_instruction_about_the_reply_is_not_a_question(string sentence)
    {
        var text = Letter($"How many officers were dismissed in 2024? {sentence}");

        var split = SplitChecked(text);

        Assert.Equal("How many officers were dismissed in 2024?", Assert.Single(split.Questions).Text);
    }

    [Theory]
    [InlineData("I have enclosed a copy of my licence.")]
    [InlineData("I recently read a report about the number of firearm certificates revoked in Kent.")]
    [InlineData("I am writing under the Freedom of Information Act 2000 to request information about firearms licensing.")]
    public void A_sentence_about_the_writer_is_not_a_question(string sentence)
    {
        var text = Letter($"{sentence} Please tell me how many firearm certificates were revoked in 2023.");

        var split = SplitChecked(text);

        Assert.Equal("Please tell me how many firearm certificates were revoked in 2023.", Assert.Single(split.Questions).Text);
    }

    [Fact]
    public void Abbreviations_do_not_end_a_sentence()
    {
        var text = Letter("Please provide details of crimes, e.g. burglary and theft, recorded in St. Albans by Mr. Smith. Please also give the No. of arrests made, i.e. the total.");

        var split = SplitChecked(text);

        Assert.Equal(
            ["Please provide details of crimes, e.g. burglary and theft, recorded in St. Albans by Mr. Smith.", "Please also give the No. of arrests made, i.e. the total."],
            split.Questions.Select(q => q.Text));
    }

    [Fact]
    public void A_lead_in_is_recorded_for_each_item_it_introduces_and_prose_questions_have_none()
    {
        var text = Letter("In relation to your Counter Terrorism Security Advisors:\n\n1. How many are employed?\n2. How many sites did they visit?\n\nCould you also tell me how many police dogs the force has?");

        var split = SplitChecked(text);

        Assert.Equal(3, split.Questions.Count);
        var leadIn = split.LeadIns[0]!.Value;
        Assert.Equal("In relation to your Counter Terrorism Security Advisors:", text[leadIn.Start..leadIn.End]);
        Assert.Equal(split.LeadIns[0], split.LeadIns[1]);
        Assert.Null(split.LeadIns[2]);
    }

    [Fact]
    public void Emphasis_around_a_whole_question_is_not_part_of_it()
    {
        var text = Letter("*How many police horses does the force keep?*");

        var question = Assert.Single(SplitChecked(text).Questions);

        Assert.Equal("How many police horses does the force keep?", question.Text);
    }

    [Fact]
    public void A_prose_ask_after_a_numbered_list_takes_the_next_free_label()
    {
        var split = Split(Letter("Please tell me:\n\n1. the number of police dogs\n2. the cost of their food\n\nI would also like to know how many dogs retired in 2024."));

        Assert.Equal(["1", "2", "3"], split.Questions.Select(q => q.Label));
    }
}
