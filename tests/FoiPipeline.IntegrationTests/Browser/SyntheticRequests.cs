using System.Globalization;
using System.Text;
using FoiPipeline.Analysis;
using FoiPipeline.Analysis.Flags;
using FoiPipeline.Analysis.Themes;
using FoiPipeline.Deadlines;
using FoiPipeline.Pipeline;
using FoiPipeline.Triage;

namespace FoiPipeline.IntegrationTests.Browser;

/// <summary>
/// Made-up but plausible requests for filling a queue (the reviewer page at realistic sizes): letters with
/// numbered questions, themes from the embedded taxonomy with their evidence, FOIA due dates, restricted and
/// referred requests where the themes say so, and a share of round-robin and repeat requests linked to the
/// ones they copy. The same seed always gives the same requests.
/// </summary>
public static class SyntheticRequests
{
    /// <summary>When the newest synthetic request arrives: fixed, so every run fills the same queue; the rest go back about 60 days from it.</summary>
    public static readonly DateTimeOffset Newest = new(2026, 11, 20, 16, 30, 0, TimeSpan.Zero);

    private static readonly StatutoryClock Clock = new(new WorkingDays(BankHolidayCalendar.Embedded));

    private static readonly string[] FirstNames =
    [
        "Priya", "Tom", "Aisha", "Gareth", "Siobhan", "Kwame", "Eleanor", "Mohammed", "Fiona", "Dylan",
        "Harriet", "Rhys", "Niamh", "Oluwaseun", "Callum", "Grace", "Imran", "Bethan", "Lewis", "Zofia",
    ];

    private static readonly string[] LastNames =
    [
        "Shah", "Hughes", "Okafor", "Price", "Doherty", "Mensah", "Barker", "Rahman", "MacLeod", "Evans",
        "Whitfield", "Jones", "Byrne", "Adeyemi", "Fraser", "Turner", "Qureshi", "Morgan", "Campbell", "Nowak",
    ];

    private static readonly string[] Places =
    [
        "Birmingham", "Coventry", "Wolverhampton", "Dudley", "Walsall", "Solihull", "Sandwell", "Lambeth",
        "Hackney", "Croydon", "Westminster", "Tower Hamlets",
    ];

    /// <summary>Everyday asks with no sensitive theme: most of a real queue.</summary>
    private static readonly (string Subject, string Question)[] Ordinary =
    [
        ("Police vehicle fleet", "How many marked police vehicles did the force own on 31 March {year}, broken down by make and model?"),
        ("Shoplifting in {place}", "How many shoplifting offences were recorded in {place} in each year from {year} to date?"),
        ("Officer sickness absence", "How many working days were lost to officer sickness absence in the financial year {year}/{next}?"),
        ("Response times in {place}", "What was the average response time to emergency (grade 1) calls in {place} during {year}?"),
        ("Speed camera fines", "How many fixed penalty notices for speeding were issued from cameras in {place} in {year}?"),
        ("Overtime spending", "How much did the force spend on police officer overtime in the financial year {year}/{next}?"),
        ("Stop and search figures", "How many stop and searches were carried out in {place} in {year}, and how many led to an arrest?"),
        ("Recruitment of PCSOs", "How many police community support officers were recruited in {year}, and how many left?"),
        ("Dog thefts reported", "How many dog thefts were reported to the force in {year}, and how many dogs were recovered?"),
        ("Police station closures", "Which police station front counters in {place} have closed since {year}?"),
        ("Cycle theft in {place}", "How many bicycle thefts were recorded in {place} in {year}, and how many were solved?"),
        ("Training budget", "What was the force's budget for officer training in {year}/{next}, and how much was spent?"),
    ];

    /// <summary>Asks that read naturally around any phrase of a theme, so the phrase is the evidence for the tag.</summary>
    private static readonly string[] ThemedAsks =
    [
        "Please provide any policy, procedure or guidance documents the force holds concerning {phrase}.",
        "How much did the force spend on work relating to {phrase} in the financial year {year}/{next}?",
        "How many incidents involving {phrase} were recorded in {place} in {year}?",
        "How many staff work in units whose remit includes {phrase}, as of 1 April {year}?",
    ];

    /// <summary>
    /// <paramref name="count"/> requests, newest first in arrival order, ids derived from <paramref name="seed"/> and the position.
    /// About one in seven carries a restricted theme (so a reviewer without clearance sees fewer), one in twenty-five
    /// is a round-robin copy of an earlier letter from another requester, and one in forty a repeat from the same one.
    /// </summary>
    public static IReadOnlyList<TriageEntry> Create(int count, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new Random(seed);
        var themes = ThemeTaxonomy.Embedded.Themes;
        var restricted = themes.Where(t => t.Restricted).ToList();
        var open = themes.Where(t => !t.Restricted).ToList();
        var entries = new List<TriageEntry>(count);
        for (var i = 0; i < count; i++)
        {
            // Spread over about 60 days with office-hours arrivals, so some requests are overdue and some far off.
            var receivedAt = Newest.AddMinutes(-(i * 8.6) - random.Next(0, 5));
            var id = DocId.Of(Encoding.UTF8.GetBytes($"synthetic/{seed}/{i}"));
            var requester = RequesterFor(random);

            if (i > 0 && random.Next(25) == 0)
            {
                entries.Add(CopyOf(entries[random.Next(Math.Max(0, i - 200), i)], id, receivedAt, requester, DuplicateKinds.RoundRobin, FlagIds.RoundRobin, i));
                continue;
            }

            if (i > 0 && random.Next(40) == 0)
            {
                var original = entries[random.Next(Math.Max(0, i - 200), i)];
                entries.Add(CopyOf(original, id, receivedAt, original.Requester, DuplicateKinds.Repeat, FlagIds.RepeatRequest, i));
                continue;
            }

            var tagged = random.Next(100) switch
            {
                < 14 => [restricted[random.Next(restricted.Count)], .. random.Next(3) == 0 ? [open[random.Next(open.Count)]] : Array.Empty<Theme>()],
                < 45 => [open[random.Next(open.Count)]],
                _ => Array.Empty<Theme>(),
            };
            entries.Add(Letter(random, id, receivedAt, requester, tagged.DistinctBy(t => t.Id).ToList(), i));
        }

        return entries;
    }

    /// <summary>
    /// Creates <paramref name="count"/> requests (<see cref="Create"/>) and puts them into <paramref name="index"/>: in one
    /// transaction when it is the SQLite index, so 10,000 take seconds rather than a commit each.
    /// </summary>
    public static async Task<IReadOnlyList<TriageEntry>> SeedAsync(ITriageIndex index, int count, int seed = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(index);
        var entries = Create(count, seed);
        if (index is SqliteTriageIndex sqlite)
        {
            await sqlite.UpsertManyAsync(entries, cancellationToken);
            return entries;
        }

        foreach (var entry in entries)
        {
            await index.UpsertAsync(entry, cancellationToken);
        }

        return entries;
    }

    private static TriageEntry Letter(Random random, string id, DateTimeOffset receivedAt, Requester requester, List<Theme> themes, int position)
    {
        var year = (receivedAt.Year - 1 - random.Next(3)).ToString(CultureInfo.InvariantCulture);
        var next = ((int.Parse(year, CultureInfo.InvariantCulture) + 1) % 100).ToString("00", CultureInfo.InvariantCulture);
        var place = Places[random.Next(Places.Length)];
        string Fill(string template, string phrase = "") => template
            .Replace("{year}", year, StringComparison.Ordinal)
            .Replace("{next}", next, StringComparison.Ordinal)
            .Replace("{place}", place, StringComparison.Ordinal)
            .Replace("{phrase}", phrase, StringComparison.Ordinal);

        var ordinary = Ordinary[random.Next(Ordinary.Length)];
        var asks = new List<(string Text, Theme? Theme, string? Phrase)> { (Fill(ordinary.Question), null, null) };
        foreach (var theme in themes)
        {
            var phrase = theme.Phrases[random.Next(Math.Min(4, theme.Phrases.Count))].Text;
            asks.Add((Fill(ThemedAsks[random.Next(ThemedAsks.Length)], phrase), theme, phrase));
        }

        if (random.Next(3) == 0)
        {
            asks.Add((Fill(Ordinary[random.Next(Ordinary.Length)].Question), null, null));
        }

        // Themed asks first, as letters about a sensitive subject usually open with it.
        asks = [.. asks.OrderBy(a => a.Theme is null)];
        var subject = themes.Count > 0 && random.Next(2) == 0
            ? $"Freedom of Information request - {themes[0].Label.ToLowerInvariant()}"
            : Fill(ordinary.Subject);

        var text = new StringBuilder();
        text.Append("Dear West Midlands Police,\n\nUnder the Freedom of Information Act 2000, please provide the following information:\n\n");
        var questions = new List<Question>();
        var evidence = new Dictionary<string, Evidence>(StringComparer.Ordinal);
        for (var q = 0; q < asks.Count; q++)
        {
            var label = (q + 1).ToString(CultureInfo.InvariantCulture);
            text.Append(label).Append(". ");
            var start = text.Length;
            text.Append(asks[q].Text);
            var end = text.Length;
            text.Append('\n');
            var theme = asks[q].Theme;
            questions.Add(new Question { Label = label, Text = asks[q].Text, Start = start, End = end, Themes = theme is null ? [] : [theme.Id] });
            if (theme is not null)
            {
                var at = start + asks[q].Text.IndexOf(asks[q].Phrase!, StringComparison.Ordinal);
                evidence[theme.Id] = new Evidence(asks[q].Phrase!, at, at + asks[q].Phrase!.Length);
            }
        }

        text.Append("\nI would like to receive the information electronically.\n\nYours faithfully,\n").Append(requester.Name).Append('\n');
        var flags = new List<string>();
        if (asks.Count > 2 || random.Next(12) == 0)
        {
            flags.Add(FlagIds.CostLimitRisk);
        }

        var ocr = random.Next(10) == 0;
        return new TriageEntry
        {
            Id = id,
            ReceivedAt = receivedAt,
            DueAt = Clock.DueDate(receivedAt),
            Subject = subject,
            Requester = requester,
            Text = text.ToString(),
            Questions = questions,
            Themes = [.. themes.Select(t => new ThemeTag(t.Id, Math.Round(0.6 + random.NextDouble() * 0.39, 2), [evidence[t.Id]]))],
            Sensitivity = themes.Any(t => t.Restricted) ? Sensitivity.Restricted : Sensitivity.Standard,
            Referral = themes.Any(t => t.Referral),
            SuggestedExemptions = [.. themes.SelectMany(t => t.Exemptions).Distinct().Order(StringComparer.Ordinal)],
            SourceBlob = $"synthetic-{position:00000}.{(ocr ? "pdf" : "eml")}",
            ExtractionMethod = ocr ? "ocr" : "mime",
            ExtractionConfidence = ocr ? Math.Round(0.78 + random.NextDouble() * 0.2, 2) : null,
            PipelineVersion = "synthetic",
            IndexedAt = receivedAt.AddSeconds(4),
            Reference = $"FOI-{receivedAt.Year}-{position:00000}",
            Flags = flags,
        };
    }

    /// <summary>The same letter again, as the duplicate detector would index it: linked to the original and flagged.</summary>
    private static TriageEntry CopyOf(TriageEntry original, string id, DateTimeOffset receivedAt, Requester requester, string kind, string flag, int position)
        => original with
        {
            Id = id,
            ReceivedAt = receivedAt,
            DueAt = Clock.DueDate(receivedAt),
            Requester = requester,
            Text = original.Text.Replace(original.Requester.Name!, requester.Name, StringComparison.Ordinal),
            Duplicates = [new DuplicateLink(original.Id, kind, 0.97) { ReceivedAt = original.ReceivedAt }],
            Flags = [.. original.Flags.Where(f => f != FlagIds.RoundRobin && f != FlagIds.RepeatRequest).Append(flag)],
            SourceBlob = $"synthetic-{position:00000}.eml",
            ExtractionMethod = "mime",
            ExtractionConfidence = null,
            IndexedAt = receivedAt.AddSeconds(4),
            Reference = $"FOI-{receivedAt.Year}-{position:00000}",
        };

    private static Requester RequesterFor(Random random)
    {
        var first = FirstNames[random.Next(FirstNames.Length)];
        var last = LastNames[random.Next(LastNames.Length)];

        // Many real requests come through WhatDoTheyKnow, with a per-request address; the rest from personal or newsroom mail.
        var email = random.Next(3) switch
        {
            0 => $"request-{random.Next(100_000, 999_999)}-{random.Next(0x10000000, int.MaxValue):x8}@whatdotheyknow.com",
            1 => $"{first.ToLowerInvariant()}.{last.ToLowerInvariant()}@example.org",
            _ => $"{first[0]}{last}@newsdesk.example.co.uk".ToLowerInvariant(),
        };
        return new Requester($"{first} {last}", email);
    }
}
