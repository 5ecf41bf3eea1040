using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

// Stand-ins for Microsoft.Azure.Functions.Worker.Extensions.Storage.Blobs 6.x and .Storage.Queues 5.x.
// Checked against Azure/azure-functions-dotnet-worker: extensions/Worker.Extensions.Storage.Blobs/src/
// BlobTriggerAttribute.cs (0545e26, plus the Source property recorded at fb11333 in azure-brief §1.1),
// BlobTriggerSource.cs (408e21e); extensions/Worker.Extensions.Storage.Queues/src/QueueTriggerAttribute.cs
// (2064785). The real attributes also carry [InputConverter] and [ConverterFallbackBehavior], which
// are runtime binding behaviour and are left out here.
namespace Microsoft.Azure.Functions.Worker;

public enum BlobTriggerSource
{
    LogsAndContainerScan,
    EventGrid,
}

public sealed class BlobTriggerAttribute : TriggerBindingAttribute
{
    public BlobTriggerAttribute(string blobPath)
    {
        BlobPath = blobPath;
    }

    [BindingPropertyName("path")]
    public string BlobPath { get; }

    public string? Connection { get; set; }

    public BlobTriggerSource Source { get; set; } = BlobTriggerSource.LogsAndContainerScan;
}

public sealed class QueueTriggerAttribute : TriggerBindingAttribute
{
    public QueueTriggerAttribute(string queueName)
    {
        QueueName = queueName;
    }

    public string QueueName { get; }

    public string? Connection { get; set; }
}
