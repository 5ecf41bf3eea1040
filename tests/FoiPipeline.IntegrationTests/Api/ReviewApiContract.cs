using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FoiPipeline.Analysis;
using FoiPipeline.Api;
using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Pipeline;
using FoiPipeline.Review;
using FoiPipeline.Triage;
using Xunit;

namespace FoiPipeline.IntegrationTests.Api;

/// <summary>A running reviewer API: its address, the index behind it (to seed requests), and how a person signs in to it.</summary>
public interface IApiUnderTest : IAsyncDisposable
{
    Uri BaseAddress { get; }

    ITriageIndex Index { get; }

    /// <summary>Puts credentials for this person on a request, the way this host expects them.</summary>
    void SignIn(HttpRequestMessage request, string userId, string name, IReadOnlyList<string> roles);

    /// <summary>Waits until what was written to the index is searchable.</summary>
    Task WhenSearchableAsync();

    /// <summary>Puts a letter's original bytes in the intake container this host reads, under <paramref name="name"/>.</summary>
    Task StoreOriginalAsync(string name, byte[] content);

    /// <summary>The blobs and queues this host's pipeline uses (to leave failed items for the admin's replay).</summary>
    PipelineStorage Storage { get; }
}

/// <summary>
/// The reviewer API's behaviour over real HTTP on loopback, held against each host that serves it: every
/// action, the claim race, the workflow's forbidden transitions, the audit trail, what each role may see,
/// and bad input, which must get a 4xx with a clear message and change nothing.
/// </summary>
public abstract class ReviewApiContract : IAsyncLifetime
{
    protected const string Reviewer = ReviewerRoles.Reviewer;
    protected const string Cleared = ReviewerRoles.SensitiveReviewer;
    protected const string Admin = ReviewerRoles.Admin;

    private static readonly DateTimeOffset Received = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private IApiUnderTest _api = null!;
    private HttpClient _http = null!;

    // Three ordinary requests, one restricted (covert tactics), and one standard letter that repeats the restricted one.
    protected string Firearms { get; } = Id("firearms");
    protected string Protest { get; } = Id("protest");
    protected string Immigration { get; } = Id("immigration");
    protected string Covert { get; } = Id("covert");
    protected string Echo { get; } = Id("echo");

    protected abstract Task<IApiUnderTest> StartAsync();

    public async Task InitializeAsync()
    {
        _api = await StartAsync();
        _http = new HttpClient { BaseAddress = _api.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        await _api.Index.UpsertAsync(Letter(Firearms, "Firearms licences", "How many firearms licences were revoked in 2025?", new DateOnly(2026, 11, 30), "firearms"), default);
        await _api.Index.UpsertAsync(Letter(Protest, "Protest policing", "What did policing the climate protest cost?", new DateOnly(2026, 12, 1), "public-order"), default);
        await _api.Index.UpsertAsync(Letter(Immigration, "Immigration referrals", "How many people were referred to immigration enforcement?", new DateOnly(2026, 12, 2), "immigration"), default);
        await _api.Index.UpsertAsync(Letter(Covert, "Undercover officers", "How many undercover officers infiltrated zebrafinch groups?", new DateOnly(2026, 11, 25), "covert-tactics") with
        {
            Sensitivity = Sensitivity.Restricted,
        }, default);
        await _api.Index.UpsertAsync(Letter(Echo, "Undercover officers again", "How many undercover officers were deployed at protests?", new DateOnly(2026, 12, 3), "public-order") with
        {
            Duplicates = [new DuplicateLink(Covert, "round-robin", 0.8), new DuplicateLink(Protest, "round-robin", 0.7)],
        }, default);
        await _api.WhenSearchableAsync();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _api.DisposeAsync();
    }

    // ---- Sign-in and roles -------------------------------------------------------------------------------------------

    [Fact]
    public async Task Every_endpoint_refuses_a_caller_who_has_not_signed_in_with_401()
    {
        foreach (var endpoint in ReviewEndpoints.All)
        {
            using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), "api/" + endpoint.Route.Replace("{id}", Firearms, StringComparison.Ordinal));
            using var response = await _http.SendAsync(request);
            await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        }

        await AssertUnchangedAsync(Firearms, "0");
    }

    [Fact]
    public async Task A_caller_without_a_reviewer_role_is_refused_everything()
    {
        using var response = await SendAsync(HttpMethod.Get, "api/requests", As("visitor", "Vic Visitor"));
        var problem = await AssertProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains("reviewer", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var claim = await SendAsync(HttpMethod.Post, $"api/requests/{Firearms}/claim", As("visitor", "Vic Visitor"));
        await AssertProblemAsync(claim, HttpStatusCode.Forbidden, "forbidden");
        await AssertUnchangedAsync(Firearms, "0");
    }

    [Fact]
    public async Task The_caller_sees_who_they_are_and_what_they_may_do()
    {
        var me = await GetJsonAsync("api/me", As("ann", "Ann Reviewer", Cleared, Reviewer));
        Assert.Equal("ann", me.GetProperty("id").GetString());
        Assert.Equal("Ann Reviewer", me.GetProperty("name").GetString());
        Assert.True(me.GetProperty("cleared").GetBoolean());
        Assert.False(me.GetProperty("admin").GetBoolean());
        Assert.Equal([Reviewer, Cleared], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    // ---- Visibility of restricted requests ---------------------------------------------------------------------------

    [Fact]
    public async Task An_uncleared_reviewer_never_sees_a_restricted_request_in_the_queue_its_counts_or_its_facets()
    {
        var page = await GetJsonAsync("api/requests?facets=true", As("rob", "Rob Reviewer", Reviewer));
        Assert.Equal(4, page.GetProperty("total").GetInt64());
        Assert.DoesNotContain(Covert, Ids(page));
        var facets = page.GetProperty("facets");
        Assert.DoesNotContain("covert-tactics", FacetValues(facets, "theme"));
        Assert.DoesNotContain("restricted", FacetValues(facets, "sensitivity"));
        Assert.Equal(4, facets.GetProperty("status").EnumerateArray().Sum(f => f.GetProperty("count").GetInt64()));

        var cleared = await GetJsonAsync("api/requests?facets=true", As("sam", "Sam Cleared", Reviewer, Cleared));
        Assert.Equal(5, cleared.GetProperty("total").GetInt64());
        Assert.Contains(Covert, Ids(cleared));
        Assert.Contains("covert-tactics", FacetValues(cleared.GetProperty("facets"), "theme"));
        Assert.Contains("restricted", FacetValues(cleared.GetProperty("facets"), "sensitivity"));
    }

    [Fact]
    public async Task An_uncleared_reviewer_cannot_find_a_restricted_request_by_its_words_or_its_theme()
    {
        var rob = As("rob", "Rob Reviewer", Reviewer);
        var byWord = await GetJsonAsync("api/requests?q=zebrafinch&highlights=true&facets=true", rob);
        Assert.Equal(0, byWord.GetProperty("total").GetInt64());
        Assert.Empty(byWord.GetProperty("items").EnumerateArray());
        Assert.Empty(byWord.GetProperty("highlights").EnumerateObject());
        Assert.Empty(byWord.GetProperty("facets").GetProperty("status").EnumerateArray());

        var byTheme = await GetJsonAsync("api/requests?theme=covert-tactics&take=0&facets=true", rob);
        Assert.Equal(0, byTheme.GetProperty("total").GetInt64());

        var cleared = await GetJsonAsync("api/requests?q=zebrafinch&highlights=true", As("sam", "Sam Cleared", Cleared));
        Assert.Equal([Covert], Ids(cleared));
        Assert.Contains("<mark>", string.Join(" ", cleared.GetProperty("highlights").GetProperty(Covert).EnumerateArray().Select(h => h.GetString())), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restricted_request_is_not_found_by_id_for_the_uncleared_exactly_as_one_that_does_not_exist()
    {
        var rob = As("rob", "Rob Reviewer", Reviewer, Admin);
        var missing = Id("never-sent");
        foreach (var (method, path, body) in new (HttpMethod, string, object?)[]
        {
            (HttpMethod.Get, "", null),
            (HttpMethod.Get, "/audit", null),
            (HttpMethod.Post, "/claim", null),
            (HttpMethod.Post, "/release", null),
            (HttpMethod.Post, "/notes", new { text = "Is this one ours?" }),
            (HttpMethod.Post, "/status", new { status = "rejected", decision = "Not valid" }),
            (HttpMethod.Put, "/themes", new { themes = new[] { "firearms" } }),
            (HttpMethod.Put, "/questions", new { questions = new[] { new { label = "1", text = "How many?", themes = Array.Empty<string>() } } }),
        })
        {
            using var hidden = await SendAsync(method, $"api/requests/{Covert}{path}", rob, body);
            var hiddenProblem = await AssertProblemAsync(hidden, HttpStatusCode.NotFound, "not-found");
            using var absent = await SendAsync(method, $"api/requests/{missing}{path}", rob, body);
            var absentProblem = await AssertProblemAsync(absent, HttpStatusCode.NotFound, "not-found");
            Assert.Equal(
                absentProblem.GetProperty("detail").GetString()!.Replace(missing, "ID", StringComparison.Ordinal),
                hiddenProblem.GetProperty("detail").GetString()!.Replace(Covert, "ID", StringComparison.Ordinal));
        }

        var cleared = await GetJsonAsync($"api/requests/{Covert}", As("sam", "Sam Cleared", Cleared));
        Assert.Equal(Covert, cleared.GetProperty("request").GetProperty("id").GetString());
        await AssertUnchangedAsync(Covert, "0");
    }

    [Fact]
    public async Task A_link_to_a_restricted_duplicate_is_left_out_for_the_uncleared()
    {
        var forRob = await GetJsonAsync($"api/requests/{Echo}", As("rob", "Rob Reviewer", Reviewer));
        Assert.Equal([Protest], forRob.GetProperty("request").GetProperty("duplicates").EnumerateArray().Select(d => d.GetProperty("docId").GetString()));

        var forSam = await GetJsonAsync($"api/requests/{Echo}", As("sam", "Sam Cleared", Cleared));
        Assert.Equal([Covert, Protest], forSam.GetProperty("request").GetProperty("duplicates").EnumerateArray().Select(d => d.GetProperty("docId").GetString()));
    }

    [Fact]
    public async Task Tagging_a_restricted_theme_restricts_the_request_even_from_the_reviewer_who_tagged_it()
    {
        var rob = As("rob", "Rob Reviewer", Reviewer);
        await ClaimAsync(Firearms, "rob");
        using var tagged = await SendAsync(HttpMethod.Put, $"api/requests/{Firearms}/themes", rob, new { themes = new[] { "firearms", "covert-tactics" } });
        Assert.Equal(HttpStatusCode.OK, tagged.StatusCode);
        Assert.True((await JsonAsync(tagged)).GetProperty("review").GetProperty("restricted").GetBoolean());
        await _api.WhenSearchableAsync();

        using var gone = await SendAsync(HttpMethod.Get, $"api/requests/{Firearms}", rob);
        await AssertProblemAsync(gone, HttpStatusCode.NotFound, "not-found");
        Assert.DoesNotContain(Firearms, Ids(await GetJsonAsync("api/requests?q=firearms", rob)));

        var sam = As("sam", "Sam Cleared", Cleared);
        var detail = await GetJsonAsync($"api/requests/{Firearms}", sam);
        Assert.Equal("restricted", detail.GetProperty("request").GetProperty("sensitivity").GetString());
        Assert.Contains(Firearms, Ids(await GetJsonAsync("api/requests?sensitivity=restricted", sam)));
    }

    [Fact]
    public async Task The_original_letter_downloads_as_an_attachment_for_those_who_may_see_it()
    {
        var bytes = Encoding.UTF8.GetBytes("From: a@example.org\r\nSubject: test\r\n\r\n<script>alert('not here')</script>\r\n");
        await _api.StoreOriginalAsync($"{Firearms}.eml", bytes);
        await _api.StoreOriginalAsync($"{Covert}.eml", bytes);

        var rob = As("rob", "Rob Reviewer", Reviewer);
        using (var original = await SendAsync(HttpMethod.Get, $"api/requests/{Firearms}/original", rob))
        {
            Assert.Equal(HttpStatusCode.OK, original.StatusCode);
            Assert.Equal(bytes, await original.Content.ReadAsByteArrayAsync());
            Assert.Equal("application/octet-stream", original.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", original.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal($"{Firearms}.eml", original.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
            Assert.Equal("sandbox", string.Join(",", original.Headers.GetValues("Content-Security-Policy")));
        }

        using var hidden = await SendAsync(HttpMethod.Get, $"api/requests/{Covert}/original", rob);
        await AssertProblemAsync(hidden, HttpStatusCode.NotFound, "not-found");
        using var cleared = await SendAsync(HttpMethod.Get, $"api/requests/{Covert}/original", As("sam", "Sam Cleared", Cleared));
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);

        using var gone = await SendAsync(HttpMethod.Get, $"api/requests/{Protest}/original", rob);
        Assert.Contains("no longer in the intake container", (await AssertProblemAsync(gone, HttpStatusCode.NotFound, "not-found")).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    // ---- Claim and release -------------------------------------------------------------------------------------------

    [Fact]
    public async Task Claiming_a_new_request_takes_it_and_moves_it_to_in_review_in_the_store_and_the_queue()
    {
        using var response = await SendAsync(HttpMethod.Post, $"api/requests/{Firearms}/claim", As("ann", "Ann Reviewer", Reviewer));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal("ann", body.GetProperty("review").GetProperty("assignee").GetProperty("id").GetString());
        Assert.Equal("in-review", body.GetProperty("review").GetProperty("status").GetString());
        Assert.Equal($"\"{body.GetProperty("version").GetString()}\"", response.Headers.ETag?.ToString());

        await _api.WhenSearchableAsync();
        var mine = await GetJsonAsync("api/requests?assignee=me&status=in-review", As("ann", "Ann Reviewer", Reviewer));
        Assert.Equal([Firearms], Ids(mine));

        // Claiming one's own claim again is harmless and records nothing new.
        using var again = await SendAsync(HttpMethod.Post, $"api/requests/{Firearms}/claim", As("ann", "Ann Reviewer", Reviewer));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Single(await AuditAsync(Firearms));
    }

    [Fact]
    public async Task Of_many_reviewers_claiming_at_once_exactly_one_wins_and_the_others_are_told_who_holds_it()
    {
        const int claimants = 16;
        var responses = await Task.WhenAll(Enumerable.Range(1, claimants).Select(async i =>
        {
            using var response = await SendAsync(HttpMethod.Post, $"api/requests/{Protest}/claim", As($"reviewer-{i}", $"Reviewer {i}", Reviewer));
            return (Status: response.StatusCode, Body: await JsonAsync(response), User: $"reviewer-{i}");
        }));

        var winner = Assert.Single(responses, r => r.Status == HttpStatusCode.OK);
        var losers = responses.Where(r => r.Status != HttpStatusCode.OK).ToList();
        Assert.Equal(claimants - 1, losers.Count);
        Assert.All(losers, loser =>
        {
            Assert.Equal(HttpStatusCode.Conflict, loser.Status);
            Assert.Equal(Problems.TypeOf("claimed"), loser.Body.GetProperty("type").GetString());
            Assert.Equal(winner.User, loser.Body.GetProperty("holder").GetProperty("id").GetString());
            Assert.Contains($"Reviewer {winner.User["reviewer-".Length..]} holds this request", loser.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        });

        var audit = await AuditAsync(Protest);
        var claim = Assert.Single(audit);
        Assert.Equal(winner.User, claim.GetProperty("actor").GetProperty("id").GetString());
        var detail = await GetJsonAsync($"api/requests/{Protest}", As("x", "X", Reviewer));
        Assert.Equal(winner.User, detail.GetProperty("review").GetProperty("assignee").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Only_the_holder_or_an_admin_releases_a_claim()
    {
        await ClaimAsync(Firearms, "ann");
        using var byBob = await SendAsync(HttpMethod.Post, $"api/requests/{Firearms}/release", As("bob", "Bob Reviewer", Reviewer));
        var problem = await AssertProblemAsync(byBob, HttpStatusCode.Conflict, "claimed");
        Assert.Equal("ann", problem.GetProperty("holder").GetProperty("id").GetString());

        using var byAnn = await SendAsync(HttpMethod.Post, $"api/requests/{Firearms}/release", As("ann", "Ann Reviewer", Reviewer));
        Assert.Equal(HttpStatusCode.OK, byAnn.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await JsonAsync(byAnn)).GetProperty("review").GetProperty("assignee").ValueKind);

        using var nothingHeld = await SendAsync(HttpMethod.Post, $"api/requests/{Firearms}/release", As("ann", "Ann Reviewer", Reviewer));
        await AssertProblemAsync(nothingHeld, HttpStatusCode.Conflict, "conflict");

        await ClaimAsync(Firearms, "bob");
        using var byAdmin = await SendAsync(HttpMethod.Post, $"api/requests/{Firearms}/release", As("ada", "Ada Admin", Admin));
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);

        var actions = (await AuditAsync(Firearms)).Select(a => (a.GetProperty("action").GetString(), a.GetProperty("actor").GetProperty("id").GetString()));
        Assert.Equal([("claim", "ann"), ("release", "ann"), ("claim", "bob"), ("release", "ada")], actions);
    }

    // ---- Edits: questions and themes ---------------------------------------------------------------------------------

    [Fact]
    public async Task A_reviewer_corrects_the_split_and_the_correction_is_kept_for_the_analyzer()
    {
        var questions = new { questions = new[]
        {
            new { label = "1", text = "How many firearms licences were revoked in 2025?", themes = new[] { "firearms" } },
            new { label = "2", text = "Broken down by reason.", themes = Array.Empty<string>() },
        } };

        using var unclaimed = await SendAsync(HttpMethod.Put, $"api/requests/{Firearms}/questions", As("ann", "Ann Reviewer", Reviewer), questions);
        await AssertProblemAsync(unclaimed, HttpStatusCode.Conflict, "conflict");

        await ClaimAsync(Firearms, "ann");
        using var edited = await SendAsync(HttpMethod.Put, $"api/requests/{Firearms}/questions", As("ann", "Ann Reviewer", Reviewer), questions);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);

        var detail = await GetJsonAsync($"api/requests/{Firearms}", As("ann", "Ann Reviewer", Reviewer));
        var split = detail.GetProperty("review").GetProperty("editedQuestions").EnumerateArray().ToList();
        Assert.Equal(["1", "2"], split.Select(q => q.GetProperty("label").GetString()));
        Assert.Equal(0, split[0].GetProperty("start").GetInt32());
        Assert.Equal(-1, split[1].GetProperty("start").GetInt32());

        var audit = await AuditAsync(Firearms);
        var edit = audit.Single(a => a.GetProperty("action").GetString() == "edit-questions");
        Assert.Equal(2, edit.GetProperty("after").GetProperty("editedQuestions").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, edit.GetProperty("before").GetProperty("editedQuestions").ValueKind);

        var corrections = await GetJsonAsync("api/corrections", As("ada", "Ada Admin", Admin));
        var correction = Assert.Single(corrections.GetProperty("items").EnumerateArray());
        Assert.Equal(Firearms, correction.GetProperty("requestId").GetString());
        Assert.Equal("questions", correction.GetProperty("kind").GetString());
        Assert.Equal(1, correction.GetProperty("analyzer").GetArrayLength());
        Assert.Equal(2, correction.GetProperty("corrected").GetArrayLength());

        using var notAdmin = await SendAsync(HttpMethod.Get, "api/corrections", As("ann", "Ann Reviewer", Reviewer));
        await AssertProblemAsync(notAdmin, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_reviewer_changes_the_tags_and_the_queue_shows_the_reviewers_tags()
    {
        await ClaimAsync(Immigration, "ann");
        using var unknown = await SendAsync(HttpMethod.Put, $"api/requests/{Immigration}/themes", As("ann", "Ann Reviewer", Reviewer), new { themes = new[] { "immigration", "aliens" } });
        var problem = await AssertProblemAsync(unknown, HttpStatusCode.BadRequest, "invalid-input");
        Assert.Contains("\"aliens\" is not a theme", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var edited = await SendAsync(HttpMethod.Put, $"api/requests/{Immigration}/themes", As("ann", "Ann Reviewer", Reviewer), new { themes = new[] { "immigration", "personal-data" } });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        await _api.WhenSearchableAsync();

        var page = await GetJsonAsync("api/requests", As("ann", "Ann Reviewer", Reviewer));
        var row = page.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == Immigration);
        Assert.Equal(["immigration", "personal-data"], row.GetProperty("themes").EnumerateArray().Select(t => t.GetString()));
        var edit = (await AuditAsync(Immigration)).Single(a => a.GetProperty("action").GetString() == "edit-themes");
        Assert.Equal(["immigration", "personal-data"], edit.GetProperty("after").GetProperty("editedThemes").EnumerateArray().Select(t => t.GetString()));
    }

    // ---- Workflow ----------------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_request_moves_along_the_workflow_to_closed_and_every_step_is_audited()
    {
        var ann = As("ann", "Ann Reviewer", Reviewer);
        await ClaimAsync(Firearms, "ann");
        await MoveAsync(Firearms, ann, new { status = "awaiting-clarification" });
        await MoveAsync(Firearms, ann, new { status = "in-review" });
        await MoveAsync(Firearms, ann, new { status = "referred", decision = "Referred to the NPCC firearms lead." });
        await MoveAsync(Firearms, ann, new { status = "ready" });
        await MoveAsync(Firearms, ann, new { status = "closed", decision = "Information provided in full." });

        var detail = await GetJsonAsync($"api/requests/{Firearms}", ann);
        Assert.Equal("closed", detail.GetProperty("review").GetProperty("status").GetString());
        Assert.Equal("Information provided in full.", detail.GetProperty("review").GetProperty("decision").GetString());

        var statuses = (await AuditAsync(Firearms)).Where(a => a.GetProperty("action").GetString() == "set-status")
            .Select(a => (a.GetProperty("before").GetProperty("status").GetString(), a.GetProperty("after").GetProperty("status").GetString()));
        Assert.Equal(
            [("in-review", "awaiting-clarification"), ("awaiting-clarification", "in-review"), ("in-review", "referred"), ("referred", "ready"), ("ready", "closed")],
            statuses);

        await _api.WhenSearchableAsync();
        Assert.Equal([Firearms], Ids(await GetJsonAsync("api/requests?status=closed", ann)));
    }

    [Fact]
    public async Task Forbidden_transitions_are_refused_with_where_the_request_can_go_and_change_nothing()
    {
        var ann = As("ann", "Ann Reviewer", Reviewer);
        await ClaimAsync(Firearms, "ann");
        var version = await VersionAsync(Firearms);

        foreach (var (target, decision) in new[] { ("closed", "Done"), ("new", (string?)null), ("in-review", null) })
        {
            using var response = await SendAsync(HttpMethod.Post, $"api/requests/{Firearms}/status", ann, new { status = target, decision });
            var problem = await AssertProblemAsync(response, HttpStatusCode.Conflict, target == "in-review" ? "conflict" : "transition-not-allowed");
            if (target != "in-review")
            {
                Assert.Contains("referred", problem.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()));
                Assert.Contains($"cannot move to {target}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
        }

        await AssertUnchangedAsync(Firearms, version);

        await MoveAsync(Firearms, ann, new { status = "rejected", decision = "A request for an opinion, not recorded information." });
        using var afterFinish = await SendAsync(HttpMethod.Post, $"api/requests/{Firearms}/status", ann, new { status = "in-review" });
        var finished = await AssertProblemAsync(afterFinish, HttpStatusCode.Conflict, "transition-not-allowed");
        Assert.Contains("only an admin can reopen it", finished.GetProperty("detail").GetString(), StringComparison.Ordinal);

        await MoveAsync(Firearms, As("ada", "Ada Admin", Admin), new { status = "in-review" });
    }

    [Fact]
    public async Task Rejecting_needs_a_reason_and_a_duplicate_needs_a_visible_original()
    {
        var ann = As("ann", "Ann Reviewer", Reviewer);
        await ClaimAsync(Echo, "ann");
        var version = await VersionAsync(Echo);

        using var noReason = await SendAsync(HttpMethod.Post, $"api/requests/{Echo}/status", ann, new { status = "rejected" });
        Assert.Contains("needs a reason", (await AssertProblemAsync(noReason, HttpStatusCode.BadRequest, "invalid-input")).GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var noOriginal = await SendAsync(HttpMethod.Post, $"api/requests/{Echo}/status", ann, new { status = "duplicate" });
        await AssertProblemAsync(noOriginal, HttpStatusCode.BadRequest, "invalid-input");

        // The restricted original is, for this reviewer, a request that does not exist.
        using var hiddenOriginal = await SendAsync(HttpMethod.Post, $"api/requests/{Echo}/status", ann, new { status = "duplicate", duplicateOf = Covert });
        Assert.Contains("there is no request", (await AssertProblemAsync(hiddenOriginal, HttpStatusCode.BadRequest, "invalid-input")).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertUnchangedAsync(Echo, version);

        await MoveAsync(Echo, ann, new { status = "duplicate", duplicateOf = Protest });
        var detail = await GetJsonAsync($"api/requests/{Echo}", ann);
        Assert.Equal(Protest, detail.GetProperty("review").GetProperty("duplicateOf").GetString());
    }

    [Fact]
    public async Task Changing_a_request_someone_else_holds_is_refused_with_the_holder()
    {
        await ClaimAsync(Firearms, "ann");
        var version = await VersionAsync(Firearms);
        var bob = As("bob", "Bob Reviewer", Reviewer);
        using var status = await SendAsync(HttpMethod.Post, $"api/requests/{Firearms}/status", bob, new { status = "ready" });
        Assert.Equal("ann", (await AssertProblemAsync(status, HttpStatusCode.Conflict, "claimed")).GetProperty("holder").GetProperty("id").GetString());
        using var themes = await SendAsync(HttpMethod.Put, $"api/requests/{Firearms}/themes", bob, new { themes = new[] { "firearms" } });
        await AssertProblemAsync(themes, HttpStatusCode.Conflict, "claimed");
        await AssertUnchangedAsync(Firearms, version);
    }

    [Fact]
    public async Task A_change_made_on_a_stale_version_is_refused_with_412()
    {
        var ann = As("ann", "Ann Reviewer", Reviewer);
        await ClaimAsync(Firearms, "ann");
        var seen = await VersionAsync(Firearms);
        await MoveAsync(Firearms, ann, new { status = "ready" });
        var current = await VersionAsync(Firearms);

        using var stale = await SendAsync(HttpMethod.Post, $"api/requests/{Firearms}/status", ann, new { status = "closed", decision = "Sent." }, ifMatch: seen);
        var problem = await AssertProblemAsync(stale, HttpStatusCode.PreconditionFailed, "stale-version");
        Assert.Equal(current, problem.GetProperty("currentVersion").GetString());
        await AssertUnchangedAsync(Firearms, current);

        using var fresh = await SendAsync(HttpMethod.Post, $"api/requests/{Firearms}/status", ann, new { status = "closed", decision = "Sent." }, ifMatch: current);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    // ---- Notes and the audit trail -----------------------------------------------------------------------------------

    [Fact]
    public async Task Anyone_who_can_see_a_request_adds_notes_and_the_queue_counts_them()
    {
        using var note = await SendAsync(HttpMethod.Post, $"api/requests/{Protest}/notes", As("bob", "Bob Reviewer", Reviewer), new { text = "  Costs are held by the finance team.  " });
        Assert.Equal(HttpStatusCode.Created, note.StatusCode);
        var notes = (await JsonAsync(note)).GetProperty("review").GetProperty("notes").EnumerateArray().ToList();
        var added = Assert.Single(notes);
        Assert.Equal("Costs are held by the finance team.", added.GetProperty("text").GetString());
        Assert.Equal("Bob Reviewer", added.GetProperty("author").GetProperty("name").GetString());

        await _api.WhenSearchableAsync();
        var row = (await GetJsonAsync("api/requests", As("bob", "Bob Reviewer", Reviewer))).GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == Protest);
        Assert.Equal(1, row.GetProperty("noteCount").GetInt32());

        var entry = Assert.Single(await AuditAsync(Protest));
        Assert.Equal("add-note", entry.GetProperty("action").GetString());
        Assert.Equal("Costs are held by the finance team.", entry.GetProperty("after").GetProperty("note").GetProperty("text").GetString());
    }

    [Fact]
    public async Task The_audit_trail_records_who_when_and_what_and_cannot_be_changed_through_the_api()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        await ClaimAsync(Firearms, "ann");
        var entry = Assert.Single(await AuditAsync(Firearms));
        Assert.Equal("claim", entry.GetProperty("action").GetString());
        Assert.Equal("Ann Reviewer", entry.GetProperty("actor").GetProperty("name").GetString());
        Assert.InRange(entry.GetProperty("at").GetDateTimeOffset(), before, DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Equal("new", entry.GetProperty("before").GetProperty("status").GetString());
        Assert.Equal("in-review", entry.GetProperty("after").GetProperty("status").GetString());

        var admin = As("ada", "Ada Admin", Admin, Cleared);
        foreach (var method in new[] { HttpMethod.Put, HttpMethod.Post, HttpMethod.Delete, HttpMethod.Patch })
        {
            using var response = await SendAsync(method, $"api/requests/{Firearms}/audit", admin, new { action = "nothing happened" });
            await AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed, "method-not-allowed");
        }

        Assert.Single(await AuditAsync(Firearms));
    }

    // ---- Bad input ---------------------------------------------------------------------------------------------------

    public static TheoryData<string, string> Changes => new()
    {
        { "POST", "claim" },
        { "POST", "release" },
        { "PUT", "questions" },
        { "PUT", "themes" },
        { "POST", "status" },
        { "POST", "notes" },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Bad_bodies_get_a_4xx_that_says_what_is_wrong_and_change_nothing(string method, string action)
    {
        var ann = As("ann", "Ann Reviewer", Reviewer, Admin);
        await ClaimAsync(Immigration, "ann");
        var version = await VersionAsync(Immigration);
        var path = $"api/requests/{Immigration}/{action}";
        var cases = new (string Body, string ContentType, HttpStatusCode Status, string Type, string Says)[]
        {
            ("{\"text\": \"unterminated", "application/json", HttpStatusCode.BadRequest, "invalid-input", "not valid JSON"),
            ("[1, 2, 3]", "application/json", HttpStatusCode.BadRequest, "invalid-input", "must be a JSON object"),
            ("{\"sneaky\": true}", "application/json", HttpStatusCode.BadRequest, "invalid-input", "Unknown field \"sneaky\""),
            ("{\"text\": \"x\"}", "text/plain", action is "claim" or "release" ? HttpStatusCode.UnsupportedMediaType : HttpStatusCode.UnsupportedMediaType, "unsupported-media-type", "application/json"),
            ("{\"text\": \"" + new string('a', 300 * 1024) + "\"}", "application/json", HttpStatusCode.RequestEntityTooLarge, "body-too-large", "at most"),
            ("{" + string.Concat(Enumerable.Repeat("\"a\":[", 40)) + "]}", "application/json", HttpStatusCode.BadRequest, "invalid-input", "not valid JSON"),
        };

        foreach (var (body, contentType, status, type, says) in cases)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            ann(request);
            using var response = await _http.SendAsync(request);
            var problem = await AssertProblemAsync(response, status, type);
            Assert.Contains(says, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using var badId = await SendAsync(new HttpMethod(method), $"api/requests/..%2F..%2Fetc%2Fpasswd/{action}", ann, new { });
        Assert.True(badId.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{badId.StatusCode}");
        Assert.Equal(Problems.ContentType, badId.Content.Headers.ContentType?.MediaType);
        using var shortId = await SendAsync(new HttpMethod(method), $"api/requests/{Immigration[..20]}/{action}", ann, new { });
        Assert.Contains("is not a request id", (await AssertProblemAsync(shortId, HttpStatusCode.BadRequest, "invalid-input")).GetProperty("detail").GetString(), StringComparison.Ordinal);

        await AssertUnchangedAsync(Immigration, version);
    }

    [Theory]
    [InlineData("NOT-AN-ID")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("1' OR '1'='1")]
    [InlineData("%E2%80%AEfdc")]
    public async Task Every_endpoint_that_takes_an_id_refuses_one_that_is_not_a_request_id(string id)
    {
        var sam = As("sam", "Sam Cleared", Reviewer, Cleared, Admin);
        foreach (var endpoint in ReviewEndpoints.All.Where(e => e.Route.Contains("{id}", StringComparison.Ordinal)))
        {
            using var response = await SendAsync(new HttpMethod(endpoint.Method), "api/" + endpoint.Route.Replace("{id}", id, StringComparison.Ordinal), sam,
                endpoint.Method == "GET" ? null : new { });
            var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-input");
            Assert.Contains("is not a request id", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(5, (await GetJsonAsync("api/requests?take=0", sam)).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Fields_of_the_wrong_kind_or_size_are_named_in_the_message_and_change_nothing()
    {
        var ann = As("ann", "Ann Reviewer", Reviewer);
        await ClaimAsync(Immigration, "ann");
        var version = await VersionAsync(Immigration);
        var cases = new (HttpMethod Method, string Action, object Body, string Says)[]
        {
            (HttpMethod.Post, "status", new { status = "finished" }, "\"finished\" is not a status"),
            (HttpMethod.Post, "status", new { status = 3 }, "\"status\" must be a string"),
            (HttpMethod.Post, "status", new { status = "duplicate", duplicateOf = "../../x" }, "\"duplicateOf\" must be a request id"),
            (HttpMethod.Post, "notes", new { text = "   " }, "needs some text"),
            (HttpMethod.Post, "notes", new { text = new string('n', 5000) }, "at most 4000"),
            (HttpMethod.Put, "themes", new { themes = "immigration" }, "\"themes\" must be an array"),
            (HttpMethod.Put, "themes", new { themes = new object[] { 1 } }, "themes[0] must be a string"),
            (HttpMethod.Put, "questions", new { questions = Array.Empty<object>() }, "at least one question"),
            (HttpMethod.Put, "questions", new { questions = new[] { new { label = "1", text = "" } } }, "questions[0].text"),
            (HttpMethod.Put, "questions", new { questions = new[] { new { label = "1", text = "a" }, new { label = "1", text = "b" } } }, "used twice"),
            (HttpMethod.Put, "questions", new { questions = new object[] { new { label = "1", text = "a", page = 2 } } }, "unknown field \"page\""),
            (HttpMethod.Put, "questions", new { questions = Enumerable.Range(1, 201).Select(i => new { label = $"{i}", text = "q" }).ToArray() }, "at most 200"),
        };

        foreach (var (method, action, body, says) in cases)
        {
            using var response = await SendAsync(method, $"api/requests/{Immigration}/{action}", ann, body);
            var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-input");
            Assert.Contains(says, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using var weakEtag = await SendAsync(HttpMethod.Post, $"api/requests/{Immigration}/release", ann, null, ifMatch: null, rawIfMatch: "W/\"1\"");
        await AssertProblemAsync(weakEtag, HttpStatusCode.BadRequest, "invalid-input");
        await AssertUnchangedAsync(Immigration, version);
    }

    [Theory]
    [InlineData("q='; DROP TABLE requests; --", "\"q\" holds ';'")]
    [InlineData("q=firearms\" OR \"1\"=\"1", "\"q\" holds '\"'")]
    [InlineData("q=NEAR(firearms licences)*", "\"q\" holds '*'")]
    [InlineData("q=subject:firearms", "\"q\" holds ':'")]
    [InlineData("theme=firearms' or 1 eq 1 or theme eq '", "is not a theme")]
    [InlineData("status=new) or (1=1", "is not a status")]
    [InlineData("sensitivity=restricted or true", "is not a sensitivity")]
    [InlineData("dueBefore=2026-12-01' or '1'='1", "yyyy-MM-dd")]
    [InlineData("assignee=%00ann", "reviewer id")]
    [InlineData("sort=due;delete", "\"sort\" must be one of")]
    [InlineData("take=1000", "from 0 to 100")]
    [InlineData("skip=-1", "from 0 to")]
    [InlineData("referral=maybe", "true or false")]
    [InlineData("facets=1", "true or false")]
    [InlineData("orderby=id", "Unknown parameter \"orderby\"")]
    [InlineData("take=5&take=6", "more than once")]
    public async Task Injection_and_nonsense_in_search_and_filters_get_a_400_that_says_why(string query, string says)
    {
        var cleared = As("sam", "Sam Cleared", Reviewer, Cleared);
        using var response = await SendAsync(HttpMethod.Get, "api/requests?" + query, cleared);
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-input");
        Assert.Contains(says, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.Equal(5, (await GetJsonAsync("api/requests?take=0", cleared)).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Search_text_with_names_and_references_is_searched_for_not_refused()
    {
        var rob = As("rob", "Rob Reviewer", Reviewer);
        Assert.Equal([Firearms], Ids(await GetJsonAsync("api/requests?q=firearms%20licences", rob)));
        Assert.Equal(0, (await GetJsonAsync("api/requests?q=O'Brien%20s.24%202019/20", rob)).GetProperty("total").GetInt64());
        Assert.Equal(0, (await GetJsonAsync("api/requests?assignee=x'%20or%20'1'='1", rob)).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Unknown_paths_and_methods_get_a_problem_not_an_empty_page()
    {
        var rob = As("rob", "Rob Reviewer", Reviewer);
        using var nowhere = await SendAsync(HttpMethod.Get, "api/requests/" + Firearms + "/attachments", rob);
        await AssertProblemAsync(nowhere, HttpStatusCode.NotFound, "not-found");
        using var delete = await SendAsync(HttpMethod.Delete, "api/requests/" + Firearms, rob);
        Assert.Contains("use GET", (await AssertProblemAsync(delete, HttpStatusCode.MethodNotAllowed, "method-not-allowed")).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_is_served_to_anyone()
    {
        using var response = await _http.GetAsync(new Uri("api/openapi.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await JsonAsync(response);
        Assert.StartsWith("3.0", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/requests/{id}/claim", out _));
    }

    [Fact]
    public async Task Every_answer_is_shaped_as_the_openapi_document_says()
    {
        var ann = As("ann", "Ann Reviewer", Reviewer, Cleared, Admin);
        await AssertDocumentedAsync(HttpMethod.Post, $"api/requests/{Firearms}/claim", "/api/requests/{id}/claim", ann, 200);
        await AssertDocumentedAsync(HttpMethod.Put, $"api/requests/{Firearms}/questions", "/api/requests/{id}/questions", ann, 200,
            new { questions = new[] { new { label = "1", text = "How many firearms licences were revoked in 2025?", themes = new[] { "firearms", "covert-tactics" } } } });
        await AssertDocumentedAsync(HttpMethod.Put, $"api/requests/{Firearms}/themes", "/api/requests/{id}/themes", ann, 200, new { themes = new[] { "firearms" } });
        await AssertDocumentedAsync(HttpMethod.Post, $"api/requests/{Firearms}/notes", "/api/requests/{id}/notes", ann, 201, new { text = "Licensing holds this." });
        await AssertDocumentedAsync(HttpMethod.Post, $"api/requests/{Firearms}/status", "/api/requests/{id}/status", ann, 200, new { status = "referred", decision = "To licensing." });
        await AssertDocumentedAsync(HttpMethod.Get, "api/requests?q=firearms&facets=true&highlights=true", "/api/requests", ann, 200);
        await AssertDocumentedAsync(HttpMethod.Get, $"api/requests/{Echo}", "/api/requests/{id}", ann, 200);
        await AssertDocumentedAsync(HttpMethod.Get, $"api/requests/{Firearms}", "/api/requests/{id}", ann, 200);
        await AssertDocumentedAsync(HttpMethod.Get, $"api/requests/{Firearms}/audit", "/api/requests/{id}/audit", ann, 200);
        await AssertDocumentedAsync(HttpMethod.Get, "api/corrections", "/api/corrections", ann, 200);
        await AssertDocumentedAsync(HttpMethod.Get, "api/me", "/api/me", ann, 200);
        await AssertDocumentedAsync(HttpMethod.Get, "api/themes", "/api/themes", ann, 200);

        // Refusals: the problem schema, with its extensions.
        await AssertDocumentedAsync(HttpMethod.Post, $"api/requests/{Firearms}/claim", "/api/requests/{id}/claim", As("bob", "Bob Reviewer", Cleared), 409);
        await AssertDocumentedAsync(HttpMethod.Post, $"api/requests/{Firearms}/status", "/api/requests/{id}/status", ann, 409, new { status = "closed", decision = "x" });
        await AssertDocumentedAsync(HttpMethod.Get, "api/requests?take=500", "/api/requests", ann, 400);
        await AssertDocumentedAsync(HttpMethod.Get, $"api/requests/{Id("nothing")}", "/api/requests/{id}", ann, 404);
        await AssertDocumentedAsync(HttpMethod.Get, "api/requests", "/api/requests", _ => { }, 401);
    }

    private async Task AssertDocumentedAsync(HttpMethod method, string path, string route, Action<HttpRequestMessage> signIn, int status, object? body = null)
    {
        using var response = await SendAsync(method, path, signIn, body);
        var answer = await JsonAsync(response);
        Assert.True((int)response.StatusCode == status, $"{method} {path}: expected {status}, got {(int)response.StatusCode} {answer}");
        OpenApiConformance.AssertMatches(answer, OpenApiConformance.ResponseSchema(method.Method, route, status), $"{method} {route} {status}");
    }

    // ---- Replay of what failed (admins) ------------------------------------------------------------------------------

    [Fact]
    public async Task Only_an_admin_may_list_or_replay_what_failed()
    {
        var poisonQueue = _api.Storage.Queue(QueueNames.PoisonOf(_api.Storage.Names.Queues.Index));
        await FailedItems.PoisonAsync(_api.Storage, _api.Storage.Names.Queues.Index, StageMessage.For(_api.Storage.Names.Containers.Requests, Id("poisoned")).ToJson());
        var sam = As("sam", "Sam Cleared", Reviewer, Cleared);

        using var list = await SendAsync(HttpMethod.Get, "api/admin/replay", sam);
        Assert.Contains("Only an admin", (await AssertProblemAsync(list, HttpStatusCode.Forbidden, "forbidden")).GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var replay = await SendAsync(HttpMethod.Post, "api/admin/replay", sam, new { all = true });
        await AssertProblemAsync(replay, HttpStatusCode.Forbidden, "forbidden");
        using var anonymous = await SendAsync(HttpMethod.Post, "api/admin/replay", _ => { }, new { all = true });
        await AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized, "unauthenticated");

        Assert.Single((await poisonQueue.PeekMessagesAsync(32)).Value);
        Assert.Empty((await _api.Storage.Queue(_api.Storage.Names.Queues.Index).PeekMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task An_admin_lists_what_failed_and_replays_the_items_asked_for()
    {
        var storage = _api.Storage;
        await FailedItems.PoisonAsync(storage, storage.Names.Queues.Index, StageMessage.For(storage.Names.Containers.Requests, Id("poisoned")).ToJson());
        await FailedItems.PoisonAsync(storage, storage.Names.Queues.Index, "this is not a stage message");
        await FailedItems.QuarantineAsync(storage, "scan.txt", Encoding.UTF8.GetBytes("Dear team, how many speeding fines were issued in 2025? Jo Bloggs"));
        var ada = As("ada", "Ada Admin", Admin);

        var listed = await GetJsonAsync("api/admin/replay", ada);
        Assert.True(listed.GetProperty("dryRun").GetBoolean());
        var items = listed.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["waiting", "not-replayable", "waiting"], items.Select(i => i.GetProperty("outcome").GetString()));
        var poisonId = items[0].GetProperty("id").GetString()!;
        Assert.Equal(Id("poisoned"), items[0].GetProperty("docId").GetString());
        Assert.Equal(("quarantine", "scan.txt", "corrupt"), (items[2].GetProperty("kind").GetString(), items[2].GetProperty("id").GetString(), items[2].GetProperty("code").GetString()));
        await AssertDocumentedAsync(HttpMethod.Get, "api/admin/replay", "/api/admin/replay", ada, 200);
        await AssertDocumentedAsync(HttpMethod.Post, "api/admin/replay", "/api/admin/replay", ada, 200, new { dryRun = true, kinds = new[] { "quarantine" } });
        await AssertDocumentedAsync(HttpMethod.Get, "api/admin/replay", "/api/admin/replay", As("sam", "Sam Cleared", Cleared), 403);

        foreach (var (body, says) in new (object, string)[]
        {
            (new { }, "Say what to replay"),
            (new { all = true, kinds = new[] { "everything" } }, "\"everything\" is not a kind"),
            (new { all = true, queues = new[] { "ingest" } }, "\"ingest\" is not a pipeline queue"),
            (new { all = true, max = 0 }, "\"max\" must be a whole number from 1 to 1000"),
            (new { all = "yes" }, "\"all\" must be true or false"),
        })
        {
            using var refused = await SendAsync(HttpMethod.Post, "api/admin/replay", ada, body);
            Assert.Contains(says, (await AssertProblemAsync(refused, HttpStatusCode.BadRequest, "invalid-input")).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(2, (await storage.Queue(QueueNames.PoisonOf(storage.Names.Queues.Index)).GetPropertiesAsync()).Value.ApproximateMessagesCount);

        using var response = await SendAsync(HttpMethod.Post, "api/admin/replay", ada, new { items = new[] { poisonId, "scan.txt", "nothing-by-this-name" } });
        var report = await JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, report.ToString());
        Assert.False(report.GetProperty("dryRun").GetBoolean());
        Assert.Equal(["replayed", "replayed"], report.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("outcome").GetString()));
        Assert.Equal(["nothing-by-this-name"], report.GetProperty("notFound").EnumerateArray().Select(i => i.GetString()));
        Assert.False(await storage.Quarantine.GetBlobClient("scan.txt").ExistsAsync());
        Assert.Equal("scan.txt", (await storage.Intake.GetBlobClient("scan.txt").GetPropertiesAsync()).Value.Metadata[FoiPipeline.Replay.ReplayRules.ReplayedFromMetadata]);

        // The replayed message has left the poison queue; the one that is not a stage message stays.
        var after = (await GetJsonAsync("api/admin/replay", ada)).GetProperty("items").EnumerateArray().ToList();
        Assert.DoesNotContain(after, i => i.GetProperty("id").GetString() == poisonId);
        Assert.Contains(after, i => i.GetProperty("outcome").GetString() == "not-replayable");
    }

    [Fact]
    public async Task Paging_and_sorting_follow_the_query()
    {
        var sam = As("sam", "Sam Cleared", Cleared);
        var first = await GetJsonAsync("api/requests?take=2", sam);
        Assert.Equal(5, first.GetProperty("total").GetInt64());
        Assert.Equal([Covert, Firearms], Ids(first));
        var second = await GetJsonAsync("api/requests?take=2&skip=2", sam);
        Assert.Equal([Protest, Immigration], Ids(second));
        Assert.Equal([Immigration], Ids(await GetJsonAsync("api/requests?dueBefore=2026-12-02&sort=received&status=new&theme=immigration", sam)));
    }

    // ---- Helpers -----------------------------------------------------------------------------------------------------

    private static string Id(string seed) => FoiPipeline.Pipeline.DocId.Of(Encoding.UTF8.GetBytes(seed));

    private static TriageEntry Letter(string id, string subject, string text, DateOnly due, string theme) => new()
    {
        Id = id,
        ReceivedAt = Received,
        DueAt = due,
        Subject = subject,
        Requester = new Requester("Priya Shah", "priya@example.org"),
        Text = text,
        Questions = [new Question { Label = "1", Text = text, Start = 0, End = text.Length, Themes = [theme] }],
        Themes = [new ThemeTag(theme, 0.9, [new Evidence(text[..10], 0, 10)])],
        SourceBlob = $"{id}.eml",
        ExtractionMethod = "mime",
        PipelineVersion = "test",
        IndexedAt = Received,
    };

    private Action<HttpRequestMessage> As(string userId, string name, params string[] roles)
        => request => _api.SignIn(request, userId, name, roles);

    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, Action<HttpRequestMessage> signIn, object? body = null, string? ifMatch = null, string? rawIfMatch = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent(body);
        }

        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{ifMatch}\""));
        }

        if (rawIfMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", rawIfMatch);
        }

        signIn(request);
        return await _http.SendAsync(request);
    }

    private static StringContent JsonContent(object body)
        => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private async Task<JsonElement> GetJsonAsync(string path, Action<HttpRequestMessage> signIn)
    {
        using var response = await SendAsync(HttpMethod.Get, path, signIn);
        var body = await JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return body;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        return document.RootElement.Clone();
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        var body = await JsonAsync(response);
        Assert.True(response.StatusCode == status, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)status}, got {(int)response.StatusCode} {body}");
        Assert.Equal(Problems.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Problems.TypeOf(type), body.GetProperty("type").GetString());
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("detail").GetString()));
        return body;
    }

    private async Task ClaimAsync(string id, string user)
    {
        using var response = await SendAsync(HttpMethod.Post, $"api/requests/{id}/claim", As(user, user switch { "ann" => "Ann Reviewer", "bob" => "Bob Reviewer", _ => user }, Reviewer));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"claim by {user}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private async Task MoveAsync(string id, Action<HttpRequestMessage> signIn, object change)
    {
        using var response = await SendAsync(HttpMethod.Post, $"api/requests/{id}/status", signIn, change);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"status {JsonSerializer.Serialize(change)}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<string> VersionAsync(string id)
        => (await GetJsonAsync($"api/requests/{id}", As("sam", "Sam Cleared", Cleared))).GetProperty("version").GetString()!;

    private async Task<List<JsonElement>> AuditAsync(string id)
        => [.. (await GetJsonAsync($"api/requests/{id}/audit", As("sam", "Sam Cleared", Cleared))).GetProperty("items").EnumerateArray()];

    /// <summary>The request is still at <paramref name="version"/> (<c>"0"</c>: never reviewed), with no audit entry beyond it.</summary>
    private async Task AssertUnchangedAsync(string id, string version)
    {
        Assert.Equal(version, await VersionAsync(id));
        if (version == ReviewService.Unreviewed)
        {
            Assert.Empty(await AuditAsync(id));
        }
    }

    private static List<string?> Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString())];

    private static List<string?> FacetValues(JsonElement facets, string name)
        => facets.TryGetProperty(name, out var values) ? [.. values.EnumerateArray().Select(v => v.GetProperty("value").GetString())] : [];
}
