using System.Text.RegularExpressions;

namespace FoiPipeline.Benchmarks;

/// <summary>
/// The warnings and errors in the host's log, counted and grouped by their text with digits masked, so a results
/// file shows what the host went through (reconnects after a fault, retried stages) without the whole log.
/// </summary>
internal sealed partial record HostLogSummary(int Warnings, int Errors, IReadOnlyList<(string Line, int Times)> Kinds)
{
    private const int MaxKinds = 12;

    private const int MaxLineLength = 200;

    public static HostLogSummary Read(string path)
    {
        if (!File.Exists(path))
        {
            return new HostLogSummary(0, 0, []);
        }

        var lines = File.ReadLines(path)
            .Select(l => Level().Match(l))
            .Where(m => m.Success)
            .Select(m => (m.Groups["level"].Value, Text: Digits().Replace(m.Groups["text"].Value, "#")))
            .ToList();
        var kinds = lines
            .GroupBy(l => l.Text.Length > MaxLineLength ? l.Text[..MaxLineLength] + "…" : l.Text, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .Take(MaxKinds)
            .Select(g => (g.Key.Replace('`', '\''), g.Count()))
            .ToList();
        return new HostLogSummary(lines.Count(l => l.Value == "warn"), lines.Count(l => l.Value != "warn"), kinds);
    }

    [GeneratedRegex(@"^\S+ (?<level>warn|fail|crit): (?<text>.*)$")]
    private static partial Regex Level();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();
}
