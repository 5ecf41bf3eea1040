using Azure.Storage.Blobs;
using FoiPipeline.Intake;
using Microsoft.Azure.Functions.Worker;

namespace FoiPipeline.Functions;

/// <summary>
/// A letter lands in the intake container; Event Grid's BlobCreated event reaches the host, which calls
/// this. Retries and the poison queue for blobs are the host's (maxDequeueCount in host.json); unreadable
/// letters are quarantined by the handler and do not fail the function.
/// </summary>
public sealed class IntakeFunction
{
    public const string Name = "Intake";

    private readonly IngestHandler _ingest;

    public IntakeFunction(IngestHandler ingest) => _ingest = ingest;

    [Function(Name)]
    public async Task RunAsync(
        [BlobTrigger("%FoiPipeline:Containers:Intake%/{name}", Source = BlobTriggerSource.EventGrid)] BlobClient blob,
        CancellationToken cancellationToken)
        => await _ingest.IngestAsync(blob.Name, cancellationToken);
}
