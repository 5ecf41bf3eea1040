using FoiPipeline.Analysis;
using FoiPipeline.Analysis.Flags;
using FoiPipeline.Analysis.Layout;
using FoiPipeline.Analysis.Questions;
using static FoiPipeline.UnitTests.Analysis.Letters;

namespace FoiPipeline.UnitTests.Analysis;

/// <summary>What changes how a request is handled: subject access, the cost limit, vagueness, opinions.</summary>
public class RequestFlaggerTests
{
    private static readonly DateOnly ReceivedOn = new(2026, 11, 2);

    private static IReadOnlyList<RequestFlag> Flags(string text)
    {
        var layout = LetterLayout.Of(text);
        return RequestFlagger.Flag(text, layout.RequestSpans, QuestionSplitter.Split(text, layout.RequestSpans), layout.HasRequest, ReceivedOn);
    }

    private static IEnumerable<string> Ids(string text) => Flags(text).Select(f => f.Id);

    private static void AssertEvidenceIsInTheText(string text, RequestFlag flag)
        => Assert.All(flag.Evidence, e => Assert.Equal(e.Text, text[e.Start..e.End]));

    [Theory]
    [InlineData("Please send me all the information you hold about me.")]
    [InlineData("Please tell me what progress has been made with my burglary.")]
    [InlineData("Please provide a copy of the crime report for my assault last March.")]
    [InlineData("I would like a copy of the body worn video footage of me from my arrest on 3 May.")]
    public void A_request_for_the_requesters_own_information_is_subject_access(string body)
    {
        var text = Letter(body);

        var flag = Assert.Single(Flags(text), f => f.Id == FlagIds.SubjectAccess);

        Assert.NotEmpty(flag.Evidence);
        AssertEvidenceIsInTheText(text, flag);
    }

    [Fact]
    public void The_subject_access_evidence_is_the_words_about_the_requester()
    {
        var text = Letter("Please tell me what progress has been made with my burglary.");

        var flag = Assert.Single(Flags(text), f => f.Id == FlagIds.SubjectAccess);

        Assert.Equal("my burglary", Assert.Single(flag.Evidence).Text);
    }

    [Theory]
    [InlineData("How many burglaries were reported in Northvale in 2024?")]
    [InlineData("How many subject access requests did the force receive in 2024?")]
    public void A_request_about_other_people_or_about_subject_access_in_general_is_not_subject_access(string body)
    {
        Assert.DoesNotContain(FlagIds.SubjectAccess, Ids(Letter(body)));
    }

    [Theory]
    [InlineData("For each year from 2014 to 2023, please provide the number of stop and searches, broken down by age, gender and ethnicity.")]
    [InlineData("For the last ten years, please provide the number of Taser discharges broken down by month and by outcome.")]
    public void Ten_years_of_figures_with_several_breakdowns_is_a_cost_risk(string body)
    {
        var text = Letter(body);

        var flag = Assert.Single(Flags(text), f => f.Id == FlagIds.CostLimitRisk);

        Assert.Contains("10 years of data", flag.Reason, StringComparison.Ordinal);
        Assert.Contains(flag.Evidence, e => e.Text.StartsWith("broken down by", StringComparison.Ordinal));
        AssertEvidenceIsInTheText(text, flag);
    }

    [Theory]
    [InlineData("Please provide copies of all emails mentioning Just Stop Oil sent by senior officers.")]
    [InlineData("Please provide any correspondence referring to the Northvale Summit.")]
    public void A_search_of_all_correspondence_is_a_cost_risk_whatever_the_period(string body)
    {
        var text = Letter(body);

        var flag = Assert.Single(Flags(text), f => f.Id == FlagIds.CostLimitRisk);

        Assert.Contains("case-by-case search or review", flag.Reason, StringComparison.Ordinal);
        AssertEvidenceIsInTheText(text, flag);
    }

    [Theory]
    [InlineData("How many burglaries were reported in Northvale in 2024?")]
    [InlineData("How many stop and searches were there in 2023, broken down by ethnicity?")]
    public void A_count_for_a_single_year_is_not_a_cost_risk(string body)
    {
        Assert.DoesNotContain(FlagIds.CostLimitRisk, Ids(Letter(body)));
    }

    [Fact]
    public void The_cost_risk_says_whether_the_requester_gave_a_fallback()
    {
        const string Ask = "For each year from 2014 to 2023, please provide the number of stop and searches, broken down by age, gender and ethnicity.";

        var without = Assert.Single(Flags(Letter(Ask)), f => f.Id == FlagIds.CostLimitRisk);
        var with = Assert.Single(Flags(Letter(Ask + " If this would exceed the cost limit, please provide only the figures for 2023.")), f => f.Id == FlagIds.CostLimitRisk);

        Assert.Contains("has not said what to answer instead", without.Reason, StringComparison.Ordinal);
        Assert.Contains("fallback is recorded", with.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_subject_access_request_is_not_also_a_cost_risk()
    {
        var ids = Ids(Letter("Please provide copies of all emails about me sent by officers in the last ten years."));

        Assert.Contains(FlagIds.SubjectAccess, ids);
        Assert.DoesNotContain(FlagIds.CostLimitRisk, ids);
    }

    [Fact]
    public void A_vague_request_for_everything_on_a_subject_needs_clarification()
    {
        var text = Letter("Please provide all information about your use of covert tactics.");

        var flag = Assert.Single(Flags(text), f => f.Id == FlagIds.NeedsClarification);

        Assert.Equal("all information about", Assert.Single(flag.Evidence).Text);
        AssertEvidenceIsInTheText(text, flag);
    }

    [Fact]
    public void A_broad_request_that_also_asks_for_something_answerable_does_not_need_clarification()
    {
        var ids = Ids(Letter("Please provide all information about your use of covert tactics, and the number of RIPA authorisations granted in 2024."));

        Assert.DoesNotContain(FlagIds.NeedsClarification, ids);
    }

    [Fact]
    public void A_filed_response_with_no_request_in_it_needs_clarification()
    {
        var text = "Response\n\nWe can confirm that Northvale Police holds information relating to the covert use of facial recognition. The information is withheld under section 31.\n";

        Assert.Equal([FlagIds.NeedsClarification], Ids(text));
    }

    [Fact]
    public void A_letter_that_asks_for_nothing_needs_clarification()
    {
        Assert.Equal([FlagIds.NeedsClarification], Ids(Letter("I live in Northvale and I am worried about the number of burglaries in my street.")));
    }

    [Theory]
    [InlineData("Why do you think the police are targeting protesters?")]
    [InlineData("Please explain why the force closed the front counter in Northvale.")]
    [InlineData("What is your opinion on the use of live facial recognition?")]
    [InlineData("Do you agree that the cost of policing the match was too high?")]
    public void A_question_asking_for_an_opinion_or_explanation_is_flagged_as_not_recorded_information(string ask)
    {
        var text = Letter($"1. How many officers attended the match in March 2025?\n2. {ask}");

        var flag = Assert.Single(Flags(text), f => f.Id == FlagIds.NotRecordedInformation);

        Assert.Equal("2", flag.Question);
        Assert.Contains("Question 2", flag.Reason, StringComparison.Ordinal);
        AssertEvidenceIsInTheText(text, flag);
    }

    [Fact]
    public void A_factual_question_is_not_flagged_as_not_recorded_information()
    {
        Assert.Empty(Flags(Letter("1. How many officers attended the match in March 2025?\n2. What was the total cost of policing it?")));
    }
}
