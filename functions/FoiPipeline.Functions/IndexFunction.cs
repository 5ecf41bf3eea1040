using Azure.Storage.Queues.Models;
using FoiPipeline.Pipeline;
using FoiPipeline.Triage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace FoiPipeline.Functions;

/// <summary>Puts one analysed request per message on the index queue into the triage index.</summary>
public sealed class IndexFunction
{
    public const string Name = "Index";

    private readonly QueueStageRunner _runner;
    private readonly IndexHandler _index;
    private readonly string _queue;

    public IndexFunction(QueueStageRunner runner, IndexHandler index, IOptions<PipelineOptions> options)
    {
        _runner = runner;
        _index = index;
        _queue = options.Value.Queues.Index;
    }

    [Function(Name)]
    public async Task RunAsync([QueueTrigger("%FoiPipeline:Queues:Index%")] QueueMessage message, CancellationToken cancellationToken)
        => await _runner.RunAsync(_queue, message.Body.ToString(), message.DequeueCount, _index.IndexAsync, cancellationToken);
}
