using System.Text;
using FoiPipeline.Analysis;
using FoiPipeline.Analysis.Themes;

namespace FoiPipeline.UnitTests.Analysis;

/// <summary>Which sensitive themes a text is about, and the words that say so.</summary>
public class ThemeTaggerTests
{
    private static readonly ThemeTagger Embedded = new(ThemeTaxonomy.Embedded);

    private static IReadOnlyList<ThemeTag> Tag(string text, ThemeTagger? tagger = null)
    {
        tagger ??= Embedded;
        return tagger.Score(text, tagger.FindEvidence(text), [(0, text.Length)]);
    }

    private static IEnumerable<string> Ids(string text, ThemeTagger? tagger = null) => Tag(text, tagger).Select(t => t.Id);

    /// <summary>A tagger over a small taxonomy written in the test, whose only negation cue is "excluding".</summary>
    private static ThemeTagger Small(string themes)
    {
        var json = $$"""{ "version": "test", "defaultThreshold": 0.5, "negationCues": ["excluding"], "themes": [ {{themes}} ] }""";
        return new ThemeTagger(ThemeTaxonomy.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)), "test taxonomy"));
    }

    [Theory]
    [InlineData("CT", "counter-terrorism")]
    [InlineData("CTSA", "counter-terrorism")]
    [InlineData("CTSAs", "counter-terrorism")]
    [InlineData("NaCTSO", "counter-terrorism")]
    [InlineData("EOD", "counter-terrorism")]
    [InlineData("CHIS", "informants")]
    [InlineData("RIPA", "covert-tactics")]
    [InlineData("ANPR", "surveillance")]
    public void An_abbreviation_in_capitals_tags_its_theme(string abbreviation, string theme)
    {
        var text = $"How many {abbreviation} staff does the force employ?";

        var tag = Assert.Single(Tag(text));

        Assert.Equal(theme, tag.Id);
        Assert.Equal(abbreviation, Assert.Single(tag.Evidence).Text);
    }

    [Theory]
    [InlineData("ct")]
    [InlineData("ctsa")]
    [InlineData("nactso")]
    [InlineData("eod")]
    [InlineData("chis")]
    [InlineData("Chis")]
    [InlineData("ripa")]
    [InlineData("Ripa")]
    [InlineData("anpr")]
    public void An_abbreviation_not_in_capitals_is_an_ordinary_word_and_tags_nothing(string word)
    {
        Assert.Empty(Tag($"How many {word} staff does the force employ?"));
    }

    [Fact]
    public void The_evidence_points_at_the_phrase_in_the_text()
    {
        var text = "Dear Sir,\n\nHow much was paid to Covert Human Intelligence Sources in 2024?\n";

        var evidence = Assert.Single(Assert.Single(Tag(text)).Evidence);

        Assert.Equal("Covert Human Intelligence Sources", evidence.Text);
        Assert.Equal(evidence.Text, text[evidence.Start..evidence.End]);
        Assert.Equal(text.IndexOf("Covert", StringComparison.Ordinal), evidence.Start);
    }

    [Fact]
    public void A_phrase_within_a_longer_phrase_of_another_theme_does_not_count_for_its_own_theme()
    {
        // "Covert" alone is covert tactics; here it is part of the name for informants.
        Assert.Equal(["informants"], Ids("How much was paid to Covert Human Intelligence Sources in 2024?"));
    }

    [Fact]
    public void A_shorter_phrase_inside_a_longer_one_counts_for_its_theme_only_where_it_stands_alone()
    {
        var text = "How many directed surveillance operations were there, and where is your CCTV surveillance van kept?";

        var tags = Tag(text);

        var directed = Assert.Single(Assert.Single(tags, t => t.Id == "covert-tactics").Evidence);
        Assert.Equal("directed surveillance", directed.Text);
        var surveillance = Assert.Single(tags, t => t.Id == "surveillance");
        Assert.DoesNotContain(surveillance.Evidence, e => e.Start >= directed.Start && e.End <= directed.End);
        Assert.Contains(surveillance.Evidence, e => e.Text == "surveillance");
    }

    [Theory]
    [InlineData("How many arrests at the airport were not related to terrorism in 2024?")]
    [InlineData("I am not asking about terrorism. How many people were stopped at ports?")]
    [InlineData("How many non-terrorism arrests were made?")]
    [InlineData("Other than terrorist offences, how many arrests were made at the airport?")]
    public void A_negated_mention_does_not_tag_its_theme(string text)
    {
        Assert.DoesNotContain("counter-terrorism", Ids(text));
    }

    [Fact]
    public void A_negated_mention_is_kept_as_evidence_marked_negated()
    {
        var text = "How many arrests at the airport were not related to terrorism in 2024?";

        var evidence = Assert.Single(Embedded.FindEvidence(text));

        Assert.True(evidence.Negated);
        Assert.Equal("terrorism", text[evidence.Start..evidence.End]);
    }

    [Fact]
    public void A_negation_reaches_only_to_the_end_of_its_clause()
    {
        // "Excluding Taser" takes Taser out; the firearms asked about after the comma are still firearms.
        var text = "Excluding Taser, how many firearms were discharged by officers in 2024?";

        var firearms = Assert.Single(Tag(text));

        Assert.Equal("firearms", firearms.Id);
        Assert.Equal("firearms", Assert.Single(firearms.Evidence).Text);
    }

    [Fact]
    public void A_negation_does_not_reach_past_the_end_of_its_sentence()
    {
        Assert.Contains("counter-terrorism", Ids("I am not asking about airports. How many terrorism arrests were made in 2024?"));
    }

    [Fact]
    public void A_negation_cue_after_the_phrase_does_not_negate_it()
    {
        Assert.Contains("counter-terrorism", Ids("How many terrorism arrests were made, excluding those at airports?"));
    }

    [Fact]
    public void Hyphens_case_and_plurals_do_not_stop_a_phrase_matching()
    {
        Assert.Equal(["counter-terrorism"], Ids("How many COUNTER TERRORISM officers and Counter-Terrorism staff are there?"));
        Assert.Equal(["immigration"], Ids("How many asylum seekers were arrested?"));
        Assert.Equal(["firearms"], Ids("How many Tasers does the force own?"));
    }

    [Fact]
    public void A_phrase_is_matched_as_whole_words_only()
    {
        Assert.Empty(Tag("How many CTV licences and ACT tutors are there?"));
        Assert.Empty(Tag("How many informational leaflets were printed?"));
    }

    [Fact]
    public void The_same_phrase_said_twice_counts_once()
    {
        var tagger = Small("""{ "id": "widgets", "label": "Widgets", "phrases": [ { "text": "widget", "weight": 0.4 }, { "text": "gadget", "weight": 0.4 } ] }""");

        Assert.Empty(Tag("How many widgets? And how many widgets were lost?", tagger));
        Assert.Empty(Tag("How many widgets? And how many widget boxes?", tagger));
        var tag = Assert.Single(Tag("How many widgets and how many gadgets?", tagger));
        Assert.Equal(0.64, tag.Score, 3);
    }

    [Fact]
    public void A_repeated_phrase_is_still_shown_as_evidence_each_time()
    {
        var text = "How many terrorism arrests? How many terrorism charges?";

        var tag = Assert.Single(Tag(text));

        Assert.Equal(0.85, tag.Score, 3);
        Assert.Equal(2, tag.Evidence.Count);
    }

    [Fact]
    public void Evidence_counts_only_inside_the_spans_given()
    {
        var text = "How many police dogs are there? Thank you. We hold information about terrorism.";
        var question = (0, text.IndexOf('?', StringComparison.Ordinal) + 1);

        Assert.Empty(Embedded.Score(text, Embedded.FindEvidence(text), [question]));
        Assert.NotEmpty(Tag(text));
    }

    [Fact]
    public void A_theme_is_tagged_only_when_its_evidence_reaches_the_threshold()
    {
        var tagger = Small("""{ "id": "widgets", "label": "Widgets", "threshold": 0.8, "phrases": [ { "text": "widget", "weight": 0.7 }, { "text": "gadget", "weight": 0.5 } ] }""");

        Assert.Empty(Tag("How many widgets are there?", tagger));
        Assert.Single(Tag("How many widgets and gadgets are there?", tagger));
    }

    [Fact]
    public void A_pattern_in_the_taxonomy_is_evidence_like_a_phrase()
    {
        var text = "How many people were arrested under section 41 of the Terrorism Act?";

        var tag = Assert.Single(Tag(text));

        Assert.Contains(tag.Evidence, e => e.Text == "section 41 of the Terrorism" && text[e.Start..e.End] == e.Text);
    }
}
