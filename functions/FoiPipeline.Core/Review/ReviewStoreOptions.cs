using FoiPipeline.Pipeline;
using Microsoft.Extensions.Options;

namespace FoiPipeline.Review;

/// <summary>Where reviewer state of record is kept, bound from <c>FoiPipeline:Review</c>.</summary>
public sealed class ReviewStoreOptions
{
    public const string SectionName = "FoiPipeline:Review";

    public const string Sqlite = "sqlite";
    public const string Blob = "blob";

    /// <summary>
    /// <c>sqlite</c> (the default: tables in the triage database, <see cref="Triage.TriageIndexOptions.SqlitePath"/>)
    /// or <c>blob</c> (one JSON blob per request in <see cref="Container"/>; the Functions app's default).
    /// </summary>
    public string Store { get; set; } = Sqlite;

    /// <summary>The blob container when <see cref="Store"/> is <c>blob</c>.</summary>
    public string Container { get; set; } = BlobReviewStore.DefaultContainer;

    public bool IsBlob => string.Equals(Store, Blob, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Fails start-up with a message that names the setting, rather than failing at the first reviewer's action.</summary>
public sealed class ReviewStoreOptionsValidator : IValidateOptions<ReviewStoreOptions>
{
    private readonly IOptions<PipelineOptions>? _pipeline;

    /// <param name="pipeline">The pipeline's container names, so the review container is not one of them; optional.</param>
    public ReviewStoreOptionsValidator(IOptions<PipelineOptions>? pipeline = null)
    {
        _pipeline = pipeline;
    }

    public ValidateOptionsResult Validate(string? name, ReviewStoreOptions options)
    {
        if (!options.IsBlob)
        {
            return string.Equals(options.Store, ReviewStoreOptions.Sqlite, StringComparison.OrdinalIgnoreCase)
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"{ReviewStoreOptions.SectionName}:Store = '{options.Store}' is not a review store; use 'sqlite' or 'blob'.");
        }

        if (string.IsNullOrWhiteSpace(options.Container) || !PipelineOptionsValidator.StorageName().IsMatch(options.Container))
        {
            return ValidateOptionsResult.Fail(
                $"{ReviewStoreOptions.SectionName}:Container = '{options.Container}' is not a valid container name: use 3-63 lowercase letters, digits and single hyphens.");
        }

        // Listing the review container reads every blob in it as a review document; a stage's blobs there would break that.
        if (_pipeline?.Value.Containers.All.Contains(options.Container, StringComparer.Ordinal) == true)
        {
            return ValidateOptionsResult.Fail(
                $"{ReviewStoreOptions.SectionName}:Container = '{options.Container}' is already a pipeline stage's container (FoiPipeline:Containers); reviews need their own.");
        }

        return ValidateOptionsResult.Success;
    }
}
