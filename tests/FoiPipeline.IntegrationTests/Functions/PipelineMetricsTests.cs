using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using Azure.Storage.Queues.Models;
using FoiPipeline.Functions;
using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Pipeline;
using FoiPipeline.TestFixtures;
using Microsoft.Extensions.DependencyInjection;

namespace FoiPipeline.IntegrationTests.Functions;

/// <summary>
/// The FoiPipeline meter as an exporter sees it: real stages over Azurite, listened to with a <see cref="MeterListener"/>
/// on this test's own meter (the app's <see cref="IMeterFactory"/> scopes it), so other tests' measurements never mix in.
/// </summary>
public sealed class PipelineMetricsTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<Measurement> _measurements = new();
    private TestPipeline _storage = null!;
    private ServiceProvider _services = null!;
    private MeterListener _listener = null!;

    private sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);

    public async Task InitializeAsync()
    {
        _storage = await TestPipeline.CreateAsync(startHost: false);
        _services = await FunctionsAppServices.StartAsync(_storage, before: services => services.AddMetrics());
        var factory = _services.GetRequiredService<IMeterFactory>();
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == PipelineMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        await _services.DisposeAsync();
        await _storage.DisposeAsync();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        => _measurements.Enqueue(new Measurement(instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));

    private T Function<T>() => ActivatorUtilities.CreateInstance<T>(_services);

    [Fact]
    public async Task A_letter_is_counted_through_every_stage_with_its_latency()
    {
        var blob = _storage.Intake.GetBlobClient("drones.txt");
        await blob.UploadAsync(new BinaryData(Encoding.UTF8.GetBytes("Dear team,\n\n1. How many drones does the force own?\n2. What did they cost?\n\nJo Bloggs\n")));

        await Function<IntakeFunction>().RunAsync(blob, CancellationToken.None);
        await Function<AnalyzeFunction>().RunAsync(await ReceiveAsync(_storage.Names.Queues.Analyze), CancellationToken.None);
        await Function<IndexFunction>().RunAsync(await ReceiveAsync(_storage.Names.Queues.Index), CancellationToken.None);

        Assert.Equal(
            [("ingest", "extracted"), ("analyze", "completed"), ("index", "completed")],
            Documents().Select(m => ((string)m.Tags["stage"]!, (string)m.Tags["outcome"]!)));
        var durations = Of("foipipeline.stage.duration");
        Assert.Equal(["ingest", "analyze", "index"], durations.Select(m => (string)m.Tags["stage"]!));
        Assert.All(durations, m => Assert.InRange(m.Value, 0.0, 60_000.0));
        Assert.Empty(Of("foipipeline.ocr.pages"));
        AssertNoPersonalData();
    }

    [Fact]
    public async Task A_quarantined_letter_is_counted_with_its_reason_code()
    {
        var blob = _storage.Intake.GetBlobClient("empty.eml");
        await blob.UploadAsync(new BinaryData(Array.Empty<byte>()));

        await Function<IntakeFunction>().RunAsync(blob, CancellationToken.None);

        var counted = Assert.Single(Documents());
        Assert.Equal(("ingest", "quarantined", "empty"), ((string)counted.Tags["stage"]!, (string)counted.Tags["outcome"]!, (string)counted.Tags["reason"]!));
        AssertNoPersonalData();
    }

    [Fact]
    public async Task A_scanned_letter_counts_its_pages_by_engine()
    {
        var scan = await Scans.CreateAsync(Letters.Drones, seed: 3);
        var blob = _storage.Intake.GetBlobClient("scan0001.tif");
        await blob.UploadAsync(new BinaryData(scan.Tiff));

        await Function<IntakeFunction>().RunAsync(blob, CancellationToken.None);

        var pages = Of("foipipeline.ocr.pages");
        Assert.Equal(scan.PngPages.Count, pages.Sum(m => m.Value));
        Assert.All(pages, m => Assert.Equal("ocr-local", m.Tags["engine"]));
        Assert.Equal("extracted", Assert.Single(Documents()).Tags["outcome"]);
    }

    [Fact]
    public async Task A_failing_delivery_is_counted_as_a_failure_and_its_last_one_as_poisoned()
    {
        var text = StageMessage.For(_storage.Names.Containers.Requests, new string('f', 64)).ToJson();
        var index = Function<IndexFunction>();

        await Assert.ThrowsAsync<InvalidOperationException>(() => index.RunAsync(Delivery(text, 1), CancellationToken.None));
        await index.RunAsync(Delivery(text, 5), CancellationToken.None);

        var failure = Assert.Single(Of("foipipeline.stage.failures"));
        Assert.Equal(("index", "InvalidOperationException"), ((string)failure.Tags["stage"]!, (string)failure.Tags["error.type"]!));
        Assert.Equal("poisoned", Assert.Single(Documents()).Tags["outcome"]);
    }

    private List<Measurement> Of(string instrument) => [.. _measurements.Where(m => m.Instrument == instrument)];

    private List<Measurement> Documents() => Of("foipipeline.documents");

    /// <summary>Tags are fixed vocabularies: no document id, blob name, or words from a letter.</summary>
    private void AssertNoPersonalData()
    {
        var allowed = new HashSet<string> { "stage", "outcome", "reason", "engine", "error.type", "deadline" };
        Assert.All(_measurements, m =>
        {
            Assert.Subset(allowed, m.Tags.Keys.ToHashSet());
            Assert.All(m.Tags.Values, v => Assert.Matches("^[a-z][a-z-]*$|Exception$", v?.ToString() ?? string.Empty));
        });
        Assert.NotEmpty(_measurements);
    }

    private static QueueMessage Delivery(string text, long dequeueCount) => QueuesModelFactory.QueueMessage("id-1", "receipt-1", new BinaryData(text), dequeueCount);

    private async Task<QueueMessage> ReceiveAsync(string queue)
        => await Eventually.GetAsync(async () => (await _storage.Queue(queue).ReceiveMessagesAsync(1)).Value.FirstOrDefault(), $"a message on {queue}");
}
