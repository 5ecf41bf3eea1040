using System.Globalization;
using System.Text.RegularExpressions;
using FoiPipeline.Analysis.Flags;
using FoiPipeline.Analysis.Layout;
using FoiPipeline.Analysis.Questions;
using FoiPipeline.Analysis.Themes;
using FoiPipeline.Deadlines;
using FoiPipeline.Intake;

namespace FoiPipeline.Analysis;

/// <summary>
/// A letter read but not yet compared with earlier requests: everything the analyzer finds in the letter alone,
/// and the request text its fingerprint is taken over.
/// </summary>
public sealed record LetterReading(LetterAnalysis Analysis, string RequestText, IReadOnlyList<(int Start, int End)> RequestSpans, string Text);

/// <summary>
/// Turns an extracted letter into a structured request: requester, questions, themes with their evidence,
/// flags, handling and the statutory due date. Pure and fast: no I/O, the same for the analyze stage and
/// <c>foi analyze</c>. In two steps, because duplicates need a store: <see cref="Read"/> the letter,
/// find its duplicates from <see cref="LetterReading.RequestText"/>, then <see cref="Conclude"/>.
/// </summary>
public sealed partial class LetterAnalyzer
{
    private const int SubjectLength = 90;

    private readonly StatutoryClock _clock;
    private readonly ThemeTagger _tagger;
    private readonly HandlingAdvisor _advisor;

    public LetterAnalyzer(StatutoryClock clock, ThemeTagger tagger, HandlingAdvisor advisor)
    {
        _clock = clock;
        _tagger = tagger;
        _advisor = advisor;
    }

    /// <summary>An analyzer with the embedded taxonomy and referral table.</summary>
    /// <summary>The analyzer with the embedded taxonomy, referral table and FOIA clock over the rule calendar.</summary>
    public static LetterAnalyzer WithDefaults() => WithDefaults(new StatutoryClock(new WorkingDays(BankHolidayCalendar.Embedded)));

    public static LetterAnalyzer WithDefaults(StatutoryClock clock)
        => new(clock, new ThemeTagger(ThemeTaxonomy.Embedded), new HandlingAdvisor(ThemeTaxonomy.Embedded, ReferralRules.Embedded));

    /// <summary>The analysis of a letter on its own, with no duplicates looked for.</summary>
    public LetterAnalysis Analyze(ExtractedDocument document) => Conclude(Read(document), []);

    public LetterReading Read(ExtractedDocument document)
    {
        var text = document.Text;
        var layout = LetterLayout.Of(document);
        var request = layout.RequestSpans;
        var split = QuestionSplitter.Split(text, request);

        // Themes: over the request and its title. With no request found (a filed response on its own), over what
        // the document says the information is about, so that harm arguments ("the threat from terrorism") do
        // not tag the request; failing that, over everything but the website chrome.
        var scored = layout.HasRequest
            ? [.. layout.Regions.Where(r => r.Kind == RegionKind.Title).Select(r => (r.Start, r.End)), .. request]
            : SubjectPhrases(text) is { Count: > 0 } subjects ? subjects
            : layout.Regions.Count == 0 ? [(0, text.Length)] : Without(text.Length, layout.Regions.Where(r => r.Kind is RegionKind.Chrome or RegionKind.Disclaimer));
        var evidence = _tagger.FindEvidence(text);
        var themes = _tagger.Score(text, evidence, scored);
        var questions = new List<Question>(split.Questions.Count);
        for (var i = 0; i < split.Questions.Count; i++)
        {
            var question = split.Questions[i];
            IReadOnlyList<(int, int)> spans = split.LeadIns[i] is { } leadIn ? [(question.Start, question.End), leadIn] : [(question.Start, question.End)];
            IEnumerable<string> themeIds = _tagger.Score(text, evidence, spans).Select(t => t.Id);

            // "How many of these were shotguns?" is about what the question before it was about.
            if (questions.Count > 0 && RefersBack().IsMatch(text.AsSpan(question.Start, question.End - question.Start)))
            {
                themeIds = themeIds.Union(questions[^1].Themes);
            }

            questions.Add(question with { Themes = [.. themeIds] });
        }

        var received = StatutoryClock.UkDate(document.ReceivedAt);
        var flags = RequestFlagger.Flag(text, request, split, layout.HasRequest, received);
        var warnings = new List<string>();
        DateOnly? due = null;
        try
        {
            due = _clock.DueDate(document.ReceivedAt);
        }
        catch (CalendarNotCoveredException ex)
        {
            warnings.Add($"No due date: {ex.Message}");
        }

        var analysis = new LetterAnalysis
        {
            Requester = RequesterFinder.Find(text, layout, layout.ForwardedFrom ?? document.Email),
            Subject = SubjectOf(document, layout, questions),
            Reference = layout.Reference,
            ReceivedAt = document.ReceivedAt,
            DueAt = due,
            Regime = _clock.Regime.Name,
            Questions = questions,
            Context = split.Context,
            Fallback = split.Fallback,
            Themes = themes,
            Flags = flags,
            Regions = layout.Regions,
            Warnings = warnings,
        };

        var requestText = string.Join("\n", (layout.HasRequest ? request : scored).Select(s => text[s.Start..s.End]));
        return new LetterReading(analysis, requestText, layout.HasRequest ? request : scored, text);
    }

    /// <summary>Adds what earlier requests say about this one, then decides handling: sensitivity, referrals, exemptions.</summary>
    public LetterAnalysis Conclude(LetterReading reading, IReadOnlyList<DuplicateLink> duplicates)
    {
        var analysis = reading.Analysis;
        var flags = analysis.Flags.Concat(DuplicateFlags(duplicates)).ToList();
        var handling = _advisor.Decide(reading.Text, reading.RequestSpans, analysis.Themes, flags);
        return analysis with
        {
            Flags = flags,
            Duplicates = duplicates,
            Sensitivity = handling.Sensitivity,
            SensitivityReasons = handling.SensitivityReasons,
            Referrals = handling.Referrals,
            SuggestedExemptions = handling.SuggestedExemptions,
        };
    }

    private static IEnumerable<RequestFlag> DuplicateFlags(IReadOnlyList<DuplicateLink> duplicates)
    {
        var repeats = duplicates.Where(d => d.Kind == DuplicateKinds.Repeat).ToList();
        if (repeats.Count > 0)
        {
            yield return new RequestFlag(
                FlagIds.RepeatRequest,
                $"The same requester has sent substantially the same request ({Describe(repeats)}). If that was answered and no reasonable interval has passed, s14(2) may apply; there is no public interest test.",
                []);
        }

        var others = duplicates.Where(d => d.Kind == DuplicateKinds.RoundRobin).ToList();
        if (others.Count > 0)
        {
            yield return new RequestFlag(
                FlagIds.RoundRobin,
                $"Other requesters have sent the same text ({Describe(others)}): a round-robin or campaign request. Answer it consistently with the others; consider aggregating within 60 working days if they act in concert.",
                []);
        }
    }

    private static string Describe(List<DuplicateLink> links)
        => string.Join("; ", links.Take(5).Select(l => string.Create(
                CultureInfo.InvariantCulture,
                $"{ShortId(l.DocId)}, {Math.Round(l.Similarity * 100)}% alike{(l.ReceivedAt is { } at ? $", received {at:yyyy-MM-dd}" : string.Empty)}")))
            + (links.Count > 5 ? $"; and {links.Count - 5} more" : string.Empty);

    // A document id (64 hex digits) is shortened as git shortens commits; anything else (a file name) is shown whole.
    private static string ShortId(string id) => id.Length == 64 && id.All(char.IsAsciiHexDigit) ? id[..12] : id;

    private static List<(int Start, int End)> Without(int length, IEnumerable<Region> cut)
    {
        var spans = new List<(int, int)>();
        var position = 0;
        foreach (var region in cut.OrderBy(r => r.Start))
        {
            if (region.Start > position)
            {
                spans.Add((position, region.Start));
            }

            position = Math.Max(position, region.End);
        }

        if (position < length)
        {
            spans.Add((position, length));
        }

        return spans;
    }

    [GeneratedRegex(@"^\s*(?:RE|FW|FWD|AW)\s*:\s*", RegexOptions.IgnoreCase)]
    private static partial Regex ReplyPrefix();

    // A heading such as "Freedom of Information Act 2000 request: live facial recognition".
    [GeneratedRegex(@"^\s*(?:freedom of information|foi)\b[^:\n]{0,60}?(?:request|act(?: 2000)?)\s*[:\-\u2013]\s*(?<subject>\S.{2,})$", RegexOptions.IgnoreCase)]
    private static partial Regex FoiHeading();

    /// <summary>
    /// What a document without a request says its information is about: "any information relating to the covert
    /// use of facial recognition" gives "the covert use of facial recognition".
    /// </summary>
    private static List<(int Start, int End)> SubjectPhrases(string text)
        => [.. InformationAbout().Matches(text).Select(m => (m.Groups["subject"].Index, m.Groups["subject"].Index + m.Groups["subject"].Length))];

    [GeneratedRegex(@"\b(?:of (?:these|those|them)|(?:these|those|such|the same) (?:\w+ ){0,2}?(?:incidents?|cases?|deployments?|discharges?|items?|arrests?|searches|stops|people|persons|individuals|officers|operations?|occasions?|events?|requests?|referrals?|reports?|authorisations?|applications?|crimes?|offences?|investigations?|sources?|devices?|cameras?|assessments?|visits?|protests?|matches|days?)|as a result|that day|on the day|the case|this (?:case|incident|operation|deployment|investigation))\b", RegexOptions.IgnoreCase)]
    private static partial Regex RefersBack();

    [GeneratedRegex(@"\b(?:information|data|records?|details)\s+(?:is held\s+)?(?:relating to|regarding|concerning|about|in relation to|in respect of)\s+(?<subject>[^.;:]{3,160}?)(?=\s+(?:is|are|was|were|would|could|will|may|might|has|have|held|and|or|but)\b|[.,;:]|$)", RegexOptions.IgnoreCase)]
    private static partial Regex InformationAbout();

    private static string? SubjectOf(ExtractedDocument document, LetterLayout layout, List<Question> questions)
    {
        if (!string.IsNullOrWhiteSpace(document.Email?.Subject))
        {
            return ReplyPrefix().Replace(document.Email.Subject, string.Empty).Trim();
        }

        if (layout.Title is { } title)
        {
            var heading = FoiHeading().Match(title);
            return heading.Success ? heading.Groups["subject"].Value.Trim() : title;
        }

        if (questions.Count > 0)
        {
            var first = questions[0].Text;
            return first.Length <= SubjectLength ? first : first[..SubjectLength].TrimEnd() + "…";
        }

        return null;
    }
}

/// <summary>The kinds of <see cref="DuplicateLink"/>, as the request contract spells them.</summary>
public static class DuplicateKinds
{
    public const string Repeat = "repeat";

    public const string RoundRobin = "round-robin";
}
