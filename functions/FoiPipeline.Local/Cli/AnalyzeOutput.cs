using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FoiPipeline.Analysis;
using FoiPipeline.Deadlines;
using FoiPipeline.Pipeline;

namespace FoiPipeline.Local.Cli;

/// <summary>
/// One line of <c>foi analyze --json</c>: exactly the contract in DESIGN.md ("Contracts"). Its own types rather
/// than the analyzer's, so that a field added to the analysis does not change the contract by accident.
/// </summary>
internal sealed record AnalyzeLine
{
    public required string File { get; init; }

    public required AnalyzeRequester Requester { get; init; }

    /// <summary>A UTC instant to the second, "2026-11-02T09:14:22Z".</summary>
    public required string ReceivedAt { get; init; }

    public required DateOnly? DueAt { get; init; }

    public required IReadOnlyList<AnalyzeQuestion> Questions { get; init; }

    public required IReadOnlyList<AnalyzeTheme> Themes { get; init; }

    /// <summary>"standard" or "restricted".</summary>
    public required string Sensitivity { get; init; }

    public required bool Referral { get; init; }

    public required IReadOnlyList<string> SuggestedExemptions { get; init; }

    public required IReadOnlyList<AnalyzeDuplicate> Duplicates { get; init; }
}

internal sealed record AnalyzeRequester(string? Name, string? Email);

internal sealed record AnalyzeQuestion(string Label, string Text, IReadOnlyList<string> Themes);

internal sealed record AnalyzeTheme(string Id, double Score, IReadOnlyList<AnalyzeEvidence> Evidence);

internal sealed record AnalyzeEvidence(string Text, int Start, int End);

/// <summary>
/// An earlier file of the same <c>foi analyze</c> run that this one repeats (same requester) or resembles
/// (a round-robin: other requesters, the same text). <see cref="Similarity"/> is the estimated share of
/// shared wording, 0 to 1; <see cref="ExactCopy"/> says the request's words are identical.
/// </summary>
internal sealed record AnalyzeDuplicate(string File, string Kind, double Similarity, bool ExactCopy);

/// <summary>What <c>foi analyze</c> prints for one letter: the contract line, the whole analysis (<c>--full</c>), or text for a person.</summary>
internal static class AnalyzeOutput
{
    public static AnalyzeLine Line(string file, LetterAnalysis analysis, IReadOnlyList<AnalyzeDuplicate> duplicates) => new()
    {
        File = file,
        Requester = new AnalyzeRequester(analysis.Requester.Name, analysis.Requester.Email),
        ReceivedAt = analysis.ReceivedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        DueAt = analysis.DueAt,
        Questions = [.. analysis.Questions.Select(q => new AnalyzeQuestion(q.Label, q.Text, q.Themes))],
        Themes = [.. analysis.Themes.Select(t => new AnalyzeTheme(t.Id, t.Score, [.. t.Evidence.Select(e => new AnalyzeEvidence(e.Text, e.Start, e.End))]))],
        Sensitivity = Name(analysis.Sensitivity),
        Referral = analysis.Referral,
        SuggestedExemptions = analysis.SuggestedExemptions,
        Duplicates = duplicates,
    };

    /// <summary>
    /// The whole analysis for someone checking the analyzer: the file and its docId, then every field of
    /// <see cref="LetterAnalysis"/> (spans, context, fallback, flags, referrals with reasons, regions, warnings),
    /// duplicates in the batch shape, and the letter's text last so the spans can be checked against it.
    /// </summary>
    public static JsonObject Full(string file, string docId, LetterAnalysis analysis, IReadOnlyList<AnalyzeDuplicate> duplicates, string text)
    {
        var full = new JsonObject { ["file"] = file, ["docId"] = docId };
        var fields = JsonSerializer.SerializeToNode(analysis, PipelineJson.Options)!.AsObject();
        foreach (var (name, value) in fields.ToList())
        {
            fields.Remove(name);
            full[name] = name == "duplicates" ? JsonSerializer.SerializeToNode(duplicates, PipelineJson.Options) : value;
        }

        full["text"] = text;
        return full;
    }

    /// <summary>A readable summary: who, when, the questions with their themes, then what a reviewer should know. Warnings go to stderr.</summary>
    public static void WriteText(TextWriter output, string file, LetterAnalysis analysis, IReadOnlyList<AnalyzeDuplicate> duplicates)
    {
        // The UK date, which the deadline counts from: an email at 23:30 UTC in summer arrived the next day.
        var received = StatutoryClock.UkDate(analysis.ReceivedAt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var due = analysis.DueAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "unknown";
        var regime = analysis.Regime is { Length: > 0 } r ? $" ({r.ToUpperInvariant()})" : string.Empty;
        output.WriteLine($"{file}: from {analysis.Requester.Name ?? "?"} <{analysis.Requester.Email ?? "?"}>, received {received}, due {due}{regime}");
        if (analysis.Subject is { Length: > 0 } subject)
        {
            output.WriteLine($"  Subject: {subject}");
        }

        if (analysis.Reference is { Length: > 0 } reference)
        {
            output.WriteLine($"  Reference: {reference}");
        }

        if (analysis.Questions.Count == 0)
        {
            output.WriteLine("  Questions: none found");
        }
        else
        {
            output.WriteLine("  Questions:");
            foreach (var question in analysis.Questions)
            {
                var themes = question.Themes.Count > 0 ? $"  [{string.Join(", ", question.Themes)}]" : string.Empty;
                var label = question.Label.Length > 0 ? question.Label + "." : "-";
                output.WriteLine($"    {label} {OneLine(question.Text)}{themes}");
            }
        }

        foreach (var context in analysis.Context)
        {
            output.WriteLine($"  Context: {OneLine(context.Text)}");
        }

        if (analysis.Fallback is { } fallback)
        {
            output.WriteLine($"  Fallback (if over the cost limit): {OneLine(fallback.Text)}");
        }

        if (analysis.Themes.Count > 0)
        {
            output.WriteLine("  Themes:");
            foreach (var theme in analysis.Themes)
            {
                var evidence = string.Join(", ", theme.Evidence.Select(e => e.Text).Distinct(StringComparer.OrdinalIgnoreCase).Take(3).Select(e => $"\"{OneLine(e)}\""));
                output.WriteLine($"    {theme.Id} {theme.Score.ToString("0.00", CultureInfo.InvariantCulture)}{(evidence.Length > 0 ? ": " + evidence : string.Empty)}");
            }
        }

        output.WriteLine(analysis.SensitivityReasons.Count > 0
            ? $"  Sensitivity: {Name(analysis.Sensitivity)}: {string.Join("; ", analysis.SensitivityReasons)}"
            : $"  Sensitivity: {Name(analysis.Sensitivity)}");
        foreach (var referral in analysis.Referrals)
        {
            var identity = referral.IncludeRequesterIdentity ? "with" : "without";
            var because = referral.Because.Count > 0 ? $" Because: {string.Join("; ", referral.Because)}." : string.Empty;
            output.WriteLine($"  Referral ({Name(referral.Kind)}): {referral.Topic}, to {referral.Owner}, {identity} the requester's identity.{because}");
        }

        if (analysis.SuggestedExemptions.Count > 0)
        {
            output.WriteLine($"  Suggested exemptions: {string.Join(", ", analysis.SuggestedExemptions)}");
        }

        foreach (var flag in analysis.Flags)
        {
            var question = flag.Question is { Length: > 0 } label ? $" (question {label})" : string.Empty;
            output.WriteLine($"  Flag {flag.Id}{question}: {flag.Reason}");
        }

        foreach (var duplicate in duplicates)
        {
            var exact = duplicate.ExactCopy ? ", exact copy" : string.Empty;
            output.WriteLine($"  Duplicate: {duplicate.Kind} of {duplicate.File} ({Math.Round(duplicate.Similarity * 100).ToString(CultureInfo.InvariantCulture)}% similar{exact})");
        }
    }

    /// <summary>An enum value as the JSON spells it: "restricted", "mandatory".</summary>
    public static string Name<T>(T value)
        where T : struct, Enum
        => JsonSerializer.Serialize(value, PipelineJson.Options).Trim('"');

    private static string OneLine(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
