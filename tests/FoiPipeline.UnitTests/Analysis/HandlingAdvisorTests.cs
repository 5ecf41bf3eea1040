using System.Text;
using FoiPipeline.Analysis;
using FoiPipeline.Analysis.Flags;
using FoiPipeline.Analysis.Themes;

namespace FoiPipeline.UnitTests.Analysis;

/// <summary>Who may see a request, where it must be referred and which exemptions to consider, from its themes and flags.</summary>
public class HandlingAdvisorTests
{
    private static readonly ThemeTagger Tagger = new(ThemeTaxonomy.Embedded);
    private static readonly HandlingAdvisor Embedded = new(ThemeTaxonomy.Embedded, ReferralRules.Embedded);

    private static readonly RequestFlag RoundRobin = new(FlagIds.RoundRobin, "Other requesters sent the same text.", []);

    /// <summary>Handling for a request that is the whole text, with the themes the embedded taxonomy finds in it.</summary>
    private static Handling Decide(string request, IReadOnlyList<RequestFlag>? flags = null, HandlingAdvisor? advisor = null)
    {
        IReadOnlyList<(int, int)> spans = [(0, request.Length)];
        var themes = Tagger.Score(request, Tagger.FindEvidence(request), spans);
        return (advisor ?? Embedded).Decide(request, spans, themes, flags ?? []);
    }

    private static ReferralRules Rules(string json) => ReferralRules.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)), "authority-referrals.json", ThemeTaxonomy.Embedded);

    [Fact]
    public void The_embedded_referral_table_refers_a_counter_terrorism_request_to_counter_terrorism_policing()
    {
        var handling = Decide("How many arrests were made under the Terrorism Act in 2024?");

        var referral = Assert.Single(handling.Referrals);
        Assert.Equal("counter-terrorism", referral.Rule);
        Assert.Equal(ReferralKind.Advisory, referral.Kind);
        Assert.Equal("Counter Terrorism Policing, through the NPCC Central Referral Unit", referral.Owner);
        Assert.Equal(["theme counter-terrorism"], referral.Because);
    }

    [Fact]
    public void A_referral_leaves_the_requesters_identity_out_by_default()
    {
        Assert.False(ReferralRules.Embedded.IncludeRequesterIdentity);
        var handling = Decide("How many arrests were made under the Terrorism Act in 2024?");

        Assert.All(handling.Referrals, r => Assert.False(r.IncludeRequesterIdentity));
    }

    [Fact]
    public void A_ripa_request_is_a_mandatory_referral_because_of_its_theme_and_its_words()
    {
        var handling = Decide("How many directed surveillance authorisations under RIPA were granted in 2024?");

        var referral = Assert.Single(handling.Referrals, r => r.Rule == "ripa-communications-data");
        Assert.Equal(ReferralKind.Mandatory, referral.Kind);
        Assert.Contains("theme covert-tactics", referral.Because);
        Assert.Contains("mentions \"RIPA\"", referral.Because);
    }

    [Fact]
    public void A_rule_that_names_phrases_applies_only_when_one_is_in_the_request()
    {
        var request = "How many officers from the covert operations unit received overtime in 2024?";

        var handling = Decide(request);

        Assert.DoesNotContain(handling.Referrals, r => r.Rule == "ripa-communications-data");
        // The theme still calls for a referral; with no rule of the table matching, it says no owner is named.
        var fromTheme = Assert.Single(handling.Referrals);
        Assert.Equal("theme:covert-tactics", fromTheme.Rule);
        Assert.False(fromTheme.IncludeRequesterIdentity);
    }

    [Fact]
    public void A_rule_with_phrases_and_no_themes_refers_any_request_that_uses_them()
    {
        var handling = Decide("How often is each registered sex offender in Northvale visited by officers?");

        var referral = Assert.Single(handling.Referrals);
        Assert.Equal("sex-offender-management", referral.Rule);
        Assert.Equal(["mentions \"sex offender\""], referral.Because);
    }

    [Fact]
    public void A_referral_phrase_outside_the_request_does_not_refer_it()
    {
        var text = "How many police dogs does the force have?\n\nResponse\n\nWe hold no information about MAPPA.";
        IReadOnlyList<(int, int)> request = [(0, text.IndexOf('?', StringComparison.Ordinal) + 1)];

        var handling = Embedded.Decide(text, request, [], []);

        Assert.Empty(handling.Referrals);
    }

    [Fact]
    public void A_referral_table_can_share_the_requesters_identity_by_default_or_for_one_rule()
    {
        var rules = Rules("""
            { "includeRequesterIdentity": true, "rules": [
                { "id": "dogs", "topic": "Police dogs", "phrases": ["police dogs"], "owner": "Dog Unit" },
                { "id": "horses", "topic": "Police horses", "phrases": ["police horses"], "owner": "Mounted Unit", "includeRequesterIdentity": false }
            ] }
            """);

        var handling = Decide("How many police dogs and police horses does the force have?", advisor: new HandlingAdvisor(ThemeTaxonomy.Embedded, rules));

        Assert.True(Assert.Single(handling.Referrals, r => r.Rule == "dogs").IncludeRequesterIdentity);
        Assert.False(Assert.Single(handling.Referrals, r => r.Rule == "horses").IncludeRequesterIdentity);
    }

    [Theory]
    [InlineData("How many arrests were made under the Terrorism Act in 2024?", "Counter-terrorism")]
    [InlineData("How much was paid to informants in 2024?", "Informants")]
    [InlineData("How many officers are assigned to Special Branch?", "National security")]
    public void A_restricted_theme_makes_the_request_restricted_and_says_why(string request, string label)
    {
        var handling = Decide(request);

        Assert.Equal(Sensitivity.Restricted, handling.Sensitivity);
        Assert.Contains($"Theme '{label}' is restricted to cleared reviewers.", handling.SensitivityReasons);
    }

    [Fact]
    public void A_request_with_only_unrestricted_themes_is_standard()
    {
        var handling = Decide("How many ANPR cameras does the force operate?");

        Assert.Equal(Sensitivity.Standard, handling.Sensitivity);
        Assert.Empty(handling.SensitivityReasons);
    }

    [Fact]
    public void A_round_robin_request_on_a_sensitive_theme_is_restricted_for_mosaic_harm()
    {
        var handling = Decide("How many ANPR cameras does the force operate?", [RoundRobin]);

        Assert.Equal(Sensitivity.Restricted, handling.Sensitivity);
        Assert.Contains(handling.SensitivityReasons, r => r.Contains("mosaic harm", StringComparison.Ordinal) && r.Contains("Surveillance and monitoring", StringComparison.Ordinal));
    }

    [Fact]
    public void A_round_robin_request_on_no_sensitive_theme_stays_standard()
    {
        Assert.Equal(Sensitivity.Standard, Decide("How many police dogs does the force have?", [RoundRobin]).Sensitivity);
    }

    [Fact]
    public void Suggested_exemptions_come_from_the_themes_and_the_flags_in_section_order()
    {
        var flags = new[]
        {
            new RequestFlag(FlagIds.CostLimitRisk, "cost", []),
            new RequestFlag(FlagIds.RepeatRequest, "repeat", []),
        };

        var handling = Decide("How many ANPR cameras does the force operate?", flags);

        Assert.Equal(["s12", "s14", "s24", "s31"], handling.SuggestedExemptions);
    }

    [Fact]
    public void A_referral_table_naming_a_theme_the_taxonomy_lacks_is_refused_naming_the_rule_and_the_theme()
    {
        var message = Assert.Throws<InvalidOperationException>(() => Rules("""{ "rules": [ { "id": "dogs", "topic": "Police dogs", "themes": ["police-dogs"] } ] }""")).Message;

        Assert.Contains("rule 'dogs': theme 'police-dogs' is not in the taxonomy", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_referral_rule_with_no_themes_and_no_phrases_is_refused_because_it_would_refer_everything()
    {
        var message = Assert.Throws<InvalidOperationException>(() => Rules("""{ "rules": [ { "id": "all", "topic": "Everything" } ] }""")).Message;

        Assert.Contains("rule 'all': give themes, phrases or both", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_referral_rule_without_a_topic_is_refused_naming_the_rule()
    {
        var message = Assert.Throws<InvalidOperationException>(() => Rules("""{ "rules": [ { "id": "dogs", "phrases": ["police dogs"] } ] }""")).Message;

        Assert.Contains("rule 'dogs': say what the topic is", message, StringComparison.Ordinal);
    }
}
