using FoiPipeline.Analysis.Duplicates;

namespace FoiPipeline.UnitTests.Duplicates;

public class InMemoryDuplicateStoreTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private static FingerprintRecord Request(string id, string letter, string? email, string? name, int day = 0)
        => DuplicateMatcherTests.Request(id, letter, email, name, Monday.AddDays(day));

    [Fact]
    public async Task A_batch_of_letters_finds_each_repeat_and_round_robin_as_it_arrives()
    {
        var store = new InMemoryDuplicateStore();
        var matcher = new DuplicateMatcher();
        FingerprintRecord[] batch =
        [
            Request("taser-1", Letters.TaserUse, "alex.morgan@example.com", "Alex Morgan", day: 0),
            Request("anpr-1", Letters.AnprCameras, "sam.patel@example.com", "Sam Patel", day: 1),
            Request("fr-1", Letters.FacialRecognitionCampaign("Dear FOI Officer,", "Yours faithfully,\nJane Holt"), "jane.holt@example.org", "Jane Holt", day: 2),
            Request("anpr-2", Letters.AnprHotlists, "chris.doyle@example.com", "Chris Doyle", day: 3),
            Request("fr-2", Letters.FacialRecognitionCampaign("Hello,", "Best wishes,\nOwen Price"), "owen.price@example.net", "Owen Price", day: 3),
            Request("taser-2", Letters.TaserUseNewGreetingAndYears, "alex.morgan@example.com", "Alex Morgan", day: 35),
        ];

        var found = new Dictionary<string, IReadOnlyList<DuplicateMatch>>();
        foreach (var request in batch)
        {
            found[request.RequestId] = await matcher.FindAsync(store, request);
            await store.AddAsync(request);
        }

        Assert.Equal(6, store.Count);
        Assert.Empty(found["taser-1"]);
        Assert.Empty(found["anpr-2"]);
        var roundRobin = Assert.Single(found["fr-2"]);
        Assert.Equal(("fr-1", DuplicateKind.RoundRobin), (roundRobin.RequestId, roundRobin.Kind));
        var repeat = Assert.Single(found["taser-2"]);
        Assert.Equal(("taser-1", DuplicateKind.Repeat, Monday), (repeat.RequestId, repeat.Kind, repeat.ReceivedAt));
    }

    [Fact]
    public async Task Each_candidate_comes_back_once_however_many_keys_it_shares()
    {
        var store = new InMemoryDuplicateStore();
        var stored = Request("taser-1", Letters.TaserUse, null, "Alex Morgan");
        await store.AddAsync(stored);

        var candidates = await store.CandidatesAsync(stored.BandKeys);

        Assert.Same(stored, Assert.Single(candidates));
    }

    [Fact]
    public async Task Adding_a_request_again_replaces_it_and_its_old_keys()
    {
        var store = new InMemoryDuplicateStore();
        var before = Request("req-1", Letters.AnprCameras, null, "Sam Patel");
        var after = Request("req-1", Letters.StopAndSearch, null, "Daniel Okafor");

        await store.AddAsync(before);
        await store.AddAsync(after);

        Assert.Equal(1, store.Count);
        Assert.Empty(await store.CandidatesAsync(before.BandKeys));
        Assert.Same(after, Assert.Single(await store.CandidatesAsync(after.BandKeys)));
    }

    [Fact]
    public async Task A_request_already_stored_does_not_match_itself()
    {
        var store = new InMemoryDuplicateStore();
        var request = Request("taser-1", Letters.TaserUse, null, "Alex Morgan");
        await store.AddAsync(request);

        Assert.Empty(await new DuplicateMatcher().FindAsync(store, request));
    }

    [Fact]
    public async Task No_keys_find_no_candidates()
    {
        var store = new InMemoryDuplicateStore();
        await store.AddAsync(Request("taser-1", Letters.TaserUse, null, "Alex Morgan"));

        Assert.Empty(await store.CandidatesAsync([]));
        Assert.Empty(await new DuplicateMatcher().FindAsync(store, Request("blank", "", null, "Alex Morgan")));
    }

    [Fact]
    public async Task A_cancelled_lookup_is_not_run()
    {
        var store = new InMemoryDuplicateStore();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.CandidatesAsync([BandKey.Create(0, 1)], cancelled.Token));
    }
}
