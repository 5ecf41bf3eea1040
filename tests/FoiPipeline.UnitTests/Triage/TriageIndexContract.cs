using System.Globalization;
using System.Text.Json;
using FoiPipeline.Analysis;
using FoiPipeline.Pipeline;
using FoiPipeline.Triage;

namespace FoiPipeline.UnitTests.Triage;

/// <summary>
/// What every <see cref="ITriageIndex"/> must do, whatever stores it. Each implementation subclasses this with
/// an index of its own per test (a fresh SQLite file, a fresh Azure AI Search index), so tests see only their requests.
/// </summary>
public abstract class TriageIndexContract : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    private ITriageIndex? _index;

    protected ITriageIndex Index => _index ?? throw new InvalidOperationException("InitializeAsync has not run.");

    /// <summary>A new, empty index on which <see cref="ITriageIndex.EnsureCreatedAsync"/> has not run yet.</summary>
    protected abstract Task<ITriageIndex> CreateIndexAsync();

    /// <summary>Removes what <see cref="CreateIndexAsync"/> made.</summary>
    protected abstract Task DeleteIndexAsync(ITriageIndex index);

    /// <summary>Waits until writes are visible to search (near-real-time indexes); immediate by default.</summary>
    protected virtual Task WhenSearchableAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _index = await CreateIndexAsync();
        await _index.EnsureCreatedAsync(None);
    }

    public async Task DisposeAsync()
    {
        if (_index is not null)
        {
            await DeleteIndexAsync(_index);
        }
    }

    private static readonly DateTimeOffset Received = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    protected static TriageEntry Entry(string id, string subject = "Subject", string text = "Please provide the figures.", DateOnly? due = null) => new()
    {
        Id = id,
        ReceivedAt = Received,
        DueAt = due ?? new DateOnly(2026, 12, 1),
        Subject = subject,
        Requester = new Requester("Priya Shah", "priya@example.org"),
        Text = text,
        Questions = [new Question { Label = "1", Text = text, Start = 0, End = text.Length }],
        SourceBlob = $"incoming/{id}.eml",
        ExtractionMethod = "mime",
        PipelineVersion = "test",
        IndexedAt = new DateTimeOffset(2026, 11, 2, 9, 5, 0, TimeSpan.Zero),
    };

    private static ThemeTag Theme(string id) => new(id, 0.9, [new Evidence(id, 0, id.Length)]);

    private async Task IndexAsync(params TriageEntry[] entries)
    {
        foreach (var entry in entries)
        {
            await Index.UpsertAsync(entry, None);
        }

        await WhenSearchableAsync();
    }

    private async Task ReviewAsync(string id, ReviewerFields fields)
    {
        Assert.True(await Index.SetReviewerFieldsAsync(id, fields, None));
        await WhenSearchableAsync();
    }

    private Task<TriagePage> SearchAsync(TriageQuery query) => Index.SearchAsync(query, None);

    private static string Json(TriageEntry entry) => JsonSerializer.Serialize(entry, PipelineJson.Options);

    private static IReadOnlyList<FacetCount> Facet(TriagePage page, string name) =>
        page.Facets.TryGetValue(name, out var counts) ? counts : [];

    [Fact]
    public async Task Every_field_reads_back_as_it_was_written()
    {
        var entry = Entry("full", "Covert <tactics> & \"surveillance\"", "Ask about CHIS authorisations.", new DateOnly(2026, 12, 3)) with
        {
            Requester = new Requester("Ann O'Neill", "ann@example.org"),
            Questions =
            [
                new Question { Label = "a", Text = "CHIS authorisations", Start = 10, End = 29, Themes = ["covert-tactics"] },
                new Question { Label = "b", Text = "the cost", Start = 30, End = 38 },
            ],
            Themes = [Theme("covert-tactics"), Theme("surveillance")],
            Sensitivity = Sensitivity.Restricted,
            Referral = true,
            SuggestedExemptions = ["s23", "s24"],
            Duplicates = [new DuplicateLink("other", "round-robin", 0.93) { ExactCopy = true, ReceivedAt = Received.AddDays(-1) }],
            Reference = "01.FOI.23.028767",
            Flags = ["cost-limit-risk", "round-robin"],
            ExtractionConfidence = 0.875,
        };
        await IndexAsync(entry);
        var review = new ReviewerFields
        {
            Status = RequestStatus.InReview,
            Assignee = "reviewer@force",
            EditedQuestions = [new Question { Label = "1", Text = "CHIS authorisations and their cost", Start = 10, End = 38 }],
            EditedThemes = ["covert-tactics"],
            Decision = "neither confirm nor deny",
            NoteCount = 2,
        };
        await ReviewAsync(entry.Id, review);

        var read = await Index.GetAsync(entry.Id, None);

        var expected = entry with
        {
            Status = review.Status,
            Assignee = review.Assignee,
            EditedQuestions = review.EditedQuestions,
            EditedThemes = review.EditedThemes,
            Decision = review.Decision,
            NoteCount = review.NoteCount,
        };
        Assert.NotNull(read);
        Assert.Equal(Json(expected), Json(read));
    }

    [Fact]
    public async Task A_request_never_indexed_reads_as_null_and_cannot_be_reviewed()
    {
        Assert.Null(await Index.GetAsync("missing", None));
        Assert.False(await Index.SetReviewerFieldsAsync("missing", new ReviewerFields { Status = RequestStatus.Closed }, None));
        Assert.Null(await Index.GetAsync("missing", None));
    }

    [Fact]
    public async Task Re_indexing_keeps_what_reviewers_set_and_refreshes_the_rest()
    {
        var entry = Entry("kept", "First subject");
        await IndexAsync(entry);
        var review = new ReviewerFields
        {
            Status = RequestStatus.Referred,
            Assignee = "reviewer@force",
            EditedThemes = ["terrorism"],
            EditedQuestions = [new Question { Label = "1", Text = "edited", Start = 0, End = 6 }],
            Decision = "refer to CTP",
            NoteCount = 3,
        };
        await ReviewAsync(entry.Id, review);

        await IndexAsync(entry with { Subject = "Re-analysed subject", Flags = ["repeat"] });

        var read = await Index.GetAsync(entry.Id, None);
        Assert.NotNull(read);
        Assert.Equal("Re-analysed subject", read.Subject);
        Assert.Equal(["repeat"], read.Flags);
        Assert.Equal(RequestStatus.Referred, read.Status);
        Assert.Equal("reviewer@force", read.Assignee);
        Assert.Equal(["terrorism"], read.EditedThemes);
        Assert.Equal("edited", Assert.Single(read.EditedQuestions!).Text);
        Assert.Equal("refer to CTP", read.Decision);
        Assert.Equal(3, read.NoteCount);
    }

    [Fact]
    public async Task A_new_request_is_new_and_unassigned()
    {
        await IndexAsync(Entry("fresh"));
        var read = await Index.GetAsync("fresh", None);
        Assert.Equal(RequestStatus.New, read!.Status);
        Assert.Null(read.Assignee);
        Assert.Null(read.EditedQuestions);
        Assert.Null(read.EditedThemes);
        Assert.Null(read.Decision);
        Assert.Equal(0, read.NoteCount);
    }

    [Fact]
    public async Task Reviewer_fields_are_what_status_and_assignee_filter_on()
    {
        await IndexAsync(Entry("r1"), Entry("r2"), Entry("r3"));
        await ReviewAsync("r1", new ReviewerFields { Status = RequestStatus.InReview, Assignee = "alice" });
        await ReviewAsync("r2", new ReviewerFields { Status = RequestStatus.Closed, Assignee = "bob" });

        Assert.Equal(["r1"], Ids(await SearchAsync(new TriageQuery { Status = RequestStatus.InReview })));
        Assert.Equal(["r3"], Ids(await SearchAsync(new TriageQuery { Status = RequestStatus.New })));
        Assert.Equal(["r2"], Ids(await SearchAsync(new TriageQuery { Assignee = "bob" })));
        Assert.Equal(["r1", "r2"], Ids(await SearchAsync(new TriageQuery { Statuses = [RequestStatus.InReview, RequestStatus.Closed] })).Order());
        Assert.Empty(Ids(await SearchAsync(new TriageQuery { Status = RequestStatus.InReview, Statuses = [RequestStatus.Closed] })));
        Assert.Empty(Ids(await SearchAsync(new TriageQuery { Status = RequestStatus.InReview, Assignee = "bob" })));
    }

    [Fact]
    public async Task Each_filter_narrows_the_result()
    {
        await IndexAsync(
            Entry("terror", "Terror arrests", "How many people were arrested for terrorism offences?", new DateOnly(2026, 12, 1)) with
            {
                Themes = [Theme("terrorism")],
                Referral = true,
            },
            Entry("cameras", "Speed cameras", "Where are the speed cameras?", new DateOnly(2026, 12, 10)) with
            {
                Themes = [Theme("surveillance")],
            },
            Entry("chis", "Informants", "How many covert human intelligence sources?", new DateOnly(2026, 12, 20)) with
            {
                Themes = [Theme("covert-tactics"), Theme("surveillance")],
                Sensitivity = Sensitivity.Restricted,
            });

        Assert.Equal(["terror"], Ids(await SearchAsync(new TriageQuery { Text = "arrest terrorism" })));
        Assert.Empty(Ids(await SearchAsync(new TriageQuery { Text = "arrest cameras" })));
        Assert.Equal(["cameras", "chis"], Ids(await SearchAsync(new TriageQuery { Themes = ["surveillance"], IncludeRestricted = true })));
        Assert.Equal(["terror", "chis"], Ids(await SearchAsync(new TriageQuery { Themes = ["terrorism", "covert-tactics"], IncludeRestricted = true })));
        Assert.Equal(["chis"], Ids(await SearchAsync(new TriageQuery { Sensitivities = [Sensitivity.Restricted], IncludeRestricted = true })));
        Assert.Equal(["terror", "cameras"], Ids(await SearchAsync(new TriageQuery { Sensitivities = [Sensitivity.Standard], IncludeRestricted = true })));
        Assert.Equal(["terror"], Ids(await SearchAsync(new TriageQuery { Referral = true })));
        Assert.Equal(["cameras", "chis"], Ids(await SearchAsync(new TriageQuery { Referral = false, IncludeRestricted = true })));
        Assert.Equal(["terror", "cameras"], Ids(await SearchAsync(new TriageQuery { DueBefore = new DateOnly(2026, 12, 10), IncludeRestricted = true })));
        Assert.Equal(["cameras"], Ids(await SearchAsync(new TriageQuery { Themes = ["surveillance"], DueBefore = new DateOnly(2026, 12, 31) })));
    }

    [Fact]
    public async Task Due_before_leaves_out_requests_without_a_due_date()
    {
        await IndexAsync(Entry("dated", due: new DateOnly(2026, 12, 1)), Entry("undated") with { DueAt = null });
        Assert.Equal(["dated"], Ids(await SearchAsync(new TriageQuery { DueBefore = new DateOnly(2027, 1, 1) })));
    }

    [Fact]
    public async Task Facets_count_the_whole_result_largest_first()
    {
        await IndexAsync(
            Entry("f1") with { Themes = [Theme("terrorism"), Theme("surveillance")], Referral = true },
            Entry("f2") with { Themes = [Theme("surveillance")] },
            Entry("f3") with { Themes = [Theme("surveillance")] },
            Entry("f4"));
        await ReviewAsync("f1", new ReviewerFields { Status = RequestStatus.InReview, Assignee = "alice" });
        await ReviewAsync("f2", new ReviewerFields { Status = RequestStatus.InReview, Assignee = "alice" });

        var page = await SearchAsync(new TriageQuery { IncludeFacets = true, Take = 1 });

        Assert.Single(page.Items);
        Assert.Equal(4, page.Total);
        Assert.Equal([new FacetCount("surveillance", 3), new FacetCount("terrorism", 1)], Facet(page, TriageFacets.Theme));
        Assert.Equal([new FacetCount("in-review", 2), new FacetCount("new", 2)], Facet(page, TriageFacets.Status).OrderByDescending(c => c.Count).ThenBy(c => c.Value, StringComparer.Ordinal));
        Assert.Equal([new FacetCount("false", 3), new FacetCount("true", 1)], Facet(page, TriageFacets.Referral));
        Assert.Equal([new FacetCount("standard", 4)], Facet(page, TriageFacets.Sensitivity));
        Assert.Equal([new FacetCount("alice", 2)], Facet(page, TriageFacets.Assignee));
        foreach (var counts in page.Facets.Values)
        {
            Assert.Equal(counts.Select(c => c.Count).OrderDescending(), counts.Select(c => c.Count));
        }

        var narrowed = await SearchAsync(new TriageQuery { IncludeFacets = true, Themes = ["terrorism"] });
        Assert.Equal([new FacetCount("surveillance", 1), new FacetCount("terrorism", 1)], Facet(narrowed, TriageFacets.Theme).OrderBy(c => c.Value, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Facets_are_left_out_unless_asked_for()
    {
        await IndexAsync(Entry("plain"));
        Assert.Empty((await SearchAsync(new TriageQuery())).Facets);
    }

    [Fact]
    public async Task Restricted_requests_are_counted_only_with_clearance()
    {
        await IndexAsync(
            Entry("open", "Budget", "The policing budget.") with { Themes = [Theme("finance")] },
            Entry("secret", "Budget for informants", "The budget for covert human intelligence sources.") with
            {
                Themes = [Theme("covert-tactics"), Theme("finance")],
                Sensitivity = Sensitivity.Restricted,
            });

        var uncleared = await SearchAsync(new TriageQuery { Text = "budget", IncludeFacets = true, IncludeHighlights = true });
        Assert.Equal(["open"], Ids(uncleared));
        Assert.Equal(1, uncleared.Total);
        Assert.Equal([new FacetCount("finance", 1)], Facet(uncleared, TriageFacets.Theme));
        Assert.Equal([new FacetCount("standard", 1)], Facet(uncleared, TriageFacets.Sensitivity));
        Assert.Equal([new FacetCount("new", 1)], Facet(uncleared, TriageFacets.Status));
        Assert.False(uncleared.Highlights.ContainsKey("secret"));

        var cleared = await SearchAsync(new TriageQuery { Text = "budget", IncludeFacets = true, IncludeHighlights = true, IncludeRestricted = true });
        Assert.Equal(["open", "secret"], Ids(cleared).Order());
        Assert.Equal(2, cleared.Total);
        Assert.Equal([new FacetCount("finance", 2), new FacetCount("covert-tactics", 1)], Facet(cleared, TriageFacets.Theme));
        Assert.Equal([new FacetCount("restricted", 1), new FacetCount("standard", 1)], Facet(cleared, TriageFacets.Sensitivity).OrderBy(c => c.Value, StringComparer.Ordinal));
        Assert.True(cleared.Highlights.ContainsKey("secret"));
    }

    [Theory]
    [MemberData(nameof(UnclearedQueries))]
    public async Task A_restricted_request_never_shows_without_clearance(TriageQuery query)
    {
        await IndexAsync(
            Entry("visible", "Informant budget", "The informant budget.") with { Themes = [Theme("covert-tactics")] },
            Entry("hidden", "Informant budget", "The informant budget.") with { Themes = [Theme("covert-tactics")], Sensitivity = Sensitivity.Restricted });
        await ReviewAsync("hidden", new ReviewerFields { Status = RequestStatus.InReview, Assignee = "cleared-reviewer" });

        var page = await SearchAsync(query with { IncludeFacets = true, IncludeHighlights = true });

        Assert.DoesNotContain("hidden", Ids(page));
        Assert.Equal(page.Items.Count, page.Total);
        Assert.False(page.Highlights.ContainsKey("hidden"));
        Assert.All(page.Facets.Values, counts => Assert.True(counts.Sum(c => c.Count) <= 1 || counts.Count == 0));
        Assert.DoesNotContain(Facet(page, TriageFacets.Sensitivity), c => c.Value == "restricted");
        Assert.DoesNotContain(Facet(page, TriageFacets.Assignee), c => c.Value == "cleared-reviewer");
    }

    public static TheoryData<TriageQuery> UnclearedQueries() => new()
    {
        new TriageQuery(),
        new TriageQuery { Text = "informant" },
        new TriageQuery { Themes = ["covert-tactics"] },
        new TriageQuery { Sensitivities = [Sensitivity.Restricted] },
        new TriageQuery { Assignee = "cleared-reviewer" },
        new TriageQuery { Status = RequestStatus.InReview },
        new TriageQuery { Sort = TriageSort.Relevance, Text = "budget" },
    };

    [Fact]
    public async Task Highlights_mark_the_matched_words_and_escape_everything_else()
    {
        await IndexAsync(
            Entry("xss", "Arrests <b>2025</b>", "Please list arrests <script>alert('x')</script> & \"charges\" by month."),
            Entry("other", "Speed cameras", "Where are the cameras?"));

        var page = await SearchAsync(new TriageQuery { Text = "arrests", IncludeHighlights = true });

        Assert.Equal(["xss"], Ids(page));
        var fragments = page.Highlights["xss"];
        Assert.NotEmpty(fragments);
        Assert.All(fragments, f => Assert.Contains(TriageFacets.HighlightStart, f, StringComparison.Ordinal));
        Assert.Contains(fragments, f => f.Contains($"{TriageFacets.HighlightStart}arrests{TriageFacets.HighlightEnd}", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(fragments, f => f.Contains("&lt;script&gt;alert(", StringComparison.Ordinal));
        Assert.Contains(fragments, f => f.Contains("&amp;", StringComparison.Ordinal));
        foreach (var fragment in fragments)
        {
            var withoutMarks = fragment.Replace(TriageFacets.HighlightStart, string.Empty, StringComparison.Ordinal)
                .Replace(TriageFacets.HighlightEnd, string.Empty, StringComparison.Ordinal);
            Assert.DoesNotContain('<', withoutMarks);
            Assert.DoesNotContain('>', withoutMarks);
        }

        Assert.Empty((await SearchAsync(new TriageQuery { Text = "arrests" })).Highlights);
        Assert.Empty((await SearchAsync(new TriageQuery { IncludeHighlights = true })).Highlights);
    }

    [Fact]
    public async Task The_queue_is_soonest_due_first_then_oldest_received_with_unknown_dates_last()
    {
        await IndexAsync(
            Entry("later", due: new DateOnly(2026, 12, 21)),
            Entry("undated") with { DueAt = null },
            Entry("sooner-newer", due: new DateOnly(2026, 12, 1)) with { ReceivedAt = Received.AddHours(2) },
            Entry("sooner-older", due: new DateOnly(2026, 12, 1)) with { ReceivedAt = Received.AddHours(1) });

        Assert.Equal(["sooner-older", "sooner-newer", "later", "undated"], Ids(await SearchAsync(new TriageQuery())));
        Assert.Equal(["sooner-newer", "sooner-older"], Ids(await SearchAsync(new TriageQuery { Sort = TriageSort.ReceivedNewest }))[..2]);
    }

    [Fact]
    public async Task Relevance_without_text_is_the_due_date_order()
    {
        await IndexAsync(Entry("b-later", due: new DateOnly(2026, 12, 21)), Entry("a-sooner", due: new DateOnly(2026, 12, 1)));
        Assert.Equal(["a-sooner", "b-later"], Ids(await SearchAsync(new TriageQuery { Sort = TriageSort.Relevance })));
    }

    [Fact]
    public async Task Relevance_puts_the_best_match_first()
    {
        await IndexAsync(
            Entry("passing", "Budget", "The budget, and one mention of drones.", new DateOnly(2026, 12, 1)),
            Entry("about", "Drones", "Drones: how many drones, drone flights, drone pilots and drone costs?", new DateOnly(2026, 12, 20)));

        Assert.Equal(["about", "passing"], Ids(await SearchAsync(new TriageQuery { Text = "drones", Sort = TriageSort.Relevance })));
    }

    [Fact]
    public async Task Pages_skip_and_take_with_the_total_unchanged()
    {
        var entries = Enumerable.Range(0, 7).Select(i => Entry($"p{i}", due: new DateOnly(2026, 12, 1).AddDays(i))).ToArray();
        await IndexAsync(entries);

        var first = await SearchAsync(new TriageQuery { Take = 3 });
        var second = await SearchAsync(new TriageQuery { Skip = 3, Take = 3 });
        var last = await SearchAsync(new TriageQuery { Skip = 6, Take = 3 });
        var beyond = await SearchAsync(new TriageQuery { Skip = 10, Take = 3 });

        Assert.Equal(["p0", "p1", "p2"], Ids(first));
        Assert.Equal(["p3", "p4", "p5"], Ids(second));
        Assert.Equal(["p6"], Ids(last));
        Assert.Empty(beyond.Items);
        Assert.All(new[] { first, second, last, beyond }, p => Assert.Equal(7, p.Total));
    }

    [Fact]
    public async Task A_request_a_reviewer_restricted_is_hidden_from_the_uncleared_and_stays_restricted_when_reindexed()
    {
        await IndexAsync(Entry("open", text: "How many drones were bought?"), Entry("tagged", text: "How many drones watched the march?"));
        await ReviewAsync("tagged", new ReviewerFields { Status = RequestStatus.InReview, EditedThemes = ["covert-tactics"], Restricted = true });

        var uncleared = await SearchAsync(new TriageQuery { Text = "drones", IncludeFacets = true, IncludeHighlights = true });
        Assert.Equal(["open"], Ids(uncleared));
        Assert.Equal(1, uncleared.Total);
        Assert.DoesNotContain("tagged", uncleared.Highlights.Keys);
        Assert.Equal(1, Facet(uncleared, TriageFacets.Status).Sum(f => f.Count));

        var cleared = await SearchAsync(new TriageQuery { IncludeRestricted = true, Sensitivities = [Sensitivity.Restricted] });
        Assert.Equal(["tagged"], Ids(cleared));
        Assert.Equal(Sensitivity.Restricted, (await Index.GetAsync("tagged", None))!.Sensitivity);
        Assert.Equal(["open"], Ids(await SearchAsync(new TriageQuery { IncludeRestricted = true, Sensitivities = [Sensitivity.Standard] })));

        // The pipeline re-indexes the letter as standard; the reviewer's restriction holds.
        await IndexAsync(Entry("tagged", text: "How many drones watched the march?"));
        Assert.Equal(["open"], Ids(await SearchAsync(new TriageQuery { Text = "drones" })));
        Assert.Equal(Sensitivity.Restricted, (await Index.GetAsync("tagged", None))!.Sensitivity);

        await ReviewAsync("tagged", new ReviewerFields { Status = RequestStatus.InReview, EditedThemes = ["surveillance"], Restricted = false });
        Assert.Equal(2, (await SearchAsync(new TriageQuery { Text = "drones" })).Total);
    }

    [Fact]
    public async Task A_reviewers_tags_drive_the_theme_filter_and_facet()
    {
        await IndexAsync(Entry("a") with { Themes = [Theme("firearms")] }, Entry("b") with { Themes = [Theme("firearms")] });
        await ReviewAsync("b", new ReviewerFields { Status = RequestStatus.InReview, EditedThemes = ["public-order"] });

        Assert.Equal(["a"], Ids(await SearchAsync(new TriageQuery { Themes = ["firearms"] })));
        Assert.Equal(["b"], Ids(await SearchAsync(new TriageQuery { Themes = ["public-order"] })));
        var facets = await SearchAsync(new TriageQuery { IncludeFacets = true });
        Assert.Equal(1, Facet(facets, TriageFacets.Theme).Single(f => f.Value == "firearms").Count);
        Assert.Equal(1, Facet(facets, TriageFacets.Theme).Single(f => f.Value == "public-order").Count);

        // The analyzer's tags and their evidence are still there to compare with.
        Assert.Equal("firearms", Assert.Single((await Index.GetAsync("b", None))!.Themes).Id);
    }

    [Fact]
    public async Task Taking_none_counts_the_requests_and_their_facets_without_items()
    {
        await IndexAsync(Entry("c1"), Entry("c2"), Entry("c3"));

        var counts = await SearchAsync(new TriageQuery { Take = 0, IncludeFacets = true });

        Assert.Empty(counts.Items);
        Assert.Equal(3, counts.Total);
        Assert.Equal(3, Facet(counts, TriageFacets.Status).Sum(f => f.Count));
    }

    [Fact]
    public async Task A_page_holds_at_most_the_maximum_take()
    {
        var entries = Enumerable.Range(0, TriageQuery.MaxTake + 5)
            .Select(i => Entry(i.ToString("D3", CultureInfo.InvariantCulture)))
            .ToArray();
        await IndexAsync(entries);

        var page = await SearchAsync(new TriageQuery { Take = TriageQuery.MaxTake * 10 });

        Assert.Equal(TriageQuery.MaxTake, page.Items.Count);
        Assert.Equal(TriageQuery.MaxTake + 5, page.Total);
    }

    [Theory]
    [InlineData("\" OR 1=1 --")]
    [InlineData("NEAR(a b)")]
    [InlineData("subject:foo")]
    [InlineData("*")]
    [InlineData("(")]
    [InlineData(")")]
    [InlineData("^arrests")]
    [InlineData("arrests*")]
    [InlineData("\"unbalanced")]
    [InlineData("a AND OR NOT b")]
    [InlineData("'; DROP TABLE requests; --")]
    [InlineData("{subject body}: x")]
    [InlineData("   ")]
    [InlineData("\u0002\u0003")]
    public async Task Search_text_is_only_ever_words(string text)
    {
        await IndexAsync(Entry("words", "Arrests subject foo", "Near arrests, or a b."));

        var page = await SearchAsync(new TriageQuery { Text = text, IncludeFacets = true, IncludeHighlights = true, Sort = TriageSort.Relevance });

        Assert.InRange(page.Total, 0, 1);
        Assert.Equal(page.Total, page.Items.Count);
        Assert.NotNull(await Index.GetAsync("words", None));
    }

    [Fact]
    public async Task Query_words_match_as_words_not_as_syntax()
    {
        await IndexAsync(Entry("words", "Subject foo", "Arrests near the station."), Entry("other", "Budget", "The budget."));

        Assert.Equal(["words"], Ids(await SearchAsync(new TriageQuery { Text = "subject:foo" })));
        Assert.Equal(["words"], Ids(await SearchAsync(new TriageQuery { Text = "NEAR(arrests station)" })));
    }

    [Fact]
    public async Task The_deadline_flag_is_indexed_filtered_and_counted()
    {
        await IndexAsync(
            Entry("soon") with { Deadline = DeadlineStatus.DueSoon },
            Entry("late") with { Deadline = DeadlineStatus.Overdue },
            Entry("later"));

        Assert.Equal(DeadlineStatus.DueSoon, (await Index.GetAsync("soon", None))!.Deadline);
        Assert.Null((await Index.GetAsync("later", None))!.Deadline);
        Assert.Equal(["late"], Ids(await SearchAsync(new TriageQuery { Deadlines = [DeadlineStatus.Overdue] })));
        var page = await SearchAsync(new TriageQuery { Deadlines = [DeadlineStatus.DueSoon, DeadlineStatus.Overdue], IncludeFacets = true });
        Assert.Equal(["late", "soon"], Ids(page).Order());
        Assert.Equal(
            [("due-soon", 1L), ("overdue", 1L)],
            page.Facets[TriageFacets.Deadline].Select(f => (f.Value, f.Count)).OrderBy(f => f.Value));
    }

    [Fact]
    public async Task Setting_the_deadline_flag_touches_nothing_a_reviewer_owns_and_reviewer_edits_keep_it()
    {
        await IndexAsync(Entry("claimed"));
        await ReviewAsync("claimed", new ReviewerFields { Status = RequestStatus.InReview, Assignee = "rev-1", Decision = "part-disclose", NoteCount = 2 });

        Assert.True(await Index.SetDeadlineAsync("claimed", DeadlineStatus.Overdue, None));
        await WhenSearchableAsync();
        var flagged = (await Index.GetAsync("claimed", None))!;
        Assert.Equal((DeadlineStatus?)DeadlineStatus.Overdue, flagged.Deadline);
        Assert.Equal((RequestStatus.InReview, "rev-1", "part-disclose", 2), (flagged.Status, flagged.Assignee, flagged.Decision, flagged.NoteCount));

        // A reviewer's edit of an open request leaves the flag; finishing the request clears it at once.
        await ReviewAsync("claimed", new ReviewerFields { Status = RequestStatus.Referred, Assignee = "rev-1" });
        Assert.Equal(DeadlineStatus.Overdue, (await Index.GetAsync("claimed", None))!.Deadline);
        await ReviewAsync("claimed", new ReviewerFields { Status = RequestStatus.Closed, Assignee = "rev-1" });
        Assert.Null((await Index.GetAsync("claimed", None))!.Deadline);
        Assert.Empty(Ids(await SearchAsync(new TriageQuery { Deadlines = [DeadlineStatus.Overdue] })));
        Assert.False(await Index.SetDeadlineAsync("missing", DeadlineStatus.DueSoon, None));
    }

    private static string[] Ids(TriagePage page) => [.. page.Items.Select(i => i.Id)];
}
