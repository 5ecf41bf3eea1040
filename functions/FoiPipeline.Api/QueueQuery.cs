using System.Globalization;
using FoiPipeline.Analysis;
using FoiPipeline.Analysis.Themes;
using FoiPipeline.Review;
using FoiPipeline.Triage;
using Microsoft.AspNetCore.Http;

namespace FoiPipeline.Api;

/// <summary>
/// Reads <c>GET /api/requests</c>'s query string into a <see cref="TriageQuery"/>. Every parameter is
/// checked against what it may hold (known statuses and themes, dates, ranges), and an unknown
/// parameter is an error rather than silently ignored, so a mistyped filter never shows the wrong queue.
/// </summary>
internal static class QueueQuery
{
    public const int MaxTextLength = 500;
    public const int MaxSkip = 100_000;

    public static IReadOnlyList<string> Parameters { get; } =
        ["q", "status", "theme", "sensitivity", "referral", "deadline", "dueBefore", "assignee", "sort", "skip", "take", "facets", "highlights"];

    private static readonly Dictionary<string, TriageSort> Sorts = new(StringComparer.Ordinal)
    {
        ["due"] = TriageSort.DueDate,
        ["received"] = TriageSort.ReceivedNewest,
        ["relevance"] = TriageSort.Relevance,
    };

    /// <summary>The query, or a sentence saying which parameter is wrong and what it may be.</summary>
    public static (TriageQuery? Query, string? Problem) Parse(IQueryCollection values, Reviewer reviewer, ThemeTaxonomy taxonomy)
    {
        if (values.Keys.FirstOrDefault(k => !Parameters.Contains(k)) is { } unknown)
        {
            return (null, $"Unknown parameter \"{JsonBody.Clip(unknown)}\"; the parameters are {string.Join(", ", Parameters)}.");
        }

        if (values.FirstOrDefault(p => p.Key is not ("status" or "theme" or "sensitivity" or "deadline") && p.Value.Count > 1) is { Key: { } repeated })
        {
            return (null, $"\"{repeated}\" is given more than once; give it once.");
        }

        var query = new TriageQuery();
        string? text = values["q"];
        if (text is not null)
        {
            if (text.Length > MaxTextLength)
            {
                return (null, $"\"q\" is {text.Length} characters; at most {MaxTextLength} are allowed.");
            }

            if (text.FirstOrDefault(c => !IsSearchCharacter(c)) is var bad and not '\0')
            {
                return (null, $"\"q\" holds '{(char.IsControl(bad) ? "a control character" : bad.ToString())}': search takes words and numbers (with . , ' - / & ( ) between them); every word given must match, and no other syntax has a meaning here.");
            }

            query = query with { Text = string.IsNullOrWhiteSpace(text) ? null : text };
        }

        var statuses = new List<RequestStatus>();
        foreach (var value in Split(values["status"]))
        {
            if (!StatusNames.TryParse(value, out var status))
            {
                return (null, $"\"status\": \"{JsonBody.Clip(value)}\" is not a status; statuses are {string.Join(", ", StatusNames.All)}.");
            }

            statuses.Add(status);
        }

        var themes = new List<string>();
        foreach (var value in Split(values["theme"]))
        {
            if (taxonomy[value] is null)
            {
                return (null, $"\"theme\": \"{JsonBody.Clip(value)}\" is not a theme; themes are {string.Join(", ", taxonomy.Themes.Select(t => t.Id))}.");
            }

            themes.Add(value);
        }

        var sensitivities = new List<Sensitivity>();
        foreach (var value in Split(values["sensitivity"]))
        {
            var parsed = value switch { "standard" => Sensitivity.Standard, "restricted" => (Sensitivity?)Sensitivity.Restricted, _ => null };
            if (parsed is null)
            {
                return (null, $"\"sensitivity\": \"{JsonBody.Clip(value)}\" is not a sensitivity; use standard or restricted.");
            }

            sensitivities.Add(parsed.Value);
        }

        var deadlines = new List<DeadlineStatus>();
        foreach (var value in Split(values["deadline"]))
        {
            var parsed = value switch { "due-soon" => DeadlineStatus.DueSoon, "overdue" => (DeadlineStatus?)DeadlineStatus.Overdue, _ => null };
            if (parsed is null)
            {
                return (null, $"\"deadline\": \"{JsonBody.Clip(value)}\" is not a deadline flag; use due-soon or overdue.");
            }

            deadlines.Add(parsed.Value);
        }

        query = query with { Statuses = statuses, Themes = themes, Sensitivities = sensitivities, Deadlines = deadlines };

        if (values["referral"] is { Count: 1 } referral)
        {
            if (!bool.TryParse(referral, out var flag))
            {
                return (null, "\"referral\" must be true or false.");
            }

            query = query with { Referral = flag };
        }

        if (values["dueBefore"] is { Count: 1 } due)
        {
            if (!DateOnly.TryParseExact(due, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return (null, "\"dueBefore\" must be a date written yyyy-MM-dd, such as 2026-12-01.");
            }

            query = query with { DueBefore = date };
        }

        if (values["assignee"] is { Count: 1 } assignee)
        {
            string who = assignee!;
            if (who.Length is 0 or > 200 || who.Any(char.IsControl))
            {
                return (null, "\"assignee\" must be a reviewer id (1 to 200 characters), or \"me\".");
            }

            query = query with { Assignee = who == "me" ? reviewer.Id : who };
        }

        if (values["sort"] is { Count: 1 } sort)
        {
            if (!Sorts.TryGetValue(sort!, out var order))
            {
                return (null, $"\"sort\" must be one of {string.Join(", ", Sorts.Keys)}.");
            }

            query = query with { Sort = order };
        }

        if (!TryInt(values, "skip", 0, MaxSkip, query.Skip, out var skip, out var problem)
            || !TryInt(values, "take", 0, TriageQuery.MaxTake, query.Take, out var take, out problem))
        {
            return (null, problem);
        }

        if (!TryBool(values, "facets", out var facets, out problem) || !TryBool(values, "highlights", out var highlights, out problem))
        {
            return (null, problem);
        }

        return (query with { Skip = skip, Take = take, IncludeFacets = facets, IncludeHighlights = highlights }, null);
    }

    /// <summary>
    /// What search text may hold: letters, digits, spaces and the punctuation found inside names, references
    /// and section numbers (O'Brien, s.24, 2019/20). Anything else would be query syntax to one index or
    /// the other, and neither gives it a meaning here, so it is refused rather than quietly dropped.
    /// </summary>
    private static bool IsSearchCharacter(char c)
        => char.IsLetterOrDigit(c) || c is ' ' or '.' or ',' or '\'' or '’' or '-' or '/' or '&' or '(' or ')';

    /// <summary>A repeatable parameter's values; each may also be a comma-separated list (<c>status=new,in-review</c>).</summary>
    private static IEnumerable<string> Split(Microsoft.Extensions.Primitives.StringValues values)
        => values.SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    private static bool TryInt(IQueryCollection values, string name, int min, int max, int fallback, out int value, out string? problem)
    {
        value = fallback;
        problem = null;
        if (values[name] is not { Count: 1 } text)
        {
            return true;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) || value < min || value > max)
        {
            problem = $"\"{name}\" must be a whole number from {min} to {max}.";
            return false;
        }

        return true;
    }

    private static bool TryBool(IQueryCollection values, string name, out bool value, out string? problem)
    {
        value = false;
        problem = null;
        if (values[name] is not { Count: 1 } text)
        {
            return true;
        }

        if (!bool.TryParse(text, out value))
        {
            problem = $"\"{name}\" must be true or false.";
            return false;
        }

        return true;
    }
}

/// <summary>Request statuses as the API and the index write them (kebab-case: <c>in-review</c>).</summary>
public static class StatusNames
{
    private static readonly Dictionary<string, RequestStatus> ByName =
        Enum.GetValues<RequestStatus>().ToDictionary(s => Name(s), StringComparer.Ordinal);

    public static IReadOnlyList<string> All { get; } = [.. Enum.GetValues<RequestStatus>().Select(Name)];

    public static string Name(RequestStatus status) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(status.ToString());

    public static bool TryParse(string? name, out RequestStatus status) => ByName.TryGetValue(name ?? string.Empty, out status);
}
