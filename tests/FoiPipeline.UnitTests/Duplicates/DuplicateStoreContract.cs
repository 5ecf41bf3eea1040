using FoiPipeline.Analysis.Duplicates;

namespace FoiPipeline.UnitTests.Duplicates;

/// <summary>
/// What every <see cref="IDuplicateStore"/> must do, run against each durable one: the SQLite store here, the Azure AI
/// Search store over its fake in the integration tests. <see cref="Open"/> may give a new instance over the same
/// storage each time, as a restarted host or another Functions instance would have.
/// </summary>
public abstract class DuplicateStoreContract
{
    protected static readonly DateTimeOffset Monday = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    /// <summary>A store over this test's storage; each call may be another instance over the same storage.</summary>
    protected abstract IDuplicateStore Open();

    internal static FingerprintRecord Request(string id, string letter, string? email, string? name, int day = 0)
        => DuplicateMatcherTests.Request(id, letter, email, name, Monday.AddDays(day));

    [Fact]
    public async Task A_request_stored_by_one_instance_comes_back_to_another_with_everything_the_matcher_needs()
    {
        var stored = Request("taser-1", Letters.TaserUse, "alex.morgan@example.com", "Alex Morgan");

        await Open().AddAsync(stored);
        var candidate = Assert.Single(await Open().CandidatesAsync(stored.BandKeys));

        Assert.Equal("taser-1", candidate.RequestId);
        Assert.Equal("alex.morgan@example.com", candidate.RequesterEmail);
        Assert.Equal("Alex Morgan", candidate.RequesterName);
        Assert.Equal(Monday, candidate.ReceivedAt);
        Assert.Equal(stored.Signature, candidate.Signature);
        Assert.Equal(stored.BandKeys, candidate.BandKeys);
    }

    [Fact]
    public async Task One_shared_band_is_enough_to_be_a_candidate_and_none_is_not()
    {
        var store = Open();
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
    public async Task Adding_the_same_request_again_keeps_only_its_new_keys()
    {
        var store = Open();
        var before = Request("req-1", Letters.AnprCameras, null, "Sam Patel");
        var after = Request("req-1", Letters.StopAndSearch, null, "Daniel Okafor");

        await store.AddAsync(before);
        await store.AddAsync(before);
        await store.AddAsync(after);

        Assert.Empty(await store.CandidatesAsync([.. before.BandKeys.Except(after.BandKeys)]));
        Assert.Equal("Daniel Okafor", Assert.Single(await store.CandidatesAsync(after.BandKeys)).RequesterName);
    }

    [Fact]
    public async Task Through_the_matcher_the_same_requester_is_a_repeat_and_another_is_a_round_robin()
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
            var store = Open();
            found[request.RequestId] = await finder.FindAsync(store, request);
            await store.AddAsync(request);
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
    public async Task A_request_analysed_again_does_not_match_itself()
    {
        var store = Open();
        var request = Request("taser-1", Letters.TaserUse, null, "Alex Morgan");
        await store.AddAsync(request);

        await store.AddAsync(request);

        Assert.Empty(await new DuplicateMatcher().FindAsync(store, request));
        Assert.Equal("taser-1", Assert.Single(await store.CandidatesAsync(request.BandKeys)).RequestId);
    }
}
