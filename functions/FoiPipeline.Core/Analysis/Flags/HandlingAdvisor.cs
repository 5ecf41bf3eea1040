using System.Globalization;
using System.Text.RegularExpressions;
using FoiPipeline.Analysis.Themes;

namespace FoiPipeline.Analysis.Flags;

/// <summary>A referral the request calls for: to whom, how binding, why, and whether the requester's identity goes with it.</summary>
public sealed record ReferralNeed(string Rule, string Topic, ReferralKind Kind, string Owner, bool IncludeRequesterIdentity, IReadOnlyList<string> Because);

/// <summary>How a request is to be handled: who may see it, where it must be referred, and which exemptions to consider.</summary>
public sealed record Handling(
    Sensitivity Sensitivity,
    IReadOnlyList<string> SensitivityReasons,
    IReadOnlyList<ReferralNeed> Referrals,
    IReadOnlyList<string> SuggestedExemptions);

/// <summary>
/// Decides handling from the themes and flags of a request. A restricted theme restricts the request; a
/// round-robin or campaign request on any sensitive theme is restricted too, because answers given across many
/// authorities can be pieced together (mosaic harm). Referrals come from the authority's referral table and
/// from themes the taxonomy marks for referral; neither carries the requester's identity unless the table says so.
/// </summary>
public sealed class HandlingAdvisor
{
    private readonly ThemeTaxonomy _taxonomy;
    private readonly ReferralRules _rules;
    private readonly List<(ReferralRule Rule, List<(string Phrase, Regex Regex)> Phrases)> _compiled;

    public HandlingAdvisor(ThemeTaxonomy taxonomy, ReferralRules rules)
    {
        _taxonomy = taxonomy;
        _rules = rules;
        _compiled = [.. rules.Rules.Select(rule => (rule, rule.Phrases.Select(p => (p, PhraseRegex(p))).ToList()))];
    }

    public Handling Decide(string text, IReadOnlyList<(int Start, int End)> request, IReadOnlyList<ThemeTag> themes, IReadOnlyList<RequestFlag> flags)
    {
        var tagged = themes.Select(t => _taxonomy[t.Id]).OfType<Theme>().ToList();

        var reasons = new List<string>();
        foreach (var theme in tagged.Where(t => t.Restricted))
        {
            reasons.Add($"Theme '{theme.Label}' is restricted to cleared reviewers.");
        }

        if (flags.Any(f => f.Id == FlagIds.RoundRobin) && tagged.Count > 0)
        {
            reasons.Add($"The same text was sent by other requesters (round robin or campaign) and touches {string.Join(", ", tagged.Select(t => t.Label))}: answers across authorities can be pieced together (mosaic harm).");
        }

        var sensitivity = reasons.Count > 0 ? Sensitivity.Restricted : Sensitivity.Standard;
        return new Handling(sensitivity, reasons, Referrals(text, request, tagged), Exemptions(tagged, flags));
    }

    private List<ReferralNeed> Referrals(string text, IReadOnlyList<(int Start, int End)> request, List<Theme> tagged)
    {
        var needs = new List<ReferralNeed>();
        var ids = tagged.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        var covered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (rule, phrases) in _compiled)
        {
            var because = new List<string>();
            var themeHits = rule.Themes.Where(ids.Contains).ToList();
            if (rule.Themes.Count > 0 && themeHits.Count == 0)
            {
                continue;
            }

            because.AddRange(themeHits.Select(t => $"theme {t}"));
            if (phrases.Count > 0)
            {
                var phraseHits = phrases.Where(p => request.Any(s => p.Regex.Match(text, s.Start, s.End - s.Start).Success)).Select(p => p.Phrase).ToList();
                if (phraseHits.Count == 0)
                {
                    continue;
                }

                because.AddRange(phraseHits.Select(p => $"mentions \"{p}\""));
            }

            covered.UnionWith(themeHits);
            needs.Add(new ReferralNeed(rule.Id, rule.Topic, rule.Kind, rule.Owner, rule.IncludeRequesterIdentity ?? _rules.IncludeRequesterIdentity, because));
        }

        // Themes the taxonomy marks for referral that no rule of the authority's table already covers.
        foreach (var theme in tagged.Where(t => t.Referral && !covered.Contains(t.Id)))
        {
            needs.Add(new ReferralNeed(
                $"theme:{theme.Id}",
                theme.Label,
                ReferralKind.Advisory,
                "the authority's specialist or national referral unit (no rule in the referral table names an owner)",
                _rules.IncludeRequesterIdentity,
                [$"theme {theme.Id}"]));
        }

        return needs;
    }

    private static List<string> Exemptions(List<Theme> tagged, IReadOnlyList<RequestFlag> flags)
    {
        var sections = new HashSet<string>(tagged.SelectMany(t => t.Exemptions), StringComparer.Ordinal);
        foreach (var flag in flags)
        {
            switch (flag.Id)
            {
                case FlagIds.SubjectAccess:
                    sections.Add("s40");
                    break;
                case FlagIds.CostLimitRisk:
                    sections.Add("s12");
                    break;
                case FlagIds.RepeatRequest:
                    sections.Add("s14");
                    break;
            }
        }

        return [.. sections.OrderBy(s => int.Parse(s.AsSpan(1), CultureInfo.InvariantCulture))];
    }

    // Whole words, any run of spaces or hyphens between them; an abbreviation in capitals ("SDS") matches only in capitals.
    private static Regex PhraseRegex(string phrase)
    {
        var words = Words.Split(phrase);
        var pattern = @"\b" + string.Join(@"[\s\-]+", words.Select(Regex.Escape)) + @"s?\b";
        var abbreviation = phrase.Any(char.IsLetter) && phrase.Where(char.IsLetter).All(char.IsUpper);
        return new Regex(pattern, RegexOptions.CultureInvariant | (abbreviation ? RegexOptions.None : RegexOptions.IgnoreCase));
    }
}
