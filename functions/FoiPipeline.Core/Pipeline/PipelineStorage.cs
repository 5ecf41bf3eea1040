using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace FoiPipeline.Pipeline;

/// <summary>
/// The pipeline's blobs and queues, named from configuration. The same code runs against Azure Storage
/// and against Azurite; only the service clients differ (see <see cref="StorageClients"/>).
/// </summary>
public sealed class PipelineStorage
{
    private readonly BlobServiceClient _blobs;
    private readonly QueueServiceClient _queues;
    private readonly IQueueSendObserver _observer;

    public PipelineStorage(StorageClients clients, IOptions<PipelineOptions> options, IQueueSendObserver? observer = null)
    {
        _blobs = clients.Blobs;
        _queues = clients.Queues;
        _observer = observer ?? IQueueSendObserver.None;
        Names = options.Value;
        Intake = _blobs.GetBlobContainerClient(Names.Containers.Intake);
        Extracted = _blobs.GetBlobContainerClient(Names.Containers.Extracted);
        Requests = _blobs.GetBlobContainerClient(Names.Containers.Requests);
        Quarantine = _blobs.GetBlobContainerClient(Names.Containers.Quarantine);
        Correspondence = _blobs.GetBlobContainerClient(Names.Containers.Correspondence);
    }

    public PipelineOptions Names { get; }

    public BlobContainerClient Intake { get; }

    public BlobContainerClient Extracted { get; }

    public BlobContainerClient Requests { get; }

    public BlobContainerClient Quarantine { get; }

    /// <summary>Held auto-replies and bounces, linked replies and thread keys (see <see cref="ContainerNames.Correspondence"/>).</summary>
    public BlobContainerClient Correspondence { get; }

    public QueueClient Queue(string name) => _queues.GetQueueClient(name);

    /// <summary>Creates every container, queue and poison queue the pipeline uses; safe to call on every start.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        foreach (var container in new[] { Intake, Extracted, Requests, Quarantine, Correspondence })
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        foreach (var queue in Names.Queues.All)
        {
            await Queue(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await Queue(QueueNames.PoisonOf(queue)).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
    }

    public async Task SendAsync(string queue, StageMessage message, CancellationToken cancellationToken)
    {
        await Queue(queue).SendMessageAsync(message.ToJson(), cancellationToken);
        _observer.Sent(queue);
    }

    /// <summary>Sends a message's text as it is, invisible for <paramref name="delay"/> (a deferred retry).</summary>
    public async Task SendAsync(string queue, string messageText, TimeSpan delay, CancellationToken cancellationToken)
    {
        await Queue(queue).SendMessageAsync(messageText, visibilityTimeout: delay, cancellationToken: cancellationToken);
        _observer.Sent(queue);
    }

    public async Task SendToPoisonAsync(PoisonMessage message, CancellationToken cancellationToken)
        => await Queue(QueueNames.PoisonOf(message.Queue)).SendMessageAsync(message.ToJson(), cancellationToken);

    /// <summary>Reads a JSON blob; null when it does not exist.</summary>
    public static async Task<Stored<T>?> ReadJsonAsync<T>(BlobContainerClient container, string name, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var download = await container.GetBlobClient(name).DownloadContentAsync(cancellationToken);
            var value = download.Value.Content.ToObjectFromJson<T>(PipelineJson.Options)
                ?? throw new InvalidDataException($"{container.Name}/{name} holds JSON null.");
            return new Stored<T>(value, download.Value.Details.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{container.Name}/{name} is not the JSON this stage expects: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Reads the document a stage message points at in <paramref name="container"/>. A missing document
    /// is an error worth retrying (and, after the last retry, worth a poison message that says so).
    /// </summary>
    /// <param name="container">The container the stage reads from.</param>
    /// <param name="message">The stage message.</param>
    /// <param name="whenMissing">What an operator should do if the document is not there.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<T> ReadStageInputAsync<T>(BlobContainerClient container, StageMessage message, string whenMissing, CancellationToken cancellationToken)
        where T : class
    {
        var name = message.BlobNameIn(container.Name);
        var stored = await ReadJsonAsync<T>(container, name, cancellationToken)
            ?? throw new InvalidOperationException($"{message.Blob} does not exist; {whenMissing}");
        return stored.Value;
    }

    /// <summary>
    /// Writes a JSON blob. With <paramref name="ifMatch"/> the write succeeds only if the blob is still at
    /// that version; with <see cref="ETag.All"/> as <paramref name="ifNoneMatch"/> only if it does not exist yet.
    /// </summary>
    public static async Task<ETag> WriteJsonAsync<T>(
        BlobContainerClient container, string name, T value, CancellationToken cancellationToken, ETag? ifMatch = null, ETag? ifNoneMatch = null)
    {
        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" },
            Conditions = ifMatch is null && ifNoneMatch is null ? null : new BlobRequestConditions { IfMatch = ifMatch, IfNoneMatch = ifNoneMatch },
        };
        var content = BinaryData.FromObjectAsJson(value, PipelineJson.Options);
        var response = await container.GetBlobClient(name).UploadAsync(content, options, cancellationToken);
        return response.Value.ETag;
    }
}

/// <summary>A value read from a blob, with the version it was read at.</summary>
public sealed record Stored<T>(T Value, ETag ETag);

/// <summary>Told when a stage sends a message, so a poller in the same process can look at once.</summary>
public interface IQueueSendObserver
{
    void Sent(string queue);

    public static IQueueSendObserver None { get; } = new NoObserver();

    private sealed class NoObserver : IQueueSendObserver
    {
        public void Sent(string queue)
        {
        }
    }
}

/// <summary>The two storage service clients, built the same way for every host.</summary>
public sealed record StorageClients(BlobServiceClient Blobs, QueueServiceClient Queues)
{
    /// <summary>From a connection string: Azurite, or an account where shared keys are allowed.</summary>
    public static StorageClients FromConnectionString(string connectionString, QueueMessageWireEncoding encoding)
        => new(new BlobServiceClient(connectionString), new QueueServiceClient(connectionString, QueueOptions(encoding)));

    /// <summary>From service endpoints and an Entra ID credential (managed identity in Azure).</summary>
    public static StorageClients FromServiceUris(Uri blobServiceUri, Uri queueServiceUri, TokenCredential credential, QueueMessageWireEncoding encoding)
        => new(new BlobServiceClient(blobServiceUri, credential), new QueueServiceClient(queueServiceUri, credential, QueueOptions(encoding)));

    private static QueueClientOptions QueueOptions(QueueMessageWireEncoding encoding) => new()
    {
        // The Functions host decodes base64 by default (host.json messageEncoding); both hosts must
        // agree, or each would read the other's messages as garbage.
        MessageEncoding = encoding == QueueMessageWireEncoding.Base64 ? QueueMessageEncoding.Base64 : QueueMessageEncoding.None,
    };
}
