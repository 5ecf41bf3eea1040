using FoiPipeline.Analysis.Duplicates;
using FoiPipeline.IntegrationTests.Ocr;
using FoiPipeline.Triage;
using FoiPipeline.UnitTests.Duplicates;

namespace FoiPipeline.IntegrationTests.Triage;

/// <summary>
/// The Functions app's duplicate store: request fingerprints in their own index on the search service, over the
/// Azure AI Search fake (the documented docs/index, docs/search and index-definition requests).
/// </summary>
public sealed class AzureSearchDuplicateStoreTests : IClassFixture<FakeAzureSearchFixture>, IDisposable
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

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

    /// <summary>A store as one Functions instance would have it; a second call is another instance on the same service.</summary>
    private AzureSearchDuplicateStore Instance()
    {
        var store = new AzureSearchDuplicateStore(_options, transport: new LoopbackTransport(_search.Service.Endpoint));
        _stores.Add(store);
        return store;
    }

    private static FingerprintRecord Request(string id, string letter, string? email, string? name, int day = 0)
        => DuplicateMatcherTests.Request(id, letter, email, name, Monday.AddDays(day));

    [Fact]
    public async Task A_request_stored_by_one_instance_is_found_by_another_with_everything_the_matcher_needs()
    {
        var stored = Request("taser-1", Letters.TaserUse, "alex.morgan@example.com", "Alex Morgan");

        await Instance().AddAsync(stored);
        var candidate = Assert.Single(await Instance().CandidatesAsync(stored.BandKeys));

        Assert.Equal("taser-1", candidate.RequestId);
        Assert.Equal("alex.morgan@example.com", candidate.RequesterEmail);
        Assert.Equal("Alex Morgan", candidate.RequesterName);
        Assert.Equal(Monday, candidate.ReceivedAt);
        Assert.Equal(stored.Signature, candidate.Signature);
        Assert.Equal(stored.BandKeys, candidate.BandKeys);
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
    public async Task One_shared_band_is_enough_to_be_a_candidate_and_none_is_not()
    {
        var store = Instance();
        var stored = Request("taser-1", Letters.TaserUse, null, "Alex Morgan");
        var other = Request("anpr-1", Letters.AnprCameras, null, "Sam Patel");
        await store.AddAsync(stored);
        await store.AddAsync(other);

        Assert.Equal("taser-1", Assert.Single(await store.CandidatesAsync([stored.BandKeys[7]])).RequestId);
        Assert.Empty(await store.CandidatesAsync([BandKey.Create(7, 12345)]));
        Assert.Empty(await store.CandidatesAsync([]));
        Assert.Equal(["anpr-1", "taser-1"], (await store.CandidatesAsync([.. stored.BandKeys, .. other.BandKeys])).Select(c => c.RequestId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Adding_the_same_request_again_keeps_one_document_with_only_its_new_keys()
    {
        var store = Instance();
        var before = Request("req-1", Letters.AnprCameras, null, "Sam Patel");
        var after = Request("req-1", Letters.StopAndSearch, null, "Daniel Okafor");

        await store.AddAsync(before);
        await store.AddAsync(after);

        Assert.Empty(await store.CandidatesAsync([.. before.BandKeys.Except(after.BandKeys)]));
        Assert.Equal("Daniel Okafor", Assert.Single(await store.CandidatesAsync(after.BandKeys)).RequesterName);
        Assert.Equal(after.BandKeys.Select(key => key.ToString()), _search.Service.Document(_options.FingerprintIndex, "req-1")!["bandKeys"]!.AsArray().Select(key => (string?)key));
    }

    [Fact]
    public async Task Through_the_matcher_the_same_requester_is_a_repeat_and_another_is_a_round_robin_across_instances()
    {
        var finder = new DuplicateMatcher();
        FingerprintRecord[] arrivals =
        [
            Request("taser-1", Letters.TaserUse, "alex.morgan@example.com", "Alex Morgan", day: 0),
            Request("fr-1", Letters.FacialRecognitionCampaign("Dear FOI Officer,", "Yours faithfully,\nJane Holt"), "jane.holt@example.org", "Jane Holt", day: 1),
            Request("anpr-1", Letters.AnprCameras, "sam.patel@example.com", "Sam Patel", day: 2),
            Request("fr-2", Letters.FacialRecognitionCampaign("Hello,", "Best wishes,\nOwen Price"), "owen.price@example.net", "Owen Price", day: 3),
            Request("taser-2", Letters.TaserUseNewGreetingAndYears, "Alex.Morgan@example.com", "Alex Morgan", day: 35),
        ];

        // Each letter is analysed by whichever instance the queue gave it to.
        var found = new Dictionary<string, IReadOnlyList<DuplicateMatch>>();
        foreach (var request in arrivals)
        {
            var instance = Instance();
            found[request.RequestId] = await finder.FindAsync(instance, request);
            await instance.AddAsync(request);
        }

        Assert.Empty(found["taser-1"]);
        Assert.Empty(found["fr-1"]);
        Assert.Empty(found["anpr-1"]);
        var roundRobin = Assert.Single(found["fr-2"]);
        Assert.Equal(("fr-1", DuplicateKind.RoundRobin, true), (roundRobin.RequestId, roundRobin.Kind, roundRobin.IsExactCopy));
        var repeat = Assert.Single(found["taser-2"]);
        Assert.Equal(("taser-1", DuplicateKind.Repeat, false, Monday), (repeat.RequestId, repeat.Kind, repeat.IsExactCopy, repeat.ReceivedAt));
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
