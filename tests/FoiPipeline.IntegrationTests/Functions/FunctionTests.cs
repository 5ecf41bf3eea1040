using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Storage.Queues.Models;
using FoiPipeline.Analysis;
using FoiPipeline.Functions;
using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Intake;
using FoiPipeline.Pipeline;
using FoiPipeline.Review;
using FoiPipeline.Triage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FoiPipeline.IntegrationTests.Functions;

/// <summary>
/// The Functions app's trigger classes, called directly as the Functions host would call them, with the
/// services the app's own Program wires up, over real Azurite.
/// </summary>
public sealed partial class FunctionTests : IAsyncLifetime
{
    private TestPipeline _storage = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _storage = await TestPipeline.CreateAsync(startHost: false);
        _services = await FunctionsAppServices.StartAsync(_storage);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _storage.DisposeAsync();
    }

    private T Function<T>() => ActivatorUtilities.CreateInstance<T>(_services);

    private static QueueMessage Delivery(string text, long dequeueCount = 1)
        => QueuesModelFactory.QueueMessage("id-1", "receipt-1", new BinaryData(text), dequeueCount);

    [Fact]
    public async Task The_three_triggers_take_a_letter_from_intake_to_the_triage_index()
    {
        var (blob, docId) = await UploadDronesLetterAsync();

        // Intake: the blob trigger hands over the BlobClient the host bound.
        await Function<IntakeFunction>().RunAsync(blob, CancellationToken.None);
        var analyzeMessage = await ReceiveAsync(_storage.Names.Queues.Analyze);
        Assert.Equal(StageMessage.For(_storage.Names.Containers.Extracted, docId), StageMessage.Parse(analyzeMessage.Body.ToString()));

        // Analyze: the queue trigger receives the message as the host decodes it.
        await Function<AnalyzeFunction>().RunAsync(analyzeMessage, CancellationToken.None);
        var request = await PipelineStorage.ReadJsonAsync<TriageRequest>(_storage.Storage.Requests, docId + ".json", CancellationToken.None);
        Assert.Equal(["How many drones does the force own?", "What did they cost?"], request!.Value.Questions.Select(q => q.Text));
        var indexMessage = await ReceiveAsync(_storage.Names.Queues.Index);

        // Index: the request lands in the triage index.
        await Function<IndexFunction>().RunAsync(indexMessage, CancellationToken.None);
        var entry = await _services.GetRequiredService<ITriageIndex>().GetAsync(docId, CancellationToken.None);
        Assert.Equal("Jo Bloggs", entry!.Requester.Name);
        Assert.Equal(2, entry.Questions.Count);
    }

    [Fact]
    public async Task A_blob_created_event_delivered_twice_at_once_and_again_later_is_one_request()
    {
        // Event Grid delivers at least once: the same BlobCreated can reach two instances together, and come again.
        var (blob, docId) = await UploadDronesLetterAsync();

        await Task.WhenAll(Function<IntakeFunction>().RunAsync(blob, CancellationToken.None), Function<IntakeFunction>().RunAsync(blob, CancellationToken.None));
        await Function<IntakeFunction>().RunAsync(blob, CancellationToken.None);

        // Whatever each delivery handed on is processed, as the host would process every message.
        var analyzed = await DrainAsync(_storage.Names.Queues.Analyze, message => Function<AnalyzeFunction>().RunAsync(message, CancellationToken.None));
        var indexed = await DrainAsync(_storage.Names.Queues.Index, message => Function<IndexFunction>().RunAsync(message, CancellationToken.None));

        Assert.InRange(analyzed, 1, 2);
        Assert.Equal(analyzed, indexed);
        var index = _services.GetRequiredService<ITriageIndex>();
        Assert.Equal(1, (await index.SearchAsync(new TriageQuery { Take = 0, IncludeRestricted = true }, CancellationToken.None)).Total);
        var extracted = await PipelineStorage.ReadJsonAsync<ExtractedDocument>(_storage.Storage.Extracted, docId + ".json", CancellationToken.None);
        Assert.Equal("drones.txt", extracted!.Value.SourceBlob);
        Assert.Empty(extracted.Value.AlsoReceivedAs);
        Assert.Empty((await index.GetAsync(docId, CancellationToken.None))!.Duplicates);
    }

    [Fact]
    public async Task An_unreadable_blob_is_quarantined_and_the_intake_function_still_succeeds()
    {
        var blob = _storage.Intake.GetBlobClient("empty.eml");
        await blob.UploadAsync(new BinaryData(Array.Empty<byte>()));

        await Function<IntakeFunction>().RunAsync(blob, CancellationToken.None);

        var reason = await PipelineStorage.ReadJsonAsync<QuarantineReason>(_storage.Storage.Quarantine, "empty.eml.reason.json", CancellationToken.None);
        Assert.Equal(QuarantineCode.Empty, reason!.Value.Code);
    }

    [Fact]
    public async Task A_failing_delivery_is_rethrown_for_the_host_to_retry_until_the_last_one_which_is_poisoned()
    {
        var docId = new string('f', 64);
        var text = StageMessage.For(_storage.Names.Containers.Requests, docId).ToJson();
        var index = Function<IndexFunction>();

        // host.json's maxDequeueCount is 5: deliveries 1-4 fail back to the host...
        await Assert.ThrowsAsync<InvalidOperationException>(() => index.RunAsync(Delivery(text, dequeueCount: 4), CancellationToken.None));
        var poison = _storage.Queue(QueueNames.PoisonOf(_storage.Names.Queues.Index));
        Assert.Empty((await poison.PeekMessagesAsync(1)).Value);

        // ...and the fifth is moved to the poison queue with its error, so the host sees success.
        await index.RunAsync(Delivery(text, dequeueCount: 5), CancellationToken.None);
        var poisoned = PoisonMessage.TryParse((await ReceiveAsync(QueueNames.PoisonOf(_storage.Names.Queues.Index))).Body.ToString());
        Assert.Equal(text, poisoned!.Message);
        Assert.Equal(5, poisoned.DequeueCount);
    }

    [Fact]
    public void Each_function_binds_the_trigger_the_design_names()
    {
        var intake = Trigger<BlobTriggerAttribute>(typeof(IntakeFunction));
        Assert.Equal("%FoiPipeline:Containers:Intake%/{name}", intake.BlobPath);
        Assert.Equal(BlobTriggerSource.EventGrid, intake.Source);
        Assert.Equal("%FoiPipeline:Queues:Analyze%", Trigger<QueueTriggerAttribute>(typeof(AnalyzeFunction)).QueueName);
        Assert.Equal("%FoiPipeline:Queues:Index%", Trigger<QueueTriggerAttribute>(typeof(IndexFunction)).QueueName);
    }

    [Fact]
    public void Every_setting_a_trigger_names_is_in_local_settings_sample_and_matches_the_core_default()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "local.settings.sample.json")));
        var values = sample.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name.Replace("__", ":", StringComparison.Ordinal), p => p.Value.GetString());
        var defaults = new PipelineOptions();
        var expected = new Dictionary<string, string>
        {
            ["FoiPipeline:Containers:Intake"] = defaults.Containers.Intake,
            ["FoiPipeline:Queues:Analyze"] = defaults.Queues.Analyze,
            ["FoiPipeline:Queues:Index"] = defaults.Queues.Index,
            ["FoiPipeline:Mailbox:Schedule"] = new FoiPipeline.Intake.SharedMailbox.MailboxOptions().Schedule,
        };

        var named = new[] { typeof(IntakeFunction), typeof(AnalyzeFunction), typeof(IndexFunction), typeof(MailboxFunction) }
            .SelectMany(t => t.GetMethods().SelectMany(m => m.GetParameters()).SelectMany(p => p.GetCustomAttributes()))
            .SelectMany(a => a switch
            {
                BlobTriggerAttribute blob => Settings().Matches(blob.BlobPath),
                QueueTriggerAttribute queue => Settings().Matches(queue.QueueName),
                TimerTriggerAttribute timer => Settings().Matches(timer.Schedule),
                _ => Enumerable.Empty<Match>(),
            })
            .Select(m => m.Groups[1].Value)
            .ToList();

        Assert.Equal(expected.Keys.Order(), named.Order());
        foreach (var key in named)
        {
            Assert.Equal(expected[key], values[key]);
        }
    }

    [Fact]
    public void The_app_refuses_to_start_without_storage_and_says_what_to_set()
    {
        var empty = new ConfigurationBuilder().Build();
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddFoiPipelineFunctions(empty, AppContext.BaseDirectory));
        Assert.Contains("AzureWebJobsStorage__blobServiceUri", error.Message);
    }

    [Fact]
    public void In_azure_scans_go_to_document_intelligence_and_a_missing_endpoint_is_named_at_start_up()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [FunctionsServiceCollectionExtensions.StorageSetting] = _storage.ConnectionString,
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddFoiPipelineFunctions(configuration, AppContext.BaseDirectory).BuildServiceProvider();

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => services.GetRequiredService<Microsoft.Extensions.Options.IOptions<FoiPipeline.Ocr.OcrOptions>>().Value);
        Assert.Contains("FoiPipeline:Ocr:DocumentIntelligence:Endpoint", error.Message);
    }

    [Fact]
    public async Task In_azure_Review_state_goes_to_blobs_in_a_container_created_at_start_up()
    {
        var store = Assert.IsType<BlobReviewStore>(_services.GetRequiredService<IReviewStore>());

        Assert.Equal(_storage.Prefix + "-reviews", store.ContainerName);
        Assert.True(await new Azure.Storage.Blobs.BlobContainerClient(_storage.ConnectionString, store.ContainerName).ExistsAsync());
    }

    [Fact]
    public void A_configured_Review_store_is_kept_in_azure()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [FunctionsServiceCollectionExtensions.StorageSetting] = _storage.ConnectionString,
            ["FoiPipeline:DataDirectory"] = _storage.DataDirectory,
            ["FoiPipeline:Review:Store"] = "sqlite",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddFoiPipelineFunctions(configuration, AppContext.BaseDirectory).BuildServiceProvider();

        var store = Assert.IsType<SqliteReviewStore>(services.GetRequiredService<IReviewStore>());

        Assert.StartsWith(Path.GetFullPath(_storage.DataDirectory), store.DatabasePath, StringComparison.Ordinal);
    }

    [Fact]
    public void Identity_based_storage_settings_build_clients_for_the_account_without_a_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage:accountName"] = "foistorage",
        }).Build();
        var clients = FunctionsServiceCollectionExtensions.StorageFrom(
            configuration, QueueMessageWireEncoding.Base64, FunctionsServiceCollectionExtensions.Credential(configuration.GetSection("AzureWebJobsStorage")));
        Assert.Equal(new Uri("https://foistorage.blob.core.windows.net"), clients.Blobs.Uri);
        Assert.Equal(new Uri("https://foistorage.queue.core.windows.net"), clients.Queues.Uri);
    }

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex Settings();

    private static T Trigger<T>(Type function)
        where T : Attribute
    {
        var method = Assert.Single(function.GetMethods(), m => m.GetCustomAttribute<FunctionAttribute>() is not null);
        return Assert.Single(method.GetParameters().Select(p => p.GetCustomAttribute<T>()).OfType<T>());
    }

    /// <summary>A two-question plain-text letter in intake as drones.txt.</summary>
    private async Task<(Azure.Storage.Blobs.BlobClient Blob, string DocId)> UploadDronesLetterAsync()
    {
        var content = Encoding.UTF8.GetBytes("Dear team,\n\n1. How many drones does the force own?\n2. What did they cost?\n\nRegards,\nJo Bloggs\n");
        var blob = _storage.Intake.GetBlobClient("drones.txt");
        await blob.UploadAsync(new BinaryData(content));
        return (blob, DocId.Of(content));
    }

    /// <summary>Runs <paramref name="function"/> for every message on the queue until it is empty; returns how many.</summary>
    private async Task<int> DrainAsync(string queue, Func<QueueMessage, Task> function)
    {
        var count = 0;
        while ((await _storage.Queue(queue).ReceiveMessagesAsync(1)).Value.FirstOrDefault() is { } message)
        {
            await function(message);
            await _storage.Queue(queue).DeleteMessageAsync(message.MessageId, message.PopReceipt);
            count++;
        }

        return count;
    }

    private async Task<QueueMessage> ReceiveAsync(string queue)
        => await Eventually.GetAsync(async () => (await _storage.Queue(queue).ReceiveMessagesAsync(1)).Value.FirstOrDefault(), $"a message on {queue}");
}
