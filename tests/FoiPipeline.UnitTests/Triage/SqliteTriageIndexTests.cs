using FoiPipeline.Analysis;
using FoiPipeline.Triage;
using Microsoft.Data.Sqlite;

namespace FoiPipeline.UnitTests.Triage;

public sealed class SqliteTriageIndexTests : IAsyncLifetime, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "foi-index-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteTriageIndex _index;

    public SqliteTriageIndexTests() => _index = new SqliteTriageIndex(Path.Combine(_directory, "triage.db"));

    public Task InitializeAsync() => _index.EnsureCreatedAsync(CancellationToken.None);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _index.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static TriageEntry Entry(string idChar, string subject, string text, DateOnly? due, params string[] questions) => new()
    {
        Id = new string(idChar[0], 64),
        ReceivedAt = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero),
        DueAt = due,
        Subject = subject,
        Requester = new Requester("Priya Shah", "priya@example.org"),
        Text = text,
        Questions = [.. questions.Select((q, i) => new Question { Label = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Text = q, Start = 0, End = q.Length })],
        SourceBlob = "letter.eml",
        ExtractionMethod = "mime",
        PipelineVersion = "test",
        IndexedAt = DateTimeOffset.UtcNow,
    };

    [Fact]
    public async Task An_upserted_request_reads_back_as_it_was_written()
    {
        var entry = Entry("a", "Terror arrests", "Please provide arrests for terrorism offences.", new DateOnly(2026, 12, 1), "arrests for terrorism offences");
        await _index.UpsertAsync(entry, CancellationToken.None);

        var read = await _index.GetAsync(entry.Id, CancellationToken.None);
        Assert.NotNull(read);
        Assert.Equal(entry.Subject, read.Subject);
        Assert.Equal(entry.DueAt, read.DueAt);
        Assert.Equal(entry.ReceivedAt, read.ReceivedAt);
        Assert.Equal(entry.Requester, read.Requester);
        Assert.Equal(
            entry.Questions.Select(q => (q.Label, q.Text, q.Start, q.End, string.Join(',', q.Themes))),
            read.Questions.Select(q => (q.Label, q.Text, q.Start, q.End, string.Join(',', q.Themes))));
        Assert.Equal(RequestStatus.New, read.Status);
    }

    [Fact]
    public async Task Re_indexing_never_overwrites_what_a_reviewer_set()
    {
        var entry = Entry("b", "First subject", "text", new DateOnly(2026, 12, 1), "q");
        await _index.UpsertAsync(entry, CancellationToken.None);
        await using (var connection = new SqliteConnection($"Data Source={_index.DatabasePath}"))
        {
            await connection.OpenAsync();
            await using var claim = connection.CreateCommand();
            claim.CommandText = "UPDATE requests SET status = 'in-review', assignee = 'reviewer@force' WHERE id = $id";
            claim.Parameters.AddWithValue("$id", entry.Id);
            Assert.Equal(1, await claim.ExecuteNonQueryAsync());
        }

        await _index.UpsertAsync(entry with { Subject = "Re-analysed subject" }, CancellationToken.None);

        var read = await _index.GetAsync(entry.Id, CancellationToken.None);
        Assert.Equal("Re-analysed subject", read!.Subject);
        Assert.Equal(RequestStatus.InReview, read.Status);
        Assert.Equal("reviewer@force", read.Assignee);
    }

    [Fact]
    public async Task The_queue_is_ordered_by_due_date_with_unknown_dates_last()
    {
        await _index.UpsertAsync(Entry("c", "Later", "t", new DateOnly(2026, 12, 21)), CancellationToken.None);
        await _index.UpsertAsync(Entry("d", "No date", "t", null), CancellationToken.None);
        await _index.UpsertAsync(Entry("e", "Sooner", "t", new DateOnly(2026, 12, 1)), CancellationToken.None);

        var page = await _index.SearchAsync(new TriageQuery(), CancellationToken.None);
        Assert.Equal(["Sooner", "Later", "No date"], page.Items.Select(i => i.Subject));
        Assert.Equal(3, page.Total);
    }

    [Fact]
    public async Task Search_finds_words_by_their_stem_and_pages_report_the_total()
    {
        await _index.UpsertAsync(Entry("f", "Terror arrests", "How many people were arrested for terrorism?", new DateOnly(2026, 12, 1), "arrested for terrorism"), CancellationToken.None);
        await _index.UpsertAsync(Entry("g", "Speed cameras", "Where are the speed cameras?", new DateOnly(2026, 12, 2), "camera locations"), CancellationToken.None);

        var page = await _index.SearchAsync(new TriageQuery { Text = "arrest terror" }, CancellationToken.None);
        Assert.Equal(["Terror arrests"], page.Items.Select(i => i.Subject));
        Assert.Equal(1, page.Total);

        Assert.Equal(0, (await _index.SearchAsync(new TriageQuery { Text = "arrest cameras" }, CancellationToken.None)).Total);
    }

    [Theory]
    [InlineData("\"unbalanced")]
    [InlineData("NEAR(a b) OR body:x")]
    [InlineData("*")]
    [InlineData("'; DROP TABLE requests; --")]
    public async Task Search_text_is_words_never_query_syntax(string text)
    {
        await _index.UpsertAsync(Entry("h", "Subject", "body text", new DateOnly(2026, 12, 1)), CancellationToken.None);
        var page = await _index.SearchAsync(new TriageQuery { Text = text }, CancellationToken.None);
        Assert.True(page.Total >= 0);
        Assert.NotNull(await _index.GetAsync(new string('h', 64), CancellationToken.None));
    }

    [Fact]
    public async Task Status_filters_and_paging_work_together()
    {
        foreach (var c in "ijklm")
        {
            await _index.UpsertAsync(Entry(c.ToString(), $"Request {c}", "t", new DateOnly(2026, 12, 1).AddDays(c - 'i')), CancellationToken.None);
        }

        var second = await _index.SearchAsync(new TriageQuery { Status = RequestStatus.New, Skip = 2, Take = 2 }, CancellationToken.None);
        Assert.Equal(["Request k", "Request l"], second.Items.Select(i => i.Subject));
        Assert.Equal(5, second.Total);
        Assert.Equal(0, (await _index.SearchAsync(new TriageQuery { Status = RequestStatus.Closed }, CancellationToken.None)).Total);
    }

    [Fact]
    public async Task A_file_written_by_schema_1_gains_the_new_columns_and_keeps_its_requests()
    {
        var path = Path.Combine(_directory, "schema1.db");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var create = connection.CreateCommand();
            create.CommandText = """
                CREATE TABLE requests (
                    id TEXT PRIMARY KEY, received_at TEXT NOT NULL, due_at TEXT, subject TEXT, requester_name TEXT, requester_email TEXT,
                    body TEXT NOT NULL, questions_json TEXT NOT NULL, themes_json TEXT NOT NULL, sensitivity TEXT NOT NULL,
                    referral INTEGER NOT NULL, suggested_exemptions_json TEXT NOT NULL, duplicates_json TEXT NOT NULL,
                    source_blob TEXT NOT NULL, extraction_method TEXT NOT NULL, pipeline_version TEXT NOT NULL, indexed_at TEXT NOT NULL,
                    status TEXT NOT NULL DEFAULT 'new', assignee TEXT);
                CREATE VIRTUAL TABLE requests_fts USING fts5(subject, requester, questions, body, tokenize = 'porter unicode61');
                INSERT INTO requests VALUES ('old', '2026-11-02T09:00:00.0000000Z', '2026-12-01', 'Informants', NULL, NULL,
                    'How many informants?', '[]', '[{"id":"covert-tactics","score":0.9,"evidence":[]}]', 'standard', 0, '[]', '[]',
                    'letter.eml', 'mime', 'v1', '2026-11-02T09:05:00.0000000Z', 'in-review', 'alice');
                INSERT INTO requests_fts (rowid, subject, requester, questions, body)
                    SELECT rowid, subject, '', '', body FROM requests;
                PRAGMA user_version = 1;
                """;
            await create.ExecuteNonQueryAsync();
        }

        // The host and `foi queue` may both open the old file at once: one migrates, the other finds it done.
        using var index = new SqliteTriageIndex(path);
        using var other = new SqliteTriageIndex(path);
        await Task.WhenAll(
            Task.Run(() => index.EnsureCreatedAsync(CancellationToken.None)),
            Task.Run(() => other.EnsureCreatedAsync(CancellationToken.None)));
        await index.EnsureCreatedAsync(CancellationToken.None);

        var read = await index.GetAsync("old", CancellationToken.None);
        Assert.NotNull(read);
        Assert.Equal(RequestStatus.InReview, read.Status);
        Assert.Equal("alice", read.Assignee);
        Assert.Empty(read.Flags);
        Assert.Null(read.ExtractionConfidence);
        Assert.Equal(0, read.NoteCount);

        var page = await index.SearchAsync(new TriageQuery { Themes = ["covert-tactics"], Text = "informants", IncludeFacets = true }, CancellationToken.None);
        Assert.Equal(["old"], page.Items.Select(i => i.Id));
        Assert.Equal([new FacetCount("covert-tactics", 1)], page.Facets[TriageFacets.Theme]);
        Assert.True(await index.SetReviewerFieldsAsync("old", new ReviewerFields { Status = RequestStatus.Closed, NoteCount = 1 }, CancellationToken.None));
    }

    [Fact]
    public async Task A_reviewers_edited_themes_are_the_ones_the_queue_filters_and_counts_by()
    {
        var entry = Entry("n", "Informants", "How many informants?", new DateOnly(2026, 12, 1)) with
        {
            Themes = [new ThemeTag("covert-tactics", 0.9, [])],
        };
        await _index.UpsertAsync(entry, CancellationToken.None);
        Assert.True(await _index.SetReviewerFieldsAsync(entry.Id, new ReviewerFields { EditedThemes = ["finance"] }, CancellationToken.None));
        await _index.UpsertAsync(entry, CancellationToken.None);

        Assert.Empty((await _index.SearchAsync(new TriageQuery { Themes = ["covert-tactics"] }, CancellationToken.None)).Items);
        var page = await _index.SearchAsync(new TriageQuery { Themes = ["finance"], IncludeFacets = true }, CancellationToken.None);
        Assert.Equal([entry.Id], page.Items.Select(i => i.Id));
        Assert.Equal([new FacetCount("finance", 1)], page.Facets[TriageFacets.Theme]);

        Assert.True(await _index.SetReviewerFieldsAsync(entry.Id, new ReviewerFields(), CancellationToken.None));
        Assert.Single((await _index.SearchAsync(new TriageQuery { Themes = ["covert-tactics"] }, CancellationToken.None)).Items);
    }

    [Fact]
    public async Task Requests_upserted_together_are_indexed_like_single_upserts_and_keep_what_reviewers_set()
    {
        var claimed = Entry("p", "Firearms licences", "How many shotgun certificates?", new DateOnly(2026, 12, 3), "shotgun certificates") with
        {
            Themes = [new ThemeTag("firearms", 0.9, [])],
        };
        await _index.UpsertAsync(claimed, CancellationToken.None);
        Assert.True(await _index.SetReviewerFieldsAsync(claimed.Id, new ReviewerFields { Status = RequestStatus.InReview, Assignee = "sam" }, CancellationToken.None));

        var batch = new[]
        {
            claimed with { Subject = "Firearms licences (re-analysed)" },
            Entry("q", "Arrests", "How many arrests were made?", new DateOnly(2026, 12, 1), "arrests"),
            Entry("r", "Drones", "How many drones does the force own?", new DateOnly(2026, 12, 2), "drones owned") with
            {
                Themes = [new ThemeTag("surveillance", 0.8, [])],
            },
        };
        await _index.UpsertManyAsync(batch, CancellationToken.None);

        var page = await _index.SearchAsync(new TriageQuery { IncludeFacets = true }, CancellationToken.None);
        Assert.Equal([batch[1].Id, batch[2].Id, claimed.Id], page.Items.Select(i => i.Id));
        Assert.Equal(["firearms", "surveillance"], page.Facets[TriageFacets.Theme].Select(f => f.Value).Order(StringComparer.Ordinal));
        Assert.Equal([batch[2].Id], (await _index.SearchAsync(new TriageQuery { Text = "drone" }, CancellationToken.None)).Items.Select(i => i.Id));

        var read = await _index.GetAsync(claimed.Id, CancellationToken.None);
        Assert.Equal("Firearms licences (re-analysed)", read!.Subject);
        Assert.Equal(RequestStatus.InReview, read.Status);
        Assert.Equal("sam", read.Assignee);
    }

    [Fact]
    public async Task A_batch_that_fails_part_way_writes_none_of_its_requests()
    {
        var good = Entry("s", "Arrests", "How many arrests were made?", new DateOnly(2026, 12, 1), "arrests");
        var broken = Entry("t", "Broken", "text", null) with { Requester = null! };

        await Assert.ThrowsAnyAsync<Exception>(() => _index.UpsertManyAsync([good, broken], CancellationToken.None));

        Assert.Null(await _index.GetAsync(good.Id, CancellationToken.None));
        Assert.Equal(0, (await _index.SearchAsync(new TriageQuery(), CancellationToken.None)).Total);
    }
}
