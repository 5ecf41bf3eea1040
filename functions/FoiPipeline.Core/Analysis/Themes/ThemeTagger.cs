using System.Text.RegularExpressions;

namespace FoiPipeline.Analysis.Themes;

/// <summary>A place in the text that is evidence for a theme: which theme, how strong, and whether a negation cancels it.</summary>
public readonly record struct ThemeEvidence(int Theme, double Weight, int Start, int End, bool Negated);

/// <summary>
/// Finds the evidence for every theme in a text in one pass over its words. Phrases match whole words,
/// ignoring case, hyphens ("counter-terrorism" is "counter terrorism") and a plural ending; abbreviations
/// ("CT", "CHIS") match only in capitals, so "ct" or "Chis" do not count. A phrase preceded within a few
/// words of the same sentence by a negation cue ("not related to", "excluding", "other than") is evidence
/// against nothing and for nothing: it is kept, marked negated, and does not score.
/// </summary>
public sealed class ThemeTagger
{
    private const int NegationWindow = 12;

    private readonly ThemeTaxonomy _taxonomy;
    private readonly Dictionary<string, List<PhraseEntry>> _byFirstWord = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<PhraseEntry>>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<(int Theme, Regex Regex, double Weight)> _patterns = [];
    private readonly List<string[]> _negationCues;

    private sealed record PhraseEntry(int Theme, string[] Words, double Weight, bool CaseSensitive);

    public ThemeTagger(ThemeTaxonomy taxonomy)
    {
        _taxonomy = taxonomy;
        for (var index = 0; index < taxonomy.Themes.Count; index++)
        {
            var theme = taxonomy.Themes[index];
            foreach (var phrase in theme.Phrases)
            {
                var words = Words.Split(phrase.Text);
                if (words.Length == 0)
                {
                    continue;
                }

                if (!_byFirstWord.TryGetValue(words[0], out var entries))
                {
                    _byFirstWord[words[0]] = entries = [];
                }

                entries.Add(new PhraseEntry(index, words, phrase.Weight, phrase.CaseSensitive));
            }

            foreach (var pattern in theme.Patterns)
            {
                // Compiled: the tagger lives as long as the host and runs these over every letter.
                var options = RegexOptions.CultureInvariant | RegexOptions.Compiled | (pattern.CaseSensitive ? RegexOptions.None : RegexOptions.IgnoreCase);
                _patterns.Add((index, new Regex(pattern.Regex, options, TimeSpan.FromMilliseconds(250)), pattern.Weight));
            }
        }

        _lookup = _byFirstWord.GetAlternateLookup<ReadOnlySpan<char>>();
        _negationCues = [.. taxonomy.NegationCues.Select(Words.Split).Where(w => w.Length > 0)];
    }

    public ThemeTaxonomy Taxonomy => _taxonomy;

    /// <summary>All evidence in <paramref name="text"/>, in order of position; overlapping matches for one theme keep the longest.</summary>
    public IReadOnlyList<ThemeEvidence> FindEvidence(string text)
    {
        var words = Words.Find(text);
        var found = new List<ThemeEvidence>();
        for (var i = 0; i < words.Count; i++)
        {
            var word = text.AsSpan(words[i].Start, words[i].Length);
            Match(text, words, i, word, found);
            if (word.Length > 3 && (word[^1] is 's' or 'S'))
            {
                Match(text, words, i, word[..^1], found);
                if (word[^2] is 'e' or 'E')
                {
                    Match(text, words, i, word[..^2], found);
                }
            }
        }

        foreach (var (theme, regex, weight) in _patterns)
        {
            try
            {
                foreach (Match match in regex.Matches(text))
                {
                    found.Add(new ThemeEvidence(theme, weight, match.Index, match.Index + match.Length, Negated(text, words, match.Index)));
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // A pathological text: the phrases still count, this pattern does not.
            }
        }

        return KeepLongest(found);
    }

    /// <summary>
    /// Scores evidence (within the given spans only) into the themes that reach their threshold, strongest first.
    /// <paramref name="evidence"/> is in order of position, as <see cref="FindEvidence"/> returns it: each span
    /// finds its evidence by binary search, so scoring every question of a long letter stays cheap.
    /// </summary>
    public IReadOnlyList<ThemeTag> Score(string text, IReadOnlyList<ThemeEvidence> evidence, IReadOnlyList<(int Start, int End)> within)
    {
        var kept = new List<Evidence>?[_taxonomy.Themes.Count];
        var strongest = new Dictionary<string, double>?[_taxonomy.Themes.Count];
        foreach (var (start, end) in Union(within))
        {
            for (var i = FirstStartingAtOrAfter(evidence, start); i < evidence.Count && evidence[i].Start < end; i++)
            {
                var item = evidence[i];
                if (item.Negated || item.End > end)
                {
                    continue;
                }

                // Saying the same thing twice is not more evidence: each distinct phrase counts once, at its weight.
                var key = Normalise(text.AsSpan(item.Start, item.End - item.Start));
                var byPhrase = strongest[item.Theme] ??= new Dictionary<string, double>(StringComparer.Ordinal);
                byPhrase[key] = Math.Max(byPhrase.GetValueOrDefault(key), item.Weight);
                (kept[item.Theme] ??= []).Add(new Evidence(text[item.Start..item.End], item.Start, item.End));
            }
        }

        var tags = new List<ThemeTag>();
        for (var index = 0; index < kept.Length; index++)
        {
            if (kept[index] is not { } found)
            {
                continue;
            }

            var missing = 1.0;
            foreach (var weight in strongest[index]!.Values)
            {
                missing *= 1 - weight;
            }

            var score = 1 - missing;
            var theme = _taxonomy.Themes[index];
            if (score >= _taxonomy.ThresholdOf(theme))
            {
                tags.Add(new ThemeTag(theme.Id, Math.Round(score, 3), found));
            }
        }

        tags.Sort((a, b) => b.Score.CompareTo(a.Score));
        return tags;
    }

    // The spans sorted and merged where they overlap, so no evidence is counted twice.
    private static List<(int Start, int End)> Union(IReadOnlyList<(int Start, int End)> spans)
    {
        var sorted = spans.Where(s => s.End > s.Start).OrderBy(s => s.Start).ToList();
        var union = new List<(int Start, int End)>(sorted.Count);
        foreach (var span in sorted)
        {
            if (union.Count > 0 && span.Start <= union[^1].End)
            {
                union[^1] = (union[^1].Start, Math.Max(union[^1].End, span.End));
            }
            else
            {
                union.Add(span);
            }
        }

        return union;
    }

    private static int FirstStartingAtOrAfter(IReadOnlyList<ThemeEvidence> evidence, int position)
    {
        int low = 0, high = evidence.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (evidence[middle].Start < position)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    // "Drones", "drone" and "DRONE" are one phrase; so are "counter-terrorism" and "Counter Terrorism".
    private static string Normalise(ReadOnlySpan<char> phrase)
    {
        var words = new System.Text.StringBuilder(phrase.Length);
        foreach (var (start, length) in Words.Find(phrase.ToString()))
        {
            var word = phrase.Slice(start, length).ToString().ToLowerInvariant();
            if (word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal))
            {
                // "searches" and "boxes" lose "es"; "drones" and "cases" lose only the "s".
                var sibilant = word.Length > 4 && word[^2] == 'e' && (word[^3] is 's' or 'x' or 'z' || word.EndsWith("ches", StringComparison.Ordinal) || word.EndsWith("shes", StringComparison.Ordinal));
                word = sibilant ? word[..^2] : word[..^1];
            }

            words.Append(word).Append(' ');
        }

        return words.ToString();
    }

    private void Match(string text, List<(int Start, int Length)> words, int at, ReadOnlySpan<char> key, List<ThemeEvidence> found)
    {
        if (!_lookup.TryGetValue(key, out var entries))
        {
            return;
        }

        foreach (var entry in entries)
        {
            if (at + entry.Words.Length > words.Count || !WordsMatch(text, words, at, entry))
            {
                continue;
            }

            var start = words[at].Start;
            var last = words[at + entry.Words.Length - 1];
            found.Add(new ThemeEvidence(entry.Theme, entry.Weight, start, last.Start + last.Length, Negated(text, words, start)));
        }
    }

    private static bool WordsMatch(string text, List<(int Start, int Length)> words, int at, PhraseEntry entry)
    {
        for (var k = 0; k < entry.Words.Length; k++)
        {
            var word = text.AsSpan(words[at + k].Start, words[at + k].Length);
            var expected = entry.Words[k].AsSpan();
            var comparison = entry.CaseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
            if (word.Equals(expected, comparison))
            {
                continue;
            }

            // Only the last word may carry a plural ending: "arrest" matches "arrests", "CTSA" matches "CTSAs".
            var isLast = k == entry.Words.Length - 1;
            if (!(isLast && word.StartsWith(expected, comparison) && (word.Length - expected.Length == 1 && word[^1] is 's' or 'S'
                || (word.Length - expected.Length == 2 && word[^2..].Equals("es", StringComparison.OrdinalIgnoreCase)))))
            {
                return false;
            }
        }

        return true;
    }

    // A negation cue earlier in the same clause: back to the sentence end, comma or colon before the match, at
    // most a dozen words. "I am not asking about terrorism cases or examinations under Schedule 7" negates both;
    // "Excluding Taser, how many firearms..." negates Taser and not firearms.
    private bool Negated(string text, List<(int Start, int Length)> words, int matchStart)
    {
        var first = words.BinarySearch((matchStart, 0), WordStartComparer.Instance);
        first = first < 0 ? ~first : first;
        var windowStart = Math.Max(0, first - NegationWindow);
        for (var i = first - 1; i >= windowStart; i--)
        {
            var gapStart = words[i].Start + words[i].Length;
            var gapEnd = i + 1 < words.Count ? words[i + 1].Start : matchStart;
            if (Words.SentenceBreakBetween(text, gapStart, gapEnd) || text.AsSpan(gapStart, Math.Max(0, gapEnd - gapStart)).IndexOfAny(',', ':') >= 0)
            {
                windowStart = i + 1;
                break;
            }
        }

        foreach (var cue in _negationCues)
        {
            for (var i = windowStart; i + cue.Length <= first; i++)
            {
                var matches = true;
                for (var k = 0; k < cue.Length && matches; k++)
                {
                    matches = text.AsSpan(words[i + k].Start, words[i + k].Length).Equals(cue[k], StringComparison.OrdinalIgnoreCase);
                }

                if (matches)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static List<ThemeEvidence> KeepLongest(List<ThemeEvidence> found)
    {
        found.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
        var kept = new List<ThemeEvidence>(found.Count);

        // Only evidence still open where this item starts can contain it; phrases are short, so this stays small.
        var open = new List<ThemeEvidence>();
        foreach (var item in found)
        {
            open.RemoveAll(other => other.End <= item.Start);
            var covered = false;
            foreach (var other in open)
            {
                // Within a longer phrase, a shorter one says nothing of its own: "covert" in "covert human
                // intelligence source" is evidence for informants only, "surveillance" in "directed surveillance"
                // for covert tactics only.
                if (other.Start <= item.Start && other.End >= item.End && (other.Theme == item.Theme || other.End - other.Start > item.End - item.Start))
                {
                    covered = true;
                    break;
                }
            }

            if (!covered)
            {
                kept.Add(item);
                open.Add(item);
            }
        }

        return kept;
    }

    private sealed class WordStartComparer : IComparer<(int Start, int Length)>
    {
        public static readonly WordStartComparer Instance = new();

        public int Compare((int Start, int Length) x, (int Start, int Length) y) => x.Start.CompareTo(y.Start);
    }
}

/// <summary>Words as the tagger sees them: runs of letters, digits and inner apostrophes; hyphens and punctuation separate.</summary>
public static class Words
{
    public static List<(int Start, int Length)> Find(string text)
    {
        var words = new List<(int Start, int Length)>(text.Length / 5);
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetterOrDigit(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && (char.IsLetterOrDigit(text[i]) || (text[i] is '\'' or '\u2019' && i + 1 < text.Length && char.IsLetter(text[i + 1]))))
            {
                i++;
            }

            words.Add((start, i - start));
        }

        return words;
    }

    public static string[] Split(string phrase) => [.. Find(phrase).Select(w => phrase.Substring(w.Start, w.Length))];

    /// <summary>Whether the gap between two words ends a sentence: a full stop, question or exclamation mark, semicolon, or a blank line.</summary>
    public static bool SentenceBreakBetween(string text, int gapStart, int gapEnd)
    {
        var newlines = 0;
        for (var i = gapStart; i < gapEnd && i < text.Length; i++)
        {
            switch (text[i])
            {
                case '.' or '?' or '!' or ';':
                    return true;
                case '\n' when ++newlines >= 2:
                    return true;
            }
        }

        return false;
    }
}
