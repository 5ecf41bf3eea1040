using System.Globalization;
using System.Text;
using FoiPipeline.Analysis;
using FoiPipeline.Analysis.Flags;

namespace FoiPipeline.UnitTests.Analysis.Gold;

/// <summary>Counts of agreement between the analyzer and the gold labels, and the report a person reads.</summary>
internal sealed class GoldScore
{
    private readonly List<string> _misses = [];
    private readonly Dictionary<string, (int Tp, int Fp, int Fn)> _byTheme = new(StringComparer.Ordinal);

    public int Letters { get; private set; }

    public int ExactQuestionCounts { get; private set; }

    public (int Tp, int Fp, int Fn) RequestThemes { get; private set; }

    public (int Tp, int Fp, int Fn) QuestionThemes { get; private set; }

    public int AlignedQuestions { get; private set; }

    public (int Right, int Of) Fallbacks { get; private set; }

    public Dictionary<string, (int Tp, int Fp, int Fn)> Flags { get; } = new(StringComparer.Ordinal);

    public double QuestionCountAccuracy => Letters == 0 ? 0 : (double)ExactQuestionCounts / Letters;

    public static double Recall((int Tp, int Fp, int Fn) c) => c.Tp + c.Fn == 0 ? 1 : (double)c.Tp / (c.Tp + c.Fn);

    public static double Precision((int Tp, int Fp, int Fn) c) => c.Tp + c.Fp == 0 ? 1 : (double)c.Tp / (c.Tp + c.Fp);

    public void Add(GoldLetter gold, LetterAnalysis analysis, string text)
    {
        Letters++;
        var name = Path.GetFileName(gold.File);
        if (analysis.Questions.Count == gold.Questions.Count)
        {
            ExactQuestionCounts++;
        }
        else
        {
            _misses.Add($"{name}: {analysis.Questions.Count} questions, expected {gold.Questions.Count}: [{string.Join(" | ", analysis.Questions.Select(q => Short(q.Text)))}]");
        }

        RequestThemes = Plus(RequestThemes, Compare(gold.Themes, [.. analysis.Themes.Select(t => t.Id)], name, "request", record: true));

        foreach (var (goldIndex, actualIndex) in Align(gold.Questions, analysis.Questions))
        {
            AlignedQuestions++;
            QuestionThemes = Plus(QuestionThemes, Compare(gold.QuestionThemes[goldIndex], analysis.Questions[actualIndex].Themes, name, $"question {gold.Questions[goldIndex].Label}", record: false));
        }

        var hasFallback = analysis.Fallback is not null;
        Fallbacks = (Fallbacks.Right + (hasFallback == (gold.Fallback is not null) ? 1 : 0), Fallbacks.Of + 1);
        if (hasFallback != (gold.Fallback is not null))
        {
            _misses.Add($"{name}: fallback {(hasFallback ? $"found \"{Short(analysis.Fallback!.Text)}\"" : "missed")}");
        }

        Flag("subject-access", gold.Flags.SubjectAccess, analysis, FlagIds.SubjectAccess, name);
        Flag("cost-risk", gold.Flags.CostRisk, analysis, FlagIds.CostLimitRisk, name);
        Flag("needs-clarification", gold.Flags.NeedsClarification, analysis, FlagIds.NeedsClarification, name);
    }

    public string Report()
    {
        var report = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        report.AppendLine(culture, $"Analyzer on the gold set ({Letters} letters)");
        report.AppendLine(culture, $"  question count exact     {QuestionCountAccuracy:P1} ({ExactQuestionCounts}/{Letters})   gate >= 95 %");
        report.AppendLine(culture, $"  request themes  recall   {Recall(RequestThemes):0.000}  precision {Precision(RequestThemes):0.000}   gate recall >= 0.98, precision >= 0.90");
        report.AppendLine(culture, $"  question themes recall   {Recall(QuestionThemes):0.000}  precision {Precision(QuestionThemes):0.000}   ({AlignedQuestions} questions aligned)");
        report.AppendLine(culture, $"  fallback found or not    {Fallbacks.Right}/{Fallbacks.Of}");
        foreach (var (flag, counts) in Flags.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            report.AppendLine(culture, $"  flag {flag,-20} recall {Recall(counts):0.00}  precision {Precision(counts):0.00}  ({counts.Tp} right, {counts.Fp} extra, {counts.Fn} missed)");
        }

        report.AppendLine("  by theme (request level):");
        foreach (var (theme, counts) in _byTheme.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            report.AppendLine(culture, $"    {theme,-20} recall {Recall(counts):0.00}  precision {Precision(counts):0.00}  ({counts.Tp}/{counts.Tp + counts.Fn}, {counts.Fp} extra)");
        }

        if (_misses.Count > 0)
        {
            report.AppendLine("  where it disagrees:");
            foreach (var miss in _misses)
            {
                report.AppendLine("    " + miss);
            }
        }

        return report.ToString();
    }

    private (int, int, int) Compare(IReadOnlyList<string> expected, IReadOnlyList<string> actual, string name, string where, bool record)
    {
        var tp = expected.Intersect(actual).ToList();
        var fp = actual.Except(expected).ToList();
        var fn = expected.Except(actual).ToList();
        if (record)
        {
            foreach (var theme in tp)
            {
                Count(theme, 1, 0, 0);
            }

            foreach (var theme in fp)
            {
                Count(theme, 0, 1, 0);
            }

            foreach (var theme in fn)
            {
                Count(theme, 0, 0, 1);
            }
        }

        if (fp.Count + fn.Count > 0)
        {
            _misses.Add($"{name} {where}: {(fn.Count > 0 ? "missed " + string.Join(", ", fn) : string.Empty)}{(fn.Count > 0 && fp.Count > 0 ? "; " : string.Empty)}{(fp.Count > 0 ? "extra " + string.Join(", ", fp) : string.Empty)}");
        }

        return (tp.Count, fp.Count, fn.Count);
    }

    private void Count(string theme, int tp, int fp, int fn)
    {
        var (a, b, c) = _byTheme.GetValueOrDefault(theme);
        _byTheme[theme] = (a + tp, b + fp, c + fn);
    }

    private void Flag(string name, bool expected, LetterAnalysis analysis, string id, string file)
    {
        var actual = analysis.Flags.Any(f => f.Id == id);
        var (tp, fp, fn) = Flags.GetValueOrDefault(name);
        Flags[name] = (tp + (expected && actual ? 1 : 0), fp + (!expected && actual ? 1 : 0), fn + (expected && !actual ? 1 : 0));
        if (expected != actual)
        {
            _misses.Add($"{file}: flag {name} {(actual ? "raised" : "missed")}");
        }
    }

    /// <summary>Pairs gold and found questions: by position when the counts agree, else each gold question with the found one sharing most words.</summary>
    private static IEnumerable<(int Gold, int Actual)> Align(IReadOnlyList<GoldQuestion> gold, IReadOnlyList<Question> actual)
    {
        if (gold.Count == actual.Count)
        {
            return Enumerable.Range(0, gold.Count).Select(i => (i, i));
        }

        var pairs = new List<(int, int)>();
        var used = new HashSet<int>();
        for (var g = 0; g < gold.Count; g++)
        {
            var words = WordsOf(gold[g].Text);
            var best = Enumerable.Range(0, actual.Count).Where(a => !used.Contains(a))
                .Select(a => (Index: a, Overlap: Jaccard(words, WordsOf(actual[a].Text))))
                .OrderByDescending(x => x.Overlap).FirstOrDefault((-1, 0));
            if (best.Overlap >= 0.5)
            {
                used.Add(best.Index);
                pairs.Add((g, best.Index));
            }
        }

        return pairs;
    }

    private static HashSet<string> WordsOf(string text)
        => [.. text.ToLowerInvariant().Split((char[])[' ', ',', '.', '?', ';', ':', '(', ')'], StringSplitOptions.RemoveEmptyEntries)];

    private static double Jaccard(HashSet<string> a, HashSet<string> b) => a.Count + b.Count == 0 ? 0 : (double)a.Intersect(b).Count() / a.Union(b).Count();

    private static (int, int, int) Plus((int Tp, int Fp, int Fn) a, (int Tp, int Fp, int Fn) b) => (a.Tp + b.Tp, a.Fp + b.Fp, a.Fn + b.Fn);

    private static string Short(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
