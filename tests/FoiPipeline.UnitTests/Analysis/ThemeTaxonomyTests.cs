using System.Text;
using FoiPipeline.Analysis.Themes;

namespace FoiPipeline.UnitTests.Analysis;

/// <summary>The theme taxonomy file: what it holds, and that a mistake in it stops loading with where the mistake is.</summary>
public class ThemeTaxonomyTests
{
    private static ThemeTaxonomy Load(string json) => ThemeTaxonomy.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)), "authority-themes.json");

    private static string Refused(string json) => Assert.Throws<InvalidOperationException>(() => Load(json)).Message;

    [Fact]
    public void The_embedded_taxonomy_has_the_sensitive_themes_the_triage_promises()
    {
        var taxonomy = ThemeTaxonomy.Embedded;

        Assert.Equal(
            ["counter-terrorism", "covert-tactics", "facial-recognition", "firearms", "immigration", "informants", "investigations", "national-security", "personal-data", "public-order", "surveillance"],
            taxonomy.Themes.Select(t => t.Id).Order(StringComparer.Ordinal));
        Assert.True(taxonomy["counter-terrorism"]!.Restricted);
        Assert.True(taxonomy["informants"]!.Referral);
        Assert.False(taxonomy["surveillance"]!.Restricted);
    }

    [Fact]
    public void A_small_taxonomy_loads_with_its_defaults()
    {
        var taxonomy = Load("""{ "themes": [ { "id": "widgets", "label": "Widgets", "phrases": [ { "text": "widget", "weight": 0.6 } ] } ] }""");

        var theme = Assert.Single(taxonomy.Themes);
        Assert.Equal("unversioned", taxonomy.Version);
        Assert.Equal(0.5, taxonomy.ThresholdOf(theme));
        Assert.False(theme.Restricted);
        Assert.Equal("authority-themes.json", taxonomy.Source);
    }

    [Fact]
    public void A_theme_with_a_bad_regular_expression_is_refused_naming_the_theme_and_the_pattern()
    {
        var message = Refused("""{ "themes": [ { "id": "widgets", "label": "Widgets", "patterns": [ { "regex": "(unclosed", "weight": 0.5 } ] } ] }""");

        Assert.Contains("theme 'widgets'", message, StringComparison.Ordinal);
        Assert.Contains("'(unclosed' is not a valid regular expression", message, StringComparison.Ordinal);
        Assert.Contains("authority-themes.json", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "themes": [ { "id": "widgets", "label": "", "phrases": [ { "text": "widget", "weight": 0.5 } ] } ] }""")]
    [InlineData("""{ "themes": [ { "id": "widgets", "phrases": [ { "text": "widget", "weight": 0.5 } ] } ] }""")]
    public void A_theme_without_a_label_is_refused_naming_the_theme(string json)
    {
        var message = Refused(json);

        Assert.Contains("theme 'widgets': a label is required", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("0")]
    [InlineData("-0.2")]
    public void A_phrase_with_a_weight_outside_zero_to_one_is_refused_naming_the_theme_and_the_phrase(string weight)
    {
        var message = Refused($$"""{ "themes": [ { "id": "widgets", "label": "Widgets", "phrases": [ { "text": "widget", "weight": {{weight}} } ] } ] }""");

        Assert.Contains("theme 'widgets': phrase 'widget' needs text and a weight above 0 and at most 1", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_phrase_with_no_weight_is_refused_rather_than_never_counting()
    {
        var message = Refused("""{ "themes": [ { "id": "widgets", "label": "Widgets", "phrases": [ { "text": "widget" } ] } ] }""");

        Assert.Contains("theme 'widgets': phrase 'widget'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_in_the_file_is_reported_at_once()
    {
        var message = Refused("""
            { "themes": [
                { "id": "Widgets", "label": "Widgets", "phrases": [ { "text": "widget", "weight": 0.5 } ] },
                { "id": "gadgets", "label": "Gadgets", "patterns": [ { "regex": "[", "weight": 2 } ] },
                { "id": "sprockets", "label": "Sprockets", "exemptions": ["section 24"] }
            ] }
            """);

        Assert.Contains("theme 'Widgets': the id must be kebab-case", message, StringComparison.Ordinal);
        Assert.Contains("theme 'gadgets': pattern '[' needs a weight above 0", message, StringComparison.Ordinal);
        Assert.Contains("theme 'gadgets': pattern '[' is not a valid regular expression", message, StringComparison.Ordinal);
        Assert.Contains("theme 'sprockets': give at least one phrase or pattern", message, StringComparison.Ordinal);
        Assert.Contains("theme 'sprockets': exemption 'section 24' should look like 's24'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_themes_with_one_id_are_refused()
    {
        var message = Refused("""
            { "themes": [
                { "id": "widgets", "label": "Widgets", "phrases": [ { "text": "widget", "weight": 0.5 } ] },
                { "id": "widgets", "label": "More widgets", "phrases": [ { "text": "gadget", "weight": 0.5 } ] }
            ] }
            """);

        Assert.Contains("theme 'widgets': the id is used twice", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "themes": [] }""", "has no themes")]
    [InlineData("""{ "themes": [ { "id": "widgets", """, "is not valid JSON")]
    [InlineData("""{ "defaultThreshold": 1.5, "themes": [ { "id": "widgets", "label": "Widgets", "phrases": [ { "text": "widget", "weight": 0.5 } ] } ] }""", "defaultThreshold 1.5 must be above 0")]
    public void A_file_that_is_not_a_usable_taxonomy_is_refused_saying_why(string json, string why)
    {
        Assert.Contains(why, Refused(json), StringComparison.Ordinal);
    }
}
