using Azure.Storage.Queues.Models;
using FoiPipeline.Analysis;
using FoiPipeline.Pipeline;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace FoiPipeline.Functions;

/// <summary>Analyzes one extracted letter per message on the analyze queue.</summary>
public sealed class AnalyzeFunction
{
    public const string Name = "Analyze";

    private readonly QueueStageRunner _runner;
    private readonly AnalyzeHandler _analyze;
    private readonly string _queue;

    public AnalyzeFunction(QueueStageRunner runner, AnalyzeHandler analyze, IOptions<PipelineOptions> options)
    {
        _runner = runner;
        _analyze = analyze;
        _queue = options.Value.Queues.Analyze;
    }

    [Function(Name)]
    public async Task RunAsync([QueueTrigger("%FoiPipeline:Queues:Analyze%")] QueueMessage message, CancellationToken cancellationToken)
        => await _runner.RunAsync(_queue, message.Body.ToString(), message.DequeueCount, _analyze.AnalyzeAsync, cancellationToken);
}
