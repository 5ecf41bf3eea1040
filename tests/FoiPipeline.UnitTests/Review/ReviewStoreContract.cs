using System.Text.Json;
using FoiPipeline.Analysis;
using FoiPipeline.Pipeline;
using FoiPipeline.Review;
using FoiPipeline.Triage;

namespace FoiPipeline.UnitTests.Review;

/// <summary>
/// What every <see cref="IReviewStore"/> must do, whatever stores it. Each implementation subclasses this with
/// storage of its own per test (a fresh SQLite file, a fresh blob container), so tests see only their requests.
/// </summary>
public abstract class ReviewStoreContract : IAsyncLifetime
{
    protected static readonly CancellationToken None = CancellationToken.None;

    protected static readonly ReviewerRef Asha = new("oid-asha", "Asha Patel");
    protected static readonly ReviewerRef Ben = new("oid-ben", "Ben O'Connor");

    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private IReviewStore? _store;

    /// <summary>The store the tests use, created by <see cref="InitializeAsync"/>.</summary>
    protected IReviewStore Store => _store ?? throw new InvalidOperationException("InitializeAsync has not run.");

    /// <summary>
    /// A new store instance over this test's storage. Called once per test for <see cref="Store"/> and again wherever a
    /// test needs writers that share nothing in memory (as two hosts would not).
    /// </summary>
    protected abstract IReviewStore OpenStore();

    /// <summary>Removes this test's storage.</summary>
    protected abstract Task DeleteStorageAsync();

    /// <summary>Whatever must be ready before <see cref="OpenStore"/> is first called (a storage emulator, say).</summary>
    protected virtual Task PrepareStorageAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        await PrepareStorageAsync();
        _store = OpenStore();
        await _store.EnsureCreatedAsync(None);
    }

    public async Task DisposeAsync() => await DeleteStorageAsync();

    protected static DateTimeOffset At(int minutes) => Monday.AddMinutes(minutes);

    protected static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    protected static ReviewChange Claim(string requestId, ReviewerRef reviewer, int minutes) => new(
        new ReviewState { Status = RequestStatus.InReview, Assignee = reviewer, ClaimedAt = At(minutes), UpdatedAt = At(minutes) },
        new AuditEntry
        {
            RequestId = requestId,
            At = At(minutes),
            Actor = reviewer,
            Action = ReviewActions.Claim,
            Before = Json("""{"assignee":null}"""),
            After = Json($$"""{"assignee":"{{reviewer.Id}}"}"""),
        });

    protected static ReviewChange EditThemes(string requestId, ReviewerRef reviewer, int minutes, params string[] themes) => new(
        new ReviewState { Status = RequestStatus.InReview, Assignee = reviewer, EditedThemes = themes, UpdatedAt = At(minutes) },
        new AuditEntry
        {
            RequestId = requestId,
            At = At(minutes),
            Actor = reviewer,
            Action = ReviewActions.EditThemes,
            Before = Json("""{"themes":["surveillance"]}"""),
            After = Json(JsonSerializer.Serialize(new { themes }, PipelineJson.Options)),
        },
        new CorrectionRecord
        {
            RequestId = requestId,
            At = At(minutes),
            Reviewer = reviewer,
            Kind = "themes",
            PipelineVersion = "1.4.0",
            Analyzer = Json("""["surveillance"]"""),
            Corrected = Json(JsonSerializer.Serialize(themes, PipelineJson.Options)),
        });

    /// <summary>The state as the pipeline writes it; records compare lists by reference, so this is how states are compared.</summary>
    protected static string Serialized(ReviewState state) => JsonSerializer.Serialize(state, PipelineJson.Options);

    protected static void AssertSameAudit(AuditEntry expected, AuditEntry actual)
    {
        Assert.Equal(expected.RequestId, actual.RequestId);
        Assert.Equal(expected.At, actual.At);
        Assert.Equal(expected.Actor, actual.Actor);
        Assert.Equal(expected.Action, actual.Action);
        AssertSameJson(expected.Before, actual.Before);
        AssertSameJson(expected.After, actual.After);
    }

    protected static void AssertSameCorrection(CorrectionRecord expected, CorrectionRecord actual)
    {
        Assert.Equal(expected.RequestId, actual.RequestId);
        Assert.Equal(expected.At, actual.At);
        Assert.Equal(expected.Reviewer, actual.Reviewer);
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.Equal(expected.PipelineVersion, actual.PipelineVersion);
        AssertSameJson(expected.Analyzer, actual.Analyzer);
        AssertSameJson(expected.Corrected, actual.Corrected);
    }

    private static void AssertSameJson(JsonElement? expected, JsonElement? actual)
    {
        Assert.Equal(expected.HasValue, actual.HasValue);
        if (expected is { } e && actual is { } a)
        {
            Assert.True(JsonElement.DeepEquals(e, a), $"Expected {e.GetRawText()} but read back {a.GetRawText()}.");
        }
    }

    [Fact]
    public async Task A_request_no_reviewer_has_touched_has_no_state_and_no_audit()
    {
        Assert.Null(await Store.GetAsync("never-reviewed", None));
        Assert.Empty(await Store.ReadAuditAsync("never-reviewed", None));
    }

    [Fact]
    public async Task The_first_commit_stores_the_state_at_the_version_it_returns()
    {
        var claim = Claim("r1", Asha, 0);

        var version = await Store.TryCommitAsync("r1", null, claim, None);

        Assert.False(string.IsNullOrEmpty(version));
        var stored = await Store.GetAsync("r1", None);
        Assert.NotNull(stored);
        Assert.Equal(version, stored.Version);
        Assert.Equal(Serialized(claim.State), Serialized(stored.State));
        AssertSameAudit(claim.Audit, Assert.Single(await Store.ReadAuditAsync("r1", None)));
    }

    [Fact]
    public async Task A_second_first_commit_fails_and_changes_nothing()
    {
        var first = Claim("r1", Asha, 0);
        var version = await Store.TryCommitAsync("r1", null, first, None);

        var second = await Store.TryCommitAsync("r1", null, EditThemes("r1", Ben, 1, "covert-tactics"), None);

        Assert.Null(second);
        var stored = await Store.GetAsync("r1", None);
        Assert.NotNull(stored);
        Assert.Equal(version, stored.Version);
        Assert.Equal(Serialized(first.State), Serialized(stored.State));
        AssertSameAudit(first.Audit, Assert.Single(await Store.ReadAuditAsync("r1", None)));
        Assert.Empty(await Store.ReadCorrectionsAsync(DateTimeOffset.MinValue, 100, None));
    }

    [Fact]
    public async Task A_commit_at_the_current_version_succeeds_with_a_new_version()
    {
        var v1 = await Store.TryCommitAsync("r1", null, Claim("r1", Asha, 0), None);
        var edit = EditThemes("r1", Asha, 5, "counter-terrorism", "covert-tactics");

        var v2 = await Store.TryCommitAsync("r1", v1, edit, None);

        Assert.NotNull(v2);
        Assert.NotEqual(v1, v2);
        var stored = await Store.GetAsync("r1", None);
        Assert.NotNull(stored);
        Assert.Equal(v2, stored.Version);
        Assert.Equal(Serialized(edit.State), Serialized(stored.State));
        Assert.Equal(2, (await Store.ReadAuditAsync("r1", None)).Count);
    }

    [Fact]
    public async Task A_stale_version_changes_nothing()
    {
        var v1 = await Store.TryCommitAsync("r1", null, Claim("r1", Asha, 0), None);
        var current = EditThemes("r1", Asha, 5, "counter-terrorism");
        var v2 = await Store.TryCommitAsync("r1", v1, current, None);
        Assert.NotNull(v2);

        var stale = await Store.TryCommitAsync("r1", v1, EditThemes("r1", Ben, 6, "surveillance", "covert-tactics"), None);

        Assert.Null(stale);
        var stored = await Store.GetAsync("r1", None);
        Assert.NotNull(stored);
        Assert.Equal(v2, stored.Version);
        Assert.Equal(Serialized(current.State), Serialized(stored.State));
        var audit = await Store.ReadAuditAsync("r1", None);
        Assert.Equal(2, audit.Count);
        Assert.All(audit, entry => Assert.Equal(Asha, entry.Actor));
        AssertSameCorrection(current.Correction!, Assert.Single(await Store.ReadCorrectionsAsync(DateTimeOffset.MinValue, 100, None)));
    }

    [Fact]
    public async Task A_version_of_another_request_does_not_create_this_one()
    {
        var other = await Store.TryCommitAsync("r1", null, Claim("r1", Asha, 0), None);
        Assert.NotNull(other);

        var result = await Store.TryCommitAsync("r2", other, Claim("r2", Asha, 1), None);

        Assert.Null(result);
        Assert.Null(await Store.GetAsync("r2", None));
        Assert.Empty(await Store.ReadAuditAsync("r2", None));
    }

    [Fact]
    public async Task The_audit_trail_comes_back_oldest_first_with_every_field_intact()
    {
        var note = new ReviewChange(
            new ReviewState { Status = RequestStatus.InReview, Assignee = Asha, UpdatedAt = At(9) },
            new AuditEntry
            {
                RequestId = "r1",
                At = At(9),
                Actor = Ben,
                Action = ReviewActions.AddNote,
                Before = null,
                After = Json("""{"note":{"id":"n1","text":"Ask the CT unit \u2014 \"urgent\"","nested":[1,2.5,true,null,{"k":"v"}]}}"""),
            });
        var changes = new[] { Claim("r1", Asha, 0), EditThemes("r1", Asha, 4, "counter-terrorism"), note };
        string? version = null;
        foreach (var change in changes)
        {
            version = await Store.TryCommitAsync("r1", version, change, None);
            Assert.NotNull(version);
        }

        // Another request's trail must not leak into this one.
        Assert.NotNull(await Store.TryCommitAsync("r2", null, Claim("r2", Ben, 2), None));

        var audit = await Store.ReadAuditAsync("r1", None);

        Assert.Equal(changes.Length, audit.Count);
        for (var i = 0; i < changes.Length; i++)
        {
            AssertSameAudit(changes[i].Audit, audit[i]);
        }

        Assert.Null(audit[2].Before);
        AssertSameAudit(Claim("r2", Ben, 2).Audit, Assert.Single(await Store.ReadAuditAsync("r2", None)));
    }

    [Fact]
    public async Task Corrections_come_back_across_requests_oldest_first()
    {
        // Committed out of time order, so the order read back has to come from the times.
        var late = EditThemes("r2", Ben, 30, "surveillance");
        var early = EditThemes("r1", Asha, 10, "counter-terrorism");
        var middle = EditThemes("r3", Asha, 20, "covert-tactics", "surveillance");
        foreach (var change in new[] { late, early, middle })
        {
            Assert.NotNull(await Store.TryCommitAsync(change.Audit.RequestId, null, change, None));
        }

        var corrections = await Store.ReadCorrectionsAsync(DateTimeOffset.MinValue, 100, None);

        Assert.Equal(3, corrections.Count);
        AssertSameCorrection(early.Correction!, corrections[0]);
        AssertSameCorrection(middle.Correction!, corrections[1]);
        AssertSameCorrection(late.Correction!, corrections[2]);
    }

    [Fact]
    public async Task Corrections_before_since_are_left_out_and_one_at_since_is_kept()
    {
        foreach (var (id, minutes) in new[] { ("r1", 10), ("r2", 20), ("r3", 30) })
        {
            Assert.NotNull(await Store.TryCommitAsync(id, null, EditThemes(id, Asha, minutes, "surveillance"), None));
        }

        var corrections = await Store.ReadCorrectionsAsync(At(20), 100, None);

        Assert.Equal(["r2", "r3"], corrections.Select(c => c.RequestId));
        Assert.Empty(await Store.ReadCorrectionsAsync(At(31), 100, None));
    }

    [Fact]
    public async Task Corrections_are_limited_to_the_oldest_take()
    {
        foreach (var (id, minutes) in new[] { ("r3", 30), ("r1", 10), ("r4", 40), ("r2", 20) })
        {
            Assert.NotNull(await Store.TryCommitAsync(id, null, EditThemes(id, Asha, minutes, "surveillance"), None));
        }

        var corrections = await Store.ReadCorrectionsAsync(DateTimeOffset.MinValue, 2, None);

        Assert.Equal(["r1", "r2"], corrections.Select(c => c.RequestId));
        Assert.Empty(await Store.ReadCorrectionsAsync(DateTimeOffset.MinValue, 0, None));
    }

    [Fact]
    public async Task A_change_without_a_correction_records_none()
    {
        Assert.NotNull(await Store.TryCommitAsync("r1", null, Claim("r1", Asha, 0), None));

        Assert.Empty(await Store.ReadCorrectionsAsync(DateTimeOffset.MinValue, 100, None));
        Assert.Single(await Store.ReadAuditAsync("r1", None));
    }

    [Fact]
    public async Task Of_many_writers_at_the_same_version_exactly_one_wins()
    {
        var v1 = await Store.TryCommitAsync("r1", null, Claim("r1", Asha, 0), None);
        Assert.NotNull(v1);
        var writers = Enumerable.Range(0, 20)
            .Select(i => (Reviewer: new ReviewerRef($"oid-{i}", $"Reviewer {i}"), Store: OpenStore()))
            .ToList();
        await Task.WhenAll(writers.Select(w => w.Store.EnsureCreatedAsync(None)));

        var results = await Task.WhenAll(writers.Select(w => Task.Run(() => w.Store.TryCommitAsync("r1", v1, Claim("r1", w.Reviewer, 1), None))));

        var winner = Assert.Single(results.Select((version, i) => (version, i)), r => r.version is not null);
        var stored = await Store.GetAsync("r1", None);
        Assert.NotNull(stored);
        Assert.Equal(winner.version, stored.Version);
        Assert.Equal(writers[winner.i].Reviewer, stored.State.Assignee);
        var audit = await Store.ReadAuditAsync("r1", None);
        Assert.Equal(2, audit.Count);
        Assert.Equal(writers[winner.i].Reviewer, audit[1].Actor);
    }

    [Fact]
    public async Task Of_many_writers_creating_the_same_request_exactly_one_wins()
    {
        var writers = Enumerable.Range(0, 20)
            .Select(i => (Reviewer: new ReviewerRef($"oid-{i}", $"Reviewer {i}"), Store: OpenStore()))
            .ToList();
        await Task.WhenAll(writers.Select(w => w.Store.EnsureCreatedAsync(None)));

        var results = await Task.WhenAll(writers.Select(w => Task.Run(() => w.Store.TryCommitAsync("r1", null, EditThemes("r1", w.Reviewer, 1, w.Reviewer.Id), None))));

        var winner = Assert.Single(results.Select((version, i) => (version, i)), r => r.version is not null);
        var stored = await Store.GetAsync("r1", None);
        Assert.NotNull(stored);
        Assert.Equal(winner.version, stored.Version);
        Assert.Equal(writers[winner.i].Reviewer, stored.State.Assignee);
        Assert.Equal(writers[winner.i].Reviewer, Assert.Single(await Store.ReadAuditAsync("r1", None)).Actor);
        Assert.Equal(writers[winner.i].Reviewer, Assert.Single(await Store.ReadCorrectionsAsync(DateTimeOffset.MinValue, 100, None)).Reviewer);
    }

    [Fact]
    public async Task Every_field_of_the_state_round_trips_exactly()
    {
        var state = new ReviewState
        {
            Status = RequestStatus.AwaitingClarification,
            Assignee = Ben,
            ClaimedAt = new DateTimeOffset(2026, 11, 2, 10, 15, 30, 123, TimeSpan.FromHours(1)),
            EditedQuestions =
            [
                new Question { Label = "1", Text = "How many CTSA visits in 2025?", Start = 10, End = 39, Themes = ["counter-terrorism"] },
                new Question { Label = "2(a)", Text = "Use of covert \"human\" sources — résumé", Start = 40, End = 80 },
            ],
            EditedThemes = ["counter-terrorism", "covert-tactics"],
            Decision = "Clarify the date range in q2; s23 may apply.",
            DuplicateOf = "d41d8cd98f00b204e9800998ecf8427e",
            Notes =
            [
                new ReviewNote("n1", Asha, At(3), "Sent to CT unit.\nAwaiting reply."),
                new ReviewNote("n2", Ben, At(7), "Emoji and accents survive: \u00e9 \ud83d\ude80"),
            ],
            UpdatedAt = At(7),
        };
        var change = new ReviewChange(state, new AuditEntry
        {
            RequestId = "r1",
            At = At(7),
            Actor = Ben,
            Action = ReviewActions.SetStatus,
            After = Json("""{"status":"awaiting-clarification"}"""),
        });

        var version = await Store.TryCommitAsync("r1", null, change, None);
        var stored = await OpenStore().GetAsync("r1", None);

        Assert.NotNull(stored);
        Assert.Equal(version, stored.Version);
        Assert.Equal(Serialized(state), Serialized(stored.State));
        Assert.Equal(state.ClaimedAt!.Value.Offset, stored.State.ClaimedAt!.Value.Offset);
        Assert.Equal(state.Notes, stored.State.Notes);
        Assert.Equal(state.EditedThemes, stored.State.EditedThemes);
        Assert.Equal(["counter-terrorism"], stored.State.EditedQuestions![0].Themes);
        Assert.Equal(Ben, stored.State.Assignee);
        Assert.Equal(RequestStatus.AwaitingClarification, stored.State.Status);
    }

    [Fact]
    public async Task A_change_filed_under_another_request_is_refused_before_anything_is_written()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.TryCommitAsync("r1", null, Claim("r2", Asha, 0), None));

        Assert.Null(await Store.GetAsync("r1", None));
        Assert.Null(await Store.GetAsync("r2", None));
    }
}
