using FoiPipeline.Analysis.Flags;
using FoiPipeline.Analysis.Themes;
using Microsoft.Extensions.Options;

namespace FoiPipeline.Analysis;

/// <summary>The analyzer's data files and thresholds: <c>FoiPipeline:Analysis</c>.</summary>
public sealed class AnalysisOptions
{
    public const string SectionName = "FoiPipeline:Analysis";

    /// <summary>The authority's own theme taxonomy (same format as Data/themes.json); the embedded one when empty.</summary>
    public string? ThemesPath { get; set; }

    /// <summary>The authority's own referral table (same format as Data/referral-rules.json); the embedded one when empty.</summary>
    public string? ReferralRulesPath { get; set; }

    /// <summary>The least wording similarity (0 to 1) at which an earlier request is reported as a repeat or round robin.</summary>
    public double DuplicateThreshold { get; set; } = 0.6;

    public ThemeTaxonomy LoadTaxonomy() => ThemesPath is { Length: > 0 } path ? ThemeTaxonomy.Load(path) : ThemeTaxonomy.Embedded;

    public ReferralRules LoadReferralRules(ThemeTaxonomy taxonomy)
        => ReferralRulesPath is { Length: > 0 } path ? ReferralRules.Load(path, taxonomy)
            : ThemesPath is { Length: > 0 } ? ReferralRules.Load(ReferralRulesStream(), "embedded referral-rules.json", taxonomy)
            : ReferralRules.Embedded;

    private static Stream ReferralRulesStream()
        => typeof(ReferralRules).Assembly.GetManifestResourceStream(ReferralRules.EmbeddedName)
            ?? throw new InvalidOperationException($"The embedded resource {ReferralRules.EmbeddedName} is missing from FoiPipeline.Core.");
}

/// <summary>Checks the analysis settings at start-up, loading the data files so a mistake in them stops the host with its reason.</summary>
public sealed class AnalysisOptionsValidator : IValidateOptions<AnalysisOptions>
{
    public ValidateOptionsResult Validate(string? name, AnalysisOptions options)
    {
        var problems = new List<string>();
        if (!(options.DuplicateThreshold is > 0 and <= 1))
        {
            problems.Add($"{AnalysisOptions.SectionName}:DuplicateThreshold is {options.DuplicateThreshold}; give a similarity above 0 and at most 1 (0.6 by default).");
        }

        try
        {
            options.LoadReferralRules(options.LoadTaxonomy());
        }
        catch (InvalidOperationException ex)
        {
            problems.Add(ex.Message);
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
