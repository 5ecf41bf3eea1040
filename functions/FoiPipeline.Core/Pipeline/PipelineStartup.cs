using FoiPipeline.Review;
using FoiPipeline.Triage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FoiPipeline.Pipeline;

/// <summary>
/// Creates the containers, queues, triage index and review store before the host starts taking work; every step is
/// create-if-missing, so it is safe on every start and on many instances at once.
/// </summary>
public sealed class PipelineStartup : IHostedService
{
    private readonly PipelineStorage _storage;
    private readonly ITriageIndex _index;
    private readonly IReviewStore _reviews;
    private readonly ILogger<PipelineStartup> _logger;

    public PipelineStartup(PipelineStorage storage, ITriageIndex index, IReviewStore reviews, ILogger<PipelineStartup> logger)
    {
        _storage = storage;
        _index = index;
        _reviews = reviews;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _storage.EnsureCreatedAsync(cancellationToken);
        await _index.EnsureCreatedAsync(cancellationToken);
        await _reviews.EnsureCreatedAsync(cancellationToken);
        _logger.LogInformation("Pipeline storage, triage index and review store are ready (FoiPipeline {Version})", PipelineVersion.Current);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
