using FoiPipeline.Analysis.Duplicates;
using FoiPipeline.IntegrationTests.Ocr;
using FoiPipeline.Triage;
using FoiPipeline.UnitTests.Duplicates;

namespace FoiPipeline.IntegrationTests.Triage;

/// <summary>
/// The Functions app's duplicate store: request fingerprints in their own index on the search service, over the
/// Azure AI Search fake (the documented docs/index, docs/search and index-definition requests). The store contract,
/// with each <see cref="Open"/> another Functions instance on the same service, and what is the Search store's own.
/// </summary>
public sealed class AzureSearchDuplicateStoreTests : DuplicateStoreContract, IClassFixture<FakeAzureSearchFixture>, IDisposable
{
    private readonly FakeAzureSearchFixture _search;
    private readonly AzureSearchIndexOptions _options;
    private readonly List<AzureSearchDuplicateStore> _stores = [];

    public AzureSearchDuplicateStoreTests(FakeAzureSearchFixture search)
    {
        _search = search;
        _options = search.Options();
    }

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }
    }

    protected override IDuplicateStore Open() => Instance();

    private AzureSearchDuplicateStore Instance()
    {
        var store = new AzureSearchDuplicateStore(_options, transport: new LoopbackTransport(_search.Service.Endpoint));
        _stores.Add(store);
        return store;
    }

    [Fact]
    public async Task Fingerprints_have_an_index_of_their_own_so_they_never_show_in_the_triage_queue()
    {
        await Instance().AddAsync(Request("taser-1", Letters.TaserUse, null, "Alex Morgan"));

        var definition = _search.Service.IndexDefinition(_options.IndexName + "-fingerprints");
        Assert.NotNull(definition);
        Assert.Null(_search.Service.IndexDefinition(_options.IndexName));
        var bandKeys = definition!["fields"]!.AsArray().Single(field => (string?)field!["name"] == "bandKeys")!;
        Assert.Equal("Collection(Edm.String)", (string?)bandKeys["type"]);
        Assert.True((bool?)bandKeys["filterable"]);
        Assert.False((bool?)definition["fields"]!.AsArray().Single(field => (string?)field!["name"] == "requesterEmail")!["searchable"] ?? false);
    }

    [Fact]
    public async Task A_request_added_again_is_one_document_holding_only_its_new_band_keys()
    {
        var store = Instance();
        var before = Request("req-1", Letters.AnprCameras, null, "Sam Patel");
        var after = Request("req-1", Letters.StopAndSearch, null, "Daniel Okafor");

        await store.AddAsync(before);
        await store.AddAsync(after);

        Assert.Equal(after.BandKeys.Select(key => key.ToString()), _search.Service.Document(_options.FingerprintIndex, "req-1")!["bandKeys"]!.AsArray().Select(key => (string?)key));
    }

    [Fact]
    public async Task A_fingerprint_the_service_refuses_fails_the_stage_naming_the_request()
    {
        var store = Instance();
        await store.EnsureCreatedAsync(CancellationToken.None);
        _search.Service.FailDocument("req-9", times: 1, status: 400, message: "Invalid document.");

        var error = await Assert.ThrowsAsync<AzureSearchIndexingException>(() => store.AddAsync(Request("req-9", Letters.TaserUse, null, null)));

        Assert.Contains("req-9", error.Message, StringComparison.Ordinal);
        Assert.Contains(_options.FingerprintIndex, error.Message, StringComparison.Ordinal);
    }
}
