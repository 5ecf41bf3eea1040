using System.Text.Json;
using FoiPipeline.Analysis.Themes;
using FoiPipeline.Pipeline;

namespace FoiPipeline.Analysis.Flags;

/// <summary>Whether an authority must refer a topic before answering, or refers it for advice.</summary>
public enum ReferralKind
{
    Advisory,
    Mandatory,
}

/// <summary>One topic in the authority's referral table.</summary>
public sealed record ReferralRule
{
    public required string Id { get; init; }

    public required string Topic { get; init; }

    /// <summary>The rule applies when the request has one of these themes; any request, when empty.</summary>
    public IReadOnlyList<string> Themes { get; init; } = [];

    /// <summary>When not empty, one of these must also appear in the request.</summary>
    public IReadOnlyList<string> Phrases { get; init; } = [];

    public ReferralKind Kind { get; init; } = ReferralKind.Advisory;

    /// <summary>Who the request goes to ("NPCC Central Referral Unit").</summary>
    public string Owner { get; init; } = string.Empty;

    /// <summary>Overrides the table's default for sharing the requester's identity with this owner.</summary>
    public bool? IncludeRequesterIdentity { get; init; }

    public string? Note { get; init; }
}

/// <summary>
/// The authority's table of topics that go to a specialist or national unit before a request is answered
/// (Data/referral-rules.json, or the authority's own copy at <c>FoiPipeline:Analysis:ReferralRulesPath</c>).
/// The FOI lead maintains it; the code only reads it.
/// </summary>
public sealed class ReferralRules
{
    public const string EmbeddedName = "FoiPipeline.Data.referral-rules.json";

    private ReferralRules(string version, bool includeRequesterIdentity, IReadOnlyList<ReferralRule> rules, string source)
    {
        Version = version;
        IncludeRequesterIdentity = includeRequesterIdentity;
        Rules = rules;
        Source = source;
    }

    public string Version { get; }

    /// <summary>Whether referrals carry the requester's name and address; false unless the authority decides otherwise.</summary>
    public bool IncludeRequesterIdentity { get; }

    public IReadOnlyList<ReferralRule> Rules { get; }

    public string Source { get; }

    // Declared before Embedded: static fields initialise in textual order, and Embedded reads the file with these.
    private static readonly JsonSerializerOptions FileOptions = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },

        // A rule missing its id or topic is reported by the checks in Load, which say which rule.
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver { Modifiers = { ThemeTaxonomy.OptionalProperties<ReferralRule> } },
    };

    public static ReferralRules Embedded { get; } = LoadEmbedded();

    public static ReferralRules Load(string path, ThemeTaxonomy taxonomy)
        => DataFile.Read(path, "referral table", (stream, source) => Load(stream, source, taxonomy));

    /// <exception cref="InvalidOperationException">The table is not valid; the message lists every problem.</exception>
    public static ReferralRules Load(Stream json, string source, ThemeTaxonomy taxonomy)
    {
        RulesFile? file;
        try
        {
            file = JsonSerializer.Deserialize<RulesFile>(json, FileOptions);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"The referral table '{source}' is not valid JSON: {ex.Message}", ex);
        }

        var rules = file?.Rules ?? [];
        var errors = new List<string>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            var where = $"rule '{rule.Id}'";
            if (string.IsNullOrWhiteSpace(rule.Id) || !ids.Add(rule.Id))
            {
                errors.Add($"{where}: every rule needs an id of its own.");
            }

            if (string.IsNullOrWhiteSpace(rule.Topic))
            {
                errors.Add($"{where}: say what the topic is in 'topic'.");
            }

            if (rule.Themes.Count == 0 && rule.Phrases.Count == 0)
            {
                errors.Add($"{where}: give themes, phrases or both, or it would refer every request.");
            }

            foreach (var theme in rule.Themes.Where(t => taxonomy[t] is null))
            {
                errors.Add($"{where}: theme '{theme}' is not in the taxonomy ({taxonomy.Source}); known themes are {string.Join(", ", taxonomy.Themes.Select(t => t.Id))}.");
            }

            if (rule.Phrases.Any(p => Words.Split(p).Length == 0))
            {
                errors.Add($"{where}: a phrase has no words in it.");
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"The referral table '{source}' has problems:\n  " + string.Join("\n  ", errors));
        }

        return new ReferralRules(file?.Version ?? "unversioned", file?.IncludeRequesterIdentity ?? false, rules, source);
    }

    private static ReferralRules LoadEmbedded()
    {
        using var stream = typeof(ReferralRules).Assembly.GetManifestResourceStream(EmbeddedName)
            ?? throw new InvalidOperationException($"The embedded resource {EmbeddedName} is missing from FoiPipeline.Core.");
        return Load(stream, "embedded referral-rules.json", ThemeTaxonomy.Embedded);
    }

    private sealed record RulesFile
    {
        public string? Version { get; init; }

        public bool? IncludeRequesterIdentity { get; init; }

        public List<ReferralRule> Rules { get; init; } = [];
    }
}
