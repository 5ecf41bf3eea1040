using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using FoiPipeline.Pipeline;

namespace FoiPipeline.Analysis.Themes;

/// <summary>One weighted phrase that is evidence for a theme. Case-sensitive phrases are abbreviations ("CT", "CHIS").</summary>
public sealed record ThemePhrase(string Text, double Weight, bool CaseSensitive = false);

/// <summary>A regular expression that is evidence for a theme, for what a phrase cannot say ("section 41 ... Terrorism Act").</summary>
public sealed record ThemePattern(string Regex, double Weight, bool CaseSensitive = false);

/// <summary>A sensitive theme: what it is, how it is recognised, and what it means for handling the request.</summary>
public sealed record Theme
{
    public required string Id { get; init; }

    public required string Label { get; init; }

    public string Description { get; init; } = string.Empty;

    /// <summary>Only reviewers cleared for sensitive themes may see a request with this theme.</summary>
    public bool Restricted { get; init; }

    /// <summary>Requests with this theme usually need a specialist or national referral before answering.</summary>
    public bool Referral { get; init; }

    /// <summary>FOIA sections reviewers usually consider for this theme ("s24").</summary>
    public IReadOnlyList<string> Exemptions { get; init; } = [];

    public IReadOnlyList<ThemePhrase> Phrases { get; init; } = [];

    public IReadOnlyList<ThemePattern> Patterns { get; init; } = [];

    /// <summary>The score at which the theme is tagged; the taxonomy's default when null.</summary>
    public double? Threshold { get; init; }
}

/// <summary>
/// The theme taxonomy, read from a versioned JSON file (Data/themes.json, or an authority's own copy). The
/// file is checked when loaded, and any mistake is reported with where it is, because a silently ignored
/// theme is a sensitive request nobody flags.
/// </summary>
public sealed partial class ThemeTaxonomy
{
    public const string EmbeddedName = "FoiPipeline.Data.themes.json";

    // Declared before Embedded: static fields initialise in textual order, and Embedded reads the file with these.
    private static readonly JsonSerializerOptions FileOptions = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,

        // A theme missing its id or label is reported by the checks in Load, which say which theme; the
        // serializer's own "missing required properties" error would not.
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OptionalProperties<Theme> } },
    };

    private ThemeTaxonomy(string version, double defaultThreshold, IReadOnlyList<string> negationCues, IReadOnlyList<Theme> themes, string source)
    {
        Version = version;
        DefaultThreshold = defaultThreshold;
        NegationCues = negationCues;
        Themes = themes;
        Source = source;
    }

    public string Version { get; }

    public double DefaultThreshold { get; }

    /// <summary>Words that, shortly before a phrase in the same sentence, mean the phrase is not what is asked about.</summary>
    public IReadOnlyList<string> NegationCues { get; }

    public IReadOnlyList<Theme> Themes { get; }

    public string Source { get; }

    public Theme? this[string id] => Themes.FirstOrDefault(t => t.Id == id);

    public double ThresholdOf(Theme theme) => theme.Threshold ?? DefaultThreshold;

    public static ThemeTaxonomy Embedded { get; } = LoadEmbedded();

    public static ThemeTaxonomy Load(string path) => DataFile.Read(path, "theme taxonomy", Load);

    /// <exception cref="InvalidOperationException">The file is not a valid taxonomy; the message says what and where.</exception>
    public static ThemeTaxonomy Load(Stream json, string source)
    {
        TaxonomyFile? file;
        try
        {
            file = JsonSerializer.Deserialize<TaxonomyFile>(json, FileOptions);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"The theme taxonomy '{source}' is not valid JSON: {ex.Message}", ex);
        }

        var errors = new List<string>();
        if (file?.Themes is not { Count: > 0 } themes)
        {
            throw new InvalidOperationException($"The theme taxonomy '{source}' has no themes.");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var theme in themes)
        {
            var where = $"theme '{theme.Id}'";
            if (string.IsNullOrWhiteSpace(theme.Id) || !KebabCase().IsMatch(theme.Id))
            {
                errors.Add($"{where}: the id must be kebab-case (lower-case words joined by hyphens).");
            }

            if (!ids.Add(theme.Id ?? string.Empty))
            {
                errors.Add($"{where}: the id is used twice.");
            }

            if (string.IsNullOrWhiteSpace(theme.Label))
            {
                errors.Add($"{where}: a label is required.");
            }

            if (theme.Phrases.Count == 0 && theme.Patterns.Count == 0)
            {
                errors.Add($"{where}: give at least one phrase or pattern, or it can never be tagged.");
            }

            foreach (var phrase in theme.Phrases.Where(p => string.IsNullOrWhiteSpace(p.Text) || p.Weight is <= 0 or > 1))
            {
                errors.Add($"{where}: phrase '{phrase.Text}' needs text and a weight above 0 and at most 1.");
            }

            foreach (var pattern in theme.Patterns)
            {
                if (pattern.Weight is <= 0 or > 1)
                {
                    errors.Add($"{where}: pattern '{pattern.Regex}' needs a weight above 0 and at most 1.");
                }

                try
                {
                    _ = new Regex(pattern.Regex, RegexOptions.None, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException ex)
                {
                    errors.Add($"{where}: pattern '{pattern.Regex}' is not a valid regular expression ({ex.Message}).");
                }
            }

            foreach (var exemption in theme.Exemptions.Where(e => !Exemption().IsMatch(e)))
            {
                errors.Add($"{where}: exemption '{exemption}' should look like 's24'.");
            }
        }

        var threshold = file.DefaultThreshold ?? 0.5;
        if (threshold is <= 0 or > 1)
        {
            errors.Add($"defaultThreshold {threshold} must be above 0 and at most 1.");
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"The theme taxonomy '{source}' has problems:\n  " + string.Join("\n  ", errors));
        }

        return new ThemeTaxonomy(file.Version ?? "unversioned", threshold, file.NegationCues ?? [], themes, source);
    }

    private static ThemeTaxonomy LoadEmbedded()
    {
        using var stream = typeof(ThemeTaxonomy).Assembly.GetManifestResourceStream(EmbeddedName)
            ?? throw new InvalidOperationException($"The embedded resource {EmbeddedName} is missing from FoiPipeline.Core.");
        return Load(stream, "embedded themes.json");
    }

    /// <summary>Lets <typeparamref name="T"/> be read with its required properties missing, so that they are checked with the rest.</summary>
    internal static void OptionalProperties<T>(JsonTypeInfo info)
    {
        if (info.Type == typeof(T))
        {
            foreach (var property in info.Properties)
            {
                property.IsRequired = false;
            }
        }
    }

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex KebabCase();

    [GeneratedRegex("^s[0-9]{1,2}$")]
    private static partial Regex Exemption();

    private sealed record TaxonomyFile
    {
        [JsonPropertyName("version")]
        public string? Version { get; init; }

        public double? DefaultThreshold { get; init; }

        public List<string>? NegationCues { get; init; }

        public List<Theme> Themes { get; init; } = [];
    }
}
