using FoiPipeline.IntegrationTests.Ocr;
using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Triage;

namespace FoiPipeline.IntegrationTests.Triage;

/// <summary>One fake Search service per test class; each test makes an index of its own on it.</summary>
public sealed class FakeAzureSearchFixture : IAsyncLifetime
{
    public FakeAzureSearch Service { get; private set; } = null!;

    public async Task InitializeAsync() => Service = await FakeAzureSearch.StartAsync();

    public async Task DisposeAsync() => await Service.DisposeAsync();

    /// <summary>An index on the fake: the client believes it talks to https, the transport delivers to loopback http.</summary>
    public AzureSearchTriageIndex Index(AzureSearchIndexOptions options) =>
        new(options, credential: null, logger: null, transport: new LoopbackTransport(Service.Endpoint));

    /// <summary>Options for a new index on the fake, with retries fast enough for tests.</summary>
    public AzureSearchIndexOptions Options(string? indexName = null) => new()
    {
        Endpoint = "https://foi-search.search.windows.net",
        IndexName = indexName ?? "triage-" + Guid.NewGuid().ToString("N")[..12],
        ApiKey = Service.ApiKey,
        RetryDelay = TimeSpan.FromMilliseconds(10),
    };
}
