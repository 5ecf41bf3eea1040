using System.Text.Json;
using System.Text.Json.Serialization;

namespace FoiPipeline.UnitTests.Analysis.Gold;

/// <summary>tests/gold/gold.json: the labelled letters the analyzer is scored on (tests/gold/README.md says how they were labelled).</summary>
internal sealed record GoldSet(int Version, IReadOnlyList<GoldLetter> Letters)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "gold");

    public static GoldSet Load()
    {
        var json = File.ReadAllText(Path.Combine(Directory, "gold.json"));
        return JsonSerializer.Deserialize<GoldSet>(json, Json)
            ?? throw new InvalidOperationException("gold.json is empty.");
    }
}

internal sealed record GoldLetter
{
    public required string File { get; init; }

    public IReadOnlyList<string> Covers { get; init; } = [];

    public GoldRequester? Requester { get; init; }

    public string? Reference { get; init; }

    public required IReadOnlyList<GoldQuestion> Questions { get; init; }

    public required IReadOnlyList<string> Themes { get; init; }

    public required IReadOnlyList<IReadOnlyList<string>> QuestionThemes { get; init; }

    public string? Fallback { get; init; }

    public required GoldFlags Flags { get; init; }

    public string? Notes { get; init; }
}

internal sealed record GoldRequester(string? Name, string? Email);

internal sealed record GoldQuestion(string Label, string Text);

internal sealed record GoldFlags(bool SubjectAccess, bool CostRisk, bool NeedsClarification);
