using Microsoft.Extensions.Options;

namespace FoiPipeline.Triage;

/// <summary>Which triage index to use, bound from <c>FoiPipeline:Index</c>.</summary>
public sealed class TriageIndexOptions
{
    public const string SectionName = "FoiPipeline:Index";

    public const string Sqlite = "sqlite";
    public const string AzureSearchKind = "azure-search";

    /// <summary><c>sqlite</c> (the embedded index, the default) or <c>azure-search</c> (<see cref="AzureSearch"/>).</summary>
    public string Kind { get; set; } = Sqlite;

    /// <summary>The SQLite database file; relative paths are under the host's data folder.</summary>
    public string SqlitePath { get; set; } = "triage.db";

    /// <summary>The Azure AI Search service, when <see cref="Kind"/> is <c>azure-search</c>.</summary>
    public AzureSearchIndexOptions AzureSearch { get; set; } = new();

    public bool IsAzureSearch => string.Equals(Kind, AzureSearchKind, StringComparison.OrdinalIgnoreCase);
}

public sealed class TriageIndexOptionsValidator : IValidateOptions<TriageIndexOptions>
{
    public ValidateOptionsResult Validate(string? name, TriageIndexOptions options)
    {
        if (options.IsAzureSearch)
        {
            // Fingerprints then go to a second index on the same service (AzureSearchDuplicateStore).
            var problems = options.AzureSearch.Validate();
            return problems.Count > 0 ? ValidateOptionsResult.Fail(problems) : ValidateSqlitePath(options);
        }

        if (!string.Equals(options.Kind, TriageIndexOptions.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            return ValidateOptionsResult.Fail(
                $"FoiPipeline:Index:Kind = '{options.Kind}' is not a triage index; use 'sqlite' or 'azure-search'.");
        }

        return ValidateSqlitePath(options);
    }

    private static ValidateOptionsResult ValidateSqlitePath(TriageIndexOptions options)
    {
        return string.IsNullOrWhiteSpace(options.SqlitePath)
            ? ValidateOptionsResult.Fail("FoiPipeline:Index:SqlitePath must name a database file.")
            : ValidateOptionsResult.Success;
    }
}
