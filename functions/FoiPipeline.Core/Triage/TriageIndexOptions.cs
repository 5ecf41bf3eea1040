using Microsoft.Extensions.Options;

namespace FoiPipeline.Triage;

/// <summary>Which triage index to use, bound from <c>FoiPipeline:Index</c>.</summary>
public sealed class TriageIndexOptions
{
    public const string SectionName = "FoiPipeline:Index";

    /// <summary>Only <c>sqlite</c> in this build; Azure AI Search is the next implementation of <see cref="ITriageIndex"/>.</summary>
    public string Kind { get; set; } = "sqlite";

    /// <summary>The SQLite database file; relative paths are under the host's data folder.</summary>
    public string SqlitePath { get; set; } = "triage.db";
}

public sealed class TriageIndexOptionsValidator : IValidateOptions<TriageIndexOptions>
{
    public ValidateOptionsResult Validate(string? name, TriageIndexOptions options)
    {
        if (!string.Equals(options.Kind, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return ValidateOptionsResult.Fail(
                $"FoiPipeline:Index:Kind = '{options.Kind}' is not available in this build; the triage index it has is 'sqlite'.");
        }

        return string.IsNullOrWhiteSpace(options.SqlitePath)
            ? ValidateOptionsResult.Fail("FoiPipeline:Index:SqlitePath must name a database file.")
            : ValidateOptionsResult.Success;
    }
}
