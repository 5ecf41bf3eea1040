using FoiPipeline.Pipeline;
using FoiPipeline.Review;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FoiPipeline.UnitTests.Review;

/// <summary>Choosing the review store from configuration, and the start-up errors a wrong setting gives.</summary>
public sealed class ReviewStoreOptionsTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "foi-review-options-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddLogging()
            .AddSingleton(StorageClients.FromConnectionString("UseDevelopmentStorage=true", QueueMessageWireEncoding.Base64))
            .AddFoiPipelineCore(configuration, _dataDirectory)
            .BuildServiceProvider();
    }

    private static ValidateOptionsResult Validate(ReviewStoreOptions options)
        => new ReviewStoreOptionsValidator(Options.Create(new PipelineOptions())).Validate(null, options);

    [Fact]
    public void Unconfigured_reviews_go_to_the_triage_database()
    {
        using var services = Services(new() { ["FoiPipeline:Index:SqlitePath"] = "queue.db" });

        var store = Assert.IsType<SqliteReviewStore>(services.GetRequiredService<IReviewStore>());

        Assert.Equal(Path.GetFullPath(Path.Combine(_dataDirectory, "queue.db")), store.DatabasePath);
    }

    [Fact]
    public void The_blob_store_uses_the_configured_container()
    {
        using var services = Services(new() { ["FoiPipeline:Review:Store"] = "blob", ["FoiPipeline:Review:Container"] = "review-state" });

        var store = Assert.IsType<BlobReviewStore>(services.GetRequiredService<IReviewStore>());

        Assert.Equal("review-state", store.ContainerName);
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(Validate(new ReviewStoreOptions()).Succeeded);
        Assert.True(Validate(new ReviewStoreOptions { Store = "Blob" }).Succeeded);
    }

    [Fact]
    public void An_unknown_store_is_named_with_the_choices()
    {
        var result = Validate(new ReviewStoreOptions { Store = "cosmos" });

        Assert.True(result.Failed);
        Assert.Contains("FoiPipeline:Review:Store = 'cosmos'", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("'sqlite' or 'blob'", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Reviews")]
    [InlineData("re")]
    [InlineData("reviews--old")]
    [InlineData("")]
    public void A_container_name_azure_would_refuse_fails_at_start_up(string container)
    {
        var result = Validate(new ReviewStoreOptions { Store = "blob", Container = container });

        Assert.True(result.Failed);
        Assert.Contains("FoiPipeline:Review:Container", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stage_container_cannot_hold_reviews()
    {
        var result = Validate(new ReviewStoreOptions { Store = "blob", Container = new PipelineOptions().Containers.Requests });

        Assert.True(result.Failed);
        Assert.Contains("FoiPipeline:Containers", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_setting_stops_the_host_with_the_setting_named()
    {
        using var services = Services(new() { ["FoiPipeline:Review:Store"] = "files" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IReviewStore>());

        Assert.Contains("FoiPipeline:Review:Store", error.Message, StringComparison.Ordinal);
    }
}
