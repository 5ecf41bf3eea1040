using System.Globalization;
using System.Text.RegularExpressions;
using FoiPipeline.Analysis.Questions;

namespace FoiPipeline.Analysis.Flags;

/// <summary>The stable ids of the flags a reviewer sees on a request.</summary>
public static class FlagIds
{
    /// <summary>The requester asks for their own personal data: a subject access request under UK GDPR / DPA 2018, not FOI (s40(1)).</summary>
    public const string SubjectAccess = "subject-access";

    /// <summary>Answering may exceed the appropriate limit (s12: £450, 18 hours for police): many years, many breakdowns, case-by-case review.</summary>
    public const string CostLimitRisk = "cost-limit-risk";

    /// <summary>No information is clearly described (s1(3)): the clock can stop while the requester clarifies.</summary>
    public const string NeedsClarification = "needs-clarification";

    /// <summary>A question asks for an opinion or explanation rather than recorded information (s1, s84).</summary>
    public const string NotRecordedInformation = "not-recorded-information";

    /// <summary>The same requester sent substantially the same request before: a s14(2) candidate.</summary>
    public const string RepeatRequest = "repeat-request";

    /// <summary>Different requesters sent the same text: a round-robin or campaign request, to be answered consistently.</summary>
    public const string RoundRobin = "round-robin";
}

/// <summary>Something a reviewer should know about a request, why the analyzer thinks so, and the words that made it think so.</summary>
public sealed record RequestFlag(string Id, string Reason, IReadOnlyList<Evidence> Evidence)
{
    /// <summary>The question the flag is about, by label; null when it is about the whole request.</summary>
    public string? Question { get; init; }
}

/// <summary>
/// Reads the request for what changes how it is handled: a subject access request in FOI clothing, a likely
/// cost-limit refusal, a request with nothing clearly described, and questions that ask for opinions. Each
/// flag says why in words a reviewer can check against the quoted evidence.
/// </summary>
public static partial class RequestFlagger
{
    /// <summary>Years of data at or above which a request is a cost risk by itself.</summary>
    public const int ManyYears = 10;

    /// <summary>Questions at or above which a request is a cost risk by itself.</summary>
    public const int ManyQuestions = 10;

    public static IReadOnlyList<RequestFlag> Flag(string text, IReadOnlyList<(int Start, int End)> request, QuestionSplit split, bool hasRequest, DateOnly received)
    {
        var flags = new List<RequestFlag>();
        var subjectAccess = SubjectAccess(text, request);
        var clarification = subjectAccess is null ? NeedsClarification(text, split, hasRequest) : null;

        // A subject access request goes to data protection, and a vague one is clarified before anyone
        // estimates its cost: neither is also flagged as a cost risk.
        var cost = subjectAccess is null && clarification is null ? CostLimitRisk(text, request, split, received) : null;
        foreach (var flag in new[] { subjectAccess, cost, clarification })
        {
            if (flag is not null)
            {
                flags.Add(flag);
            }
        }

        foreach (var question in split.Questions)
        {
            if (NotRecorded(text, question) is { } opinion)
            {
                flags.Add(opinion);
            }
        }

        return flags;
    }

    // ---- Subject access -----------------------------------------------------------------------------

    // "Subject access requests" in the plural are statistics about them, an FOI question; "emails about me" is the requester's own data.
    [GeneratedRegex(@"\bsubject access\b(?!\s+requests\b)|\b(?:e-?mails?|correspondence|communications|messages|records?|information|data|notes|files?|documents?|intelligence|reports?)\s+(?:(?:that|which)\s+(?:mentions?|names?|refers? to)|about|concerning|regarding|relating to|mentioning|naming|referring to)\s+(?:me|myself)\b|\b(?:right of access|article 15)\b[^.?\n]{0,60}\b(?:gdpr|data protection)\b|\b(?:information|data|records?|files?|details|documents?|footage|notes|emails?|correspondence|intelligence|anything)\b[^.?\n]{0,40}\b(?:held|hold|kept|keep|have|stored|store|recorded|record)\b[^.?\n]{0,25}\b(?:about|on|relating to|regarding|concerning|in relation to) (?:me|myself)\b|\bmy (?:own )?(?:personal (?:data|information|details)|police (?:record|file)|criminal record|pnc record|custody record|case file|file|arrest record|records|statement|interview recording|(?:body[- ]?worn |bodycam |cctv )?(?:video |camera )?footage of me)\b|\b(?:about|on|of) me and my\b|\b(?:footage|images?|photographs?|photos?|pictures?|(?:biometric |personal )?data|recordings?) of me\b|\bmy face\b|\b(?:crime report|case|file|investigation|statement) (?:for|into|about|of) my\b|\bmy (?:burglary|assault|complaint|arrest|crime report|case)\b", RegexOptions.IgnoreCase)]
    private static partial Regex OwnData();

    private static RequestFlag? SubjectAccess(string text, IReadOnlyList<(int Start, int End)> request)
    {
        var evidence = Find(text, request, OwnData());
        return evidence.Count == 0
            ? null
            : new RequestFlag(
                FlagIds.SubjectAccess,
                "The requester asks for information about themselves. That is a subject access request under data protection law (one calendar month), not FOI; the FOI answer is s40(1). Route it to data protection.",
                evidence);
    }

    // ---- Cost limit ---------------------------------------------------------------------------------

    [GeneratedRegex(@"\b(?<from>(?:19|20)\d{2})(?:/\d{2,4})?\s*(?:-|–|—|to|until|and|through|till)\s*(?:(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\s+)?(?<to>(?:19|20)\d{2})\b", RegexOptions.IgnoreCase)]
    private static partial Regex YearRange();

    [GeneratedRegex(@"\b(?:since|from|after)\s+(?:(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+)?(?<from>(?:19|20)\d{2})\b(?!\s*(?:-|–|to|until|and)\s*(?:\w+\s+)?(?:19|20)\d{2})", RegexOptions.IgnoreCase)]
    private static partial Regex SinceYear();

    [GeneratedRegex(@"\b(?:(?:for |in )?each (?:calendar |financial )?year|per year|a year|by year|year by year|annual(?:ly)?|yearly)\b", RegexOptions.IgnoreCase)]
    private static partial Regex YearByYear();

    [GeneratedRegex(@"\b(?:last|past|previous|preceding)\s+(?<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)\s+(?:calendar |financial )?years\b|\b(?:last|past) (?<decade>decade)\b", RegexOptions.IgnoreCase)]
    private static partial Regex LastYears();

    [GeneratedRegex(@"\b(?:broken down|break(?:ing)? (?:it |this |these |them |the (?:figures|data|information|numbers) )?down|breakdowns?|split|categorised|disaggregated)\s+(?:by|into|per|according to)\s+(?<dims>[^.?\n;]{3,200})", RegexOptions.IgnoreCase)]
    private static partial Regex BrokenDownBy();

    // A search through correspondence or every record, whatever the period.
    [GeneratedRegex(@"\b(?:(?:copies of |a copy of )?all (?:e-?mails|correspondence|communications|messages|texts|minutes|notes|documents|records|files|memos|briefings)|any (?:e-?mails|correspondence|communications|messages|texts)\b[^.?\n]{0,80}\b(?:mention|mentions|mentioning|refer|refers|referring|contain|containing|about)|every (?:e-?mail|document|record|file|piece of correspondence))\b", RegexOptions.IgnoreCase)]
    private static partial Regex BulkSearch();

    // Something to look up or judge in each case: costly when there are years of cases.
    [GeneratedRegex(@"\b(?:in each case|for each (?:of (?:those|these|the) (?:\w+ )?)?(?:case|incident|individual|person|officer|allegation|complaint|arrest|stop|search|deployment|occasion|assault|crime)s?|(?:the )?reasons? (?:for|why) (?:each|every)|on a case[- ]by[- ]case basis)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PerCase();

    private static readonly Dictionary<string, int> Numbers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8, ["nine"] = 9, ["ten"] = 10,
        ["eleven"] = 11, ["twelve"] = 12, ["fifteen"] = 15, ["twenty"] = 20,
    };

    private static RequestFlag? CostLimitRisk(string text, IReadOnlyList<(int Start, int End)> request, QuestionSplit split, DateOnly received)
    {
        var evidence = new List<Evidence>();
        var years = 0;
        foreach (var match in Matches(text, request, YearRange()))
        {
            var span = int.Parse(match.Groups["to"].Value, CultureInfo.InvariantCulture) - int.Parse(match.Groups["from"].Value, CultureInfo.InvariantCulture) + 1;
            if (span is > 1 and < 100)
            {
                years = Math.Max(years, span);
                evidence.Add(Of(match));
            }
        }

        // "Since 2015" qualifies one question as often as it sets the period of the data; it counts as years of
        // data only when the request asks for figures year by year.
        var yearByYear = Matches(text, request, YearByYear()).Any();
        foreach (var match in Matches(text, request, SinceYear()).Where(_ => yearByYear))
        {
            var span = received.Year - int.Parse(match.Groups["from"].Value, CultureInfo.InvariantCulture) + 1;
            if (span is > 1 and < 100)
            {
                years = Math.Max(years, span);
                evidence.Add(Of(match));
            }
        }

        foreach (var match in Matches(text, request, LastYears()))
        {
            var n = match.Groups["decade"].Success ? 10
                : int.TryParse(match.Groups["n"].Value, CultureInfo.InvariantCulture, out var digits) ? digits : Numbers[match.Groups["n"].Value];
            years = Math.Max(years, n);
            evidence.Add(Of(match));
        }

        var dimensions = 0;
        foreach (var match in Matches(text, request, BrokenDownBy()))
        {
            dimensions = Math.Max(dimensions, CountDimensions(match.Groups["dims"].Value));
            evidence.Add(Of(match));
        }

        var bulk = Matches(text, request, BulkSearch()).ToList();
        var perCase = Matches(text, request, PerCase()).ToList();
        var caseByCase = bulk.Concat(perCase).OrderBy(m => m.Index).ToList();
        evidence.AddRange(caseByCase.Select(Of));

        // Clear from the wording alone: many years with several breakdowns or many questions, very many
        // breakdowns, a search of all correspondence, or a review of each case over years.
        var reasons = new List<string>();
        var questions = split.Questions.Count;
        var risky = (years >= ManyYears && (dimensions >= 2 || questions >= 4))
            || (years >= 5 && dimensions >= 3)
            || dimensions >= 5
            || questions >= ManyQuestions
            || bulk.Count > 0
            || (perCase.Count > 0 && years >= 5);
        if (!risky)
        {
            return null;
        }

        if (years > 0)
        {
            reasons.Add($"{years} years of data");
        }

        if (dimensions > 0)
        {
            reasons.Add($"broken down {dimensions} way{(dimensions == 1 ? string.Empty : "s")}");
        }

        if (questions > 1)
        {
            reasons.Add($"{questions} questions");
        }

        if (caseByCase.Count > 0)
        {
            reasons.Add($"a case-by-case search or review (\"{caseByCase[0].Value}\")");
        }

        var fallback = split.Fallback is null ? " The requester has not said what to answer instead." : " The requester's fallback is recorded for the s16 advice.";
        return new RequestFlag(
            FlagIds.CostLimitRisk,
            $"Answering may exceed the appropriate limit (s12; 18 hours for police): {string.Join(", ", reasons)}. Estimate the time to locate, retrieve and extract; if one part is over, s12 applies to the whole request.{fallback}",
            Distinct(evidence));
    }

    // "age, gender and ethnicity" → 3; "month and year" → 2; "year" → 1.
    private static int CountDimensions(string dims)
    {
        var cut = DimensionsEnd().Split(dims)[0];
        return DimensionSeparator().Split(cut).Count(part => part.Any(char.IsLetter));
    }

    [GeneratedRegex(@"\b(?:for|in|from|between|during|since|over|within|where|that|which|if|please)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DimensionsEnd();

    [GeneratedRegex(@",|/|\band\b|\bor\b|&", RegexOptions.IgnoreCase)]
    private static partial Regex DimensionSeparator();

    // ---- Clarification ------------------------------------------------------------------------------

    [GeneratedRegex(@"\b(?:all|any|every(?:thing)?)\s+(?:the\s+)?(?:information|data|records|documents|material|details)\s+(?:(?:you|the force|the council|your organisation)\s+(?:hold|holds|have|has)\s+)?(?:on|about|regarding|concerning|relating to|in relation to|to do with)\b|\beverything (?:you have|you hold|held|about|on|regarding)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Unbounded();

    // What makes an ask answerable: a count, a sum, a date, a named kind of document, a list.
    [GeneratedRegex(@"\b(?:number|numbers|how many|how much|how often|total|cost|costs|amount|spend|budget|dates?|when|policy|policies|guidance|procedures?|figures|statistics|list|breakdown|names?|copy of (?:the|your|any) \w+|minutes|contract|assessment|report|whether)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Answerable();

    private static RequestFlag? NeedsClarification(string text, QuestionSplit split, bool hasRequest)
    {
        if (!hasRequest)
        {
            return new RequestFlag(
                FlagIds.NeedsClarification,
                "No request could be found: the text reads as the authority's own response or has no request in it. Check the original; if it is a request, ask the requester what information they want (s1(3)).",
                []);
        }

        if (split.Questions.Count == 0)
        {
            return new RequestFlag(
                FlagIds.NeedsClarification,
                "The letter does not describe any information to provide. Ask the requester to say what they want (s1(3)); the clock stops until they answer.",
                []);
        }

        // Vague: something asks for everything on a subject, and nothing asks for anything answerable.
        var vague = split.Questions.Select(q => (Question: q, Match: Unbounded().Match(text, q.Start, q.End - q.Start))).Where(v => v.Match.Success).ToList();
        if (vague.Count > 0 && !split.Questions.Any(q => Answerable().IsMatch(text.AsSpan(q.Start, q.End - q.Start))))
        {
            return new RequestFlag(
                FlagIds.NeedsClarification,
                "The request asks for everything on a broad subject without saying what information is wanted. Advise and assist (s16) and ask for clarification (s1(3)); the clock stops until the requester answers.",
                [.. vague.Select(v => Of(v.Match))]);
        }

        return null;
    }

    // ---- Opinions -----------------------------------------------------------------------------------

    [GeneratedRegex(@"\b(?:do you (?:think|believe|feel|agree|consider)|what (?:are|is) (?:your|the force's|the chief constable's) (?:thoughts|views?|opinions?|feelings|position|stance)|in your (?:view|opinion)|your (?:opinion|view) (?:on|of|about)|(?:please )?(?:explain|justify) why|(?:want to know|tell me|like to know) why|why (?:do|did|does|is|are|was|were|has|have|hasn't|haven't|don't|doesn't|didn't|won't|can't|cannot) (?:you|the (?:police|force|council|officers?))|are you (?:arresting|targeting|going|doing|planning|intending)\b[^?]*\bbecause\b)", RegexOptions.IgnoreCase)]
    private static partial Regex Opinion();

    private static RequestFlag? NotRecorded(string text, Question question)
    {
        var match = Opinion().Match(text, question.Start, question.End - question.Start);
        return match.Success
            ? new RequestFlag(
                FlagIds.NotRecordedInformation,
                $"Question {question.Label} asks for an opinion or explanation. FOI covers recorded information only (s1, s84): answer from any recorded information, or explain that none is held.",
                [Of(match)]) { Question = question.Label }
            : null;
    }

    // ---- Helpers ------------------------------------------------------------------------------------

    private static IEnumerable<Match> Matches(string text, IReadOnlyList<(int Start, int End)> spans, Regex pattern)
    {
        foreach (var (start, end) in spans)
        {
            for (var match = pattern.Match(text, start, end - start); match.Success; match = match.NextMatch())
            {
                yield return match;
            }
        }
    }

    private static List<Evidence> Find(string text, IReadOnlyList<(int Start, int End)> spans, Regex pattern) => [.. Matches(text, spans, pattern).Select(Of)];

    private static Evidence Of(Match match) => new(match.Value, match.Index, match.Index + match.Length);

    // In text order, dropping any that overlaps the one before it.
    private static List<Evidence> Distinct(List<Evidence> evidence)
    {
        var kept = new List<Evidence>(evidence.Count);
        foreach (var item in evidence.OrderBy(e => e.Start).ThenByDescending(e => e.End))
        {
            if (kept.Count == 0 || item.Start >= kept[^1].End)
            {
                kept.Add(item);
            }
        }

        return kept;
    }
}
