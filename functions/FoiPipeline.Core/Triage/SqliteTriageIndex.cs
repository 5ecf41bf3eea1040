using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using FoiPipeline.Analysis;
using FoiPipeline.Pipeline;
using Microsoft.Data.Sqlite;

namespace FoiPipeline.Triage;

/// <summary>
/// The embedded triage index: one SQLite file in WAL mode, a table of requests and an FTS5 table over
/// their words (porter stemming, so "arrests" finds "arrested"). The FTS rows share the request rows'
/// rowids, so a search is one indexed join. Each request's themes (the reviewer's edit, else the
/// analyzer's) are also rows of <c>request_themes</c>, which the theme filter and facet use.
/// </summary>
public sealed partial class SqliteTriageIndex : ITriageIndex, IDisposable
{
    private const int SchemaVersion = 3;

    private readonly string _connectionString;
    private readonly string _path;
    private readonly SemaphoreSlim _writes = new(1, 1);

    public SqliteTriageIndex(string databasePath)
    {
        _path = Path.GetFullPath(databasePath);
        _connectionString = SqliteCommands.ConnectionString(_path);
    }

    public string DatabasePath => _path;

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        await using var connection = await OpenAsync(cancellationToken);
        await SqliteCommands.ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", cancellationToken);

        // BEGIN IMMEDIATE: one process migrates at a time, since a host and `foi queue` may open the same old file together.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var version = Convert.ToInt32(await ScalarAsync(connection, transaction, "PRAGMA user_version;", cancellationToken), CultureInfo.InvariantCulture);
        if (version > SchemaVersion)
        {
            throw new InvalidOperationException(
                $"The triage index {_path} has schema version {version}, newer than this build understands ({SchemaVersion}). Run a newer FoiPipeline.");
        }

        await ExecuteAsync(connection, transaction, """
            CREATE TABLE IF NOT EXISTS requests (
                id TEXT PRIMARY KEY,
                received_at TEXT NOT NULL,
                due_at TEXT,
                subject TEXT,
                requester_name TEXT,
                requester_email TEXT,
                body TEXT NOT NULL,
                questions_json TEXT NOT NULL,
                themes_json TEXT NOT NULL,
                sensitivity TEXT NOT NULL,
                referral INTEGER NOT NULL,
                suggested_exemptions_json TEXT NOT NULL,
                duplicates_json TEXT NOT NULL,
                source_blob TEXT NOT NULL,
                extraction_method TEXT NOT NULL,
                pipeline_version TEXT NOT NULL,
                indexed_at TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'new',
                assignee TEXT
            );
            CREATE INDEX IF NOT EXISTS requests_by_due ON requests (due_at, received_at);
            CREATE INDEX IF NOT EXISTS requests_by_status ON requests (status, due_at);
            CREATE VIRTUAL TABLE IF NOT EXISTS requests_fts USING fts5(subject, requester, questions, body, tokenize = 'porter unicode61');
            CREATE TABLE IF NOT EXISTS request_themes (
                id TEXT NOT NULL,
                theme TEXT NOT NULL,
                PRIMARY KEY (id, theme)
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS request_themes_by_theme ON request_themes (theme, id);
            """, cancellationToken);

        // Files written by schema 1 lack the columns added since; SQLite has no ADD COLUMN IF NOT EXISTS.
        var existing = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await using (var info = SqliteCommands.Command(connection, transaction, "SELECT name FROM pragma_table_info('requests');"))
        await using (var reader = await info.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                existing.Add(reader.GetString(0));
            }
        }

        foreach (var (name, definition) in AddedColumns)
        {
            if (!existing.Contains(name))
            {
                await ExecuteAsync(connection, transaction, $"ALTER TABLE requests ADD COLUMN {name} {definition};", cancellationToken);
            }
        }

        if (version < 2)
        {
            // Schema 1 kept themes only as JSON; fill the side table the theme filter and facet count from.
            await ExecuteAsync(connection, transaction, """
                INSERT OR IGNORE INTO request_themes (id, theme)
                SELECT r.id, json_extract(t.value, '$.id') FROM requests r, json_each(r.themes_json) t
                WHERE json_extract(t.value, '$.id') IS NOT NULL;
                """, cancellationToken);
        }

        await ExecuteAsync(connection, transaction, $"PRAGMA user_version = {SchemaVersion};", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Columns added after schema 1, with their definitions (constant text, never input).</summary>
    private static readonly (string Name, string Definition)[] AddedColumns =
    [
        ("reference", "TEXT"),
        ("flags_json", "TEXT NOT NULL DEFAULT '[]'"),
        ("extraction_confidence", "REAL"),
        ("edited_questions_json", "TEXT"),
        ("edited_themes_json", "TEXT"),
        ("decision", "TEXT"),
        ("note_count", "INTEGER NOT NULL DEFAULT 0"),
        ("review_restricted", "INTEGER NOT NULL DEFAULT 0"),
        ("deadline", "TEXT"),
    ];

    /// <summary>
    /// A request's sensitivity as reviewers see it: restricted when the analyzer said so or a reviewer tagged it
    /// with a restricted theme. Every filter, facet and read uses this, never the analyzer's column alone.
    /// </summary>
    private const string EffectiveSensitivity = "(CASE WHEN r.review_restricted <> 0 THEN 'restricted' ELSE r.sensitivity END)";

    public Task UpsertAsync(TriageEntry entry, CancellationToken cancellationToken) => UpsertManyAsync([entry], cancellationToken);

    /// <summary>
    /// <see cref="UpsertAsync"/> for many requests in one transaction: all are written or none. A commit per request
    /// costs a WAL sync each, which is what makes filling an index one request at a time slow (a rebuild, a load test).
    /// </summary>
    public async Task UpsertManyAsync(IEnumerable<TriageEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        await _writes.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            foreach (var entry in entries)
            {
                await WriteAsync(connection, transaction, entry, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            _writes.Release();
        }
    }

    private static async Task WriteAsync(SqliteConnection connection, SqliteTransaction transaction, TriageEntry entry, CancellationToken cancellationToken)
    {
        // Reviewer-owned columns (status, assignee, edited_*, decision, note_count) take their defaults on insert
        // and are never in the update list.
        await using var upsert = SqliteCommands.Command(connection, transaction, """
            INSERT INTO requests (id, received_at, due_at, subject, requester_name, requester_email, body, questions_json, themes_json,
                                  sensitivity, referral, suggested_exemptions_json, duplicates_json, source_blob, extraction_method,
                                  pipeline_version, indexed_at, reference, flags_json, extraction_confidence, deadline)
            VALUES ($id, $received_at, $due_at, $subject, $requester_name, $requester_email, $body, $questions_json, $themes_json,
                    $sensitivity, $referral, $suggested_exemptions_json, $duplicates_json, $source_blob, $extraction_method,
                    $pipeline_version, $indexed_at, $reference, $flags_json, $extraction_confidence, $deadline)
            ON CONFLICT (id) DO UPDATE SET
                received_at = excluded.received_at, due_at = excluded.due_at, subject = excluded.subject,
                requester_name = excluded.requester_name, requester_email = excluded.requester_email, body = excluded.body,
                questions_json = excluded.questions_json, themes_json = excluded.themes_json, sensitivity = excluded.sensitivity,
                referral = excluded.referral, suggested_exemptions_json = excluded.suggested_exemptions_json,
                duplicates_json = excluded.duplicates_json, source_blob = excluded.source_blob,
                extraction_method = excluded.extraction_method, pipeline_version = excluded.pipeline_version,
                indexed_at = excluded.indexed_at, reference = excluded.reference, flags_json = excluded.flags_json,
                extraction_confidence = excluded.extraction_confidence, deadline = excluded.deadline
            RETURNING rowid, edited_themes_json;
            """);
        upsert.Parameters.AddWithValue("$id", entry.Id);
        upsert.Parameters.AddWithValue("$received_at", Instant(entry.ReceivedAt));
        upsert.Parameters.AddWithValue("$due_at", (object?)entry.DueAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? DBNull.Value);
        upsert.Parameters.AddWithValue("$subject", (object?)entry.Subject ?? DBNull.Value);
        upsert.Parameters.AddWithValue("$requester_name", (object?)entry.Requester.Name ?? DBNull.Value);
        upsert.Parameters.AddWithValue("$requester_email", (object?)entry.Requester.Email ?? DBNull.Value);
        upsert.Parameters.AddWithValue("$body", entry.Text);
        upsert.Parameters.AddWithValue("$questions_json", Json(entry.Questions));
        upsert.Parameters.AddWithValue("$themes_json", Json(entry.Themes));
        upsert.Parameters.AddWithValue("$sensitivity", Enum(entry.Sensitivity));
        upsert.Parameters.AddWithValue("$referral", entry.Referral ? 1 : 0);
        upsert.Parameters.AddWithValue("$suggested_exemptions_json", Json(entry.SuggestedExemptions));
        upsert.Parameters.AddWithValue("$duplicates_json", Json(entry.Duplicates));
        upsert.Parameters.AddWithValue("$source_blob", entry.SourceBlob);
        upsert.Parameters.AddWithValue("$extraction_method", entry.ExtractionMethod);
        upsert.Parameters.AddWithValue("$pipeline_version", entry.PipelineVersion);
        upsert.Parameters.AddWithValue("$indexed_at", Instant(entry.IndexedAt));
        upsert.Parameters.AddWithValue("$reference", (object?)entry.Reference ?? DBNull.Value);
        upsert.Parameters.AddWithValue("$flags_json", Json(entry.Flags));
        upsert.Parameters.AddWithValue("$extraction_confidence", (object?)entry.ExtractionConfidence ?? DBNull.Value);
        upsert.Parameters.AddWithValue("$deadline", entry.Deadline is { } deadline ? Enum(deadline) : DBNull.Value);
        long rowid;
        IReadOnlyList<string>? editedThemes;
        await using (var returned = await upsert.ExecuteReaderAsync(cancellationToken))
        {
            await returned.ReadAsync(cancellationToken);
            rowid = returned.GetInt64(0);
            editedThemes = returned.IsDBNull(1) ? null : FromJson<List<string>>(returned.GetString(1));
        }

        await ReplaceThemesAsync(connection, transaction, entry.Id, editedThemes ?? [.. entry.Themes.Select(t => t.Id)], cancellationToken);

        await using var delete = SqliteCommands.Command(connection, transaction, "DELETE FROM requests_fts WHERE rowid = $rowid;");
        delete.Parameters.AddWithValue("$rowid", rowid);
        await delete.ExecuteNonQueryAsync(cancellationToken);

        await using var words = SqliteCommands.Command(connection, transaction,
            "INSERT INTO requests_fts (rowid, subject, requester, questions, body) VALUES ($rowid, $subject, $requester, $questions, $body);");
        words.Parameters.AddWithValue("$rowid", rowid);
        words.Parameters.AddWithValue("$subject", Indexable(entry.Subject));
        words.Parameters.AddWithValue("$requester", Indexable($"{entry.Requester.Name} {entry.Requester.Email}".Trim()));
        words.Parameters.AddWithValue("$questions", Indexable(string.Join('\n', entry.Questions.Select(q => q.Text))));
        words.Parameters.AddWithValue("$body", Indexable(entry.Text));
        await words.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<TriageEntry?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = SqliteCommands.Command(connection, null, $"SELECT {Columns} FROM requests r WHERE r.id = $id;");
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<TriagePage> SearchAsync(TriageQuery query, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(query.Skip);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Take);

        await using var connection = await OpenAsync(cancellationToken);
        var filter = Filter.Of(query);
        var highlights = query.IncludeHighlights && filter.Match is not null;

        await using var count = filter.Command(connection, $"SELECT count(*) FROM {filter.From} {filter.Where};");
        var total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);

        var items = new List<TriageEntry>();
        var fragments = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var take = Math.Min(query.Take, TriageQuery.MaxTake);
        if (take > 0)
        {
            // The snippet columns are constant SQL; only the page's own rows are ever highlighted.
            var snippets = highlights ? ", " + string.Join(", ", Enumerable.Range(0, 4).Select(c =>
                $"snippet(requests_fts, {c}, char(2), char(3), '…', {SnippetTokens})")) : string.Empty;
            await using var page = filter.Command(connection,
                $"SELECT {Columns}{snippets} FROM {filter.From} {filter.Where} ORDER BY {OrderBy(query.Sort, filter.Match is not null)} LIMIT $take OFFSET $skip;");
            page.Parameters.AddWithValue("$take", take);
            page.Parameters.AddWithValue("$skip", query.Skip);
            await using var reader = await page.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var entry = Read(reader);
                items.Add(entry);
                if (highlights)
                {
                    var marked = Enumerable.Range(ColumnCount, 4)
                        .Where(i => !reader.IsDBNull(i))
                        .Select(i => reader.GetString(i))
                        .Where(f => f.Contains(MarkStart, StringComparison.Ordinal))
                        .Select(Highlight)
                        .Distinct(StringComparer.Ordinal)
                        .ToList();
                    if (marked.Count > 0)
                    {
                        fragments[entry.Id] = marked;
                    }
                }
            }
        }

        var facets = new Dictionary<string, IReadOnlyList<FacetCount>>(StringComparer.Ordinal);
        if (query.IncludeFacets)
        {
            foreach (var (name, sql) in FacetQueries)
            {
                await using var facet = filter.Command(connection,
                    $"WITH hits AS (SELECT r.rowid AS rid, r.id AS id FROM {filter.From} {filter.Where}) {sql} ORDER BY count(*) DESC, 1;");
                var counts = new List<FacetCount>();
                await using var reader = await facet.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    counts.Add(new FacetCount(reader.GetString(0), reader.GetInt64(1)));
                }

                facets[name] = counts;
            }
        }

        return new TriagePage(total, items) { Facets = facets, Highlights = fragments };
    }

    /// <summary>How many tokens a highlight fragment spans around its matches.</summary>
    private const int SnippetTokens = 24;

    // FTS5 puts these around matched words; they cannot occur in indexed text (stripped on upsert), so after
    // HTML-escaping the fragment they are the only places marks go.
    private const string MarkStart = "\u0002";
    private const string MarkEnd = "\u0003";

    private static readonly (string Name, string Sql)[] FacetQueries =
    [
        (TriageFacets.Status, "SELECT r.status, count(*) FROM hits h JOIN requests r ON r.rowid = h.rid GROUP BY r.status"),
        (TriageFacets.Theme, "SELECT t.theme, count(*) FROM hits h JOIN request_themes t ON t.id = h.id GROUP BY t.theme"),
        (TriageFacets.Sensitivity, $"SELECT {EffectiveSensitivity} AS s, count(*) FROM hits h JOIN requests r ON r.rowid = h.rid GROUP BY s"),
        (TriageFacets.Referral,
            "SELECT CASE r.referral WHEN 0 THEN 'false' ELSE 'true' END, count(*) FROM hits h JOIN requests r ON r.rowid = h.rid GROUP BY r.referral"),
        (TriageFacets.Assignee,
            "SELECT r.assignee, count(*) FROM hits h JOIN requests r ON r.rowid = h.rid WHERE r.assignee IS NOT NULL GROUP BY r.assignee"),
        (TriageFacets.Deadline,
            "SELECT r.deadline, count(*) FROM hits h JOIN requests r ON r.rowid = h.rid WHERE r.deadline IS NOT NULL GROUP BY r.deadline"),
    ];

    private static string OrderBy(TriageSort sort, bool matched) => sort switch
    {
        TriageSort.ReceivedNewest => "r.received_at DESC, r.id",
        TriageSort.Relevance when matched => "bm25(requests_fts, 4.0, 2.0, 2.0, 1.0), r.due_at IS NULL, r.due_at, r.received_at, r.id",
        _ => "r.due_at IS NULL, r.due_at, r.received_at, r.id",
    };

    /// <summary>A fragment as HTML: the text escaped, the FTS5 markers turned into marks.</summary>
    private static string Highlight(string fragment)
    {
        var html = new System.Text.StringBuilder(fragment.Length + 32);
        foreach (var c in fragment)
        {
            html.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                '\u0002' => TriageFacets.HighlightStart,
                '\u0003' => TriageFacets.HighlightEnd,
                _ => c.ToString(),
            });
        }

        return html.ToString();
    }

    /// <summary>Text as the FTS table holds it: without the characters reserved for highlight marks.</summary>
    private static string Indexable(string? text) => (text ?? string.Empty).Replace(MarkStart, " ", StringComparison.Ordinal).Replace(MarkEnd, " ", StringComparison.Ordinal);

    /// <summary>
    /// The FROM and WHERE of a query with its parameters. The SQL is assembled from constant fragments and
    /// parameter names it numbers itself; every value the caller gave is a parameter.
    /// </summary>
    private sealed class Filter
    {
        private readonly List<(string Name, object Value)> _parameters = [];
        private readonly List<string> _conditions = [];

        public string? Match { get; private init; }

        public string From => Match is null ? "requests r" : "requests_fts f JOIN requests r ON r.rowid = f.rowid";

        public string Where => _conditions.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", _conditions);

        public static Filter Of(TriageQuery query)
        {
            var filter = new Filter { Match = MatchExpression(query.Text) };
            if (filter.Match is not null)
            {
                filter.Add("requests_fts MATCH {0}", filter.Match);
            }

            if (!query.IncludeRestricted)
            {
                filter.Add(EffectiveSensitivity + " <> {0}", Enum(Sensitivity.Restricted));
            }

            if (query.Status is { } status)
            {
                filter.Add("r.status = {0}", Enum(status));
            }

            filter.AddIn("r.status", query.Statuses.Select(s => Enum(s)));
            filter.AddIn(EffectiveSensitivity, query.Sensitivities.Select(s => Enum(s)));
            if (query.Themes.Count > 0)
            {
                filter.AddIn("EXISTS (SELECT 1 FROM request_themes t WHERE t.id = r.id AND t.theme", query.Themes, ")");
            }

            if (query.Referral is { } referral)
            {
                filter.Add("r.referral = {0}", referral ? 1 : 0);
            }

            filter.AddIn("r.deadline", query.Deadlines.Select(d => Enum(d)));
            if (query.DueBefore is { } dueBefore)
            {
                filter.Add("r.due_at <= {0}", dueBefore.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }

            if (query.Assignee is { } assignee)
            {
                filter.Add("r.assignee = {0}", assignee);
            }

            return filter;
        }

        public SqliteCommand Command(SqliteConnection connection, string sql)
        {
            var command = SqliteCommands.Command(connection, null, sql);
            foreach (var (name, value) in _parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            return command;
        }

        private void Add(string condition, object value)
            => _conditions.Add(string.Format(CultureInfo.InvariantCulture, condition, Parameter(value)));

        private void AddIn(string column, IEnumerable<string> values, string close = "")
        {
            var names = values.Distinct(StringComparer.Ordinal).Select(v => Parameter(v)).ToList();
            if (names.Count > 0)
            {
                _conditions.Add($"{column} IN ({string.Join(", ", names)}){close}");
            }
        }

        private string Parameter(object value)
        {
            var name = "$p" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
            _parameters.Add((name, value));
            return name;
        }
    }

    public async Task<bool> SetReviewerFieldsAsync(string id, ReviewerFields fields, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using var update = SqliteCommands.Command(connection, transaction, """
                UPDATE requests SET status = $status, assignee = $assignee, edited_questions_json = $edited_questions_json,
                                    edited_themes_json = $edited_themes_json, decision = $decision, note_count = $note_count,
                                    review_restricted = $review_restricted,
                                    deadline = CASE WHEN $open <> 0 THEN deadline END
                WHERE id = $id
                RETURNING themes_json;
                """);
            update.Parameters.AddWithValue("$id", id);
            update.Parameters.AddWithValue("$status", Enum(fields.Status));
            update.Parameters.AddWithValue("$assignee", (object?)fields.Assignee ?? DBNull.Value);
            update.Parameters.AddWithValue("$edited_questions_json", fields.EditedQuestions is null ? DBNull.Value : Json(fields.EditedQuestions));
            update.Parameters.AddWithValue("$edited_themes_json", fields.EditedThemes is null ? DBNull.Value : Json(fields.EditedThemes));
            update.Parameters.AddWithValue("$decision", (object?)fields.Decision ?? DBNull.Value);
            update.Parameters.AddWithValue("$note_count", fields.NoteCount);
            update.Parameters.AddWithValue("$review_restricted", fields.Restricted ? 1 : 0);

            // A finished request has no deadline to meet: closing it clears the flag at once rather than at the next sweep.
            update.Parameters.AddWithValue("$open", DeadlineWatch.IsOpen(fields.Status) ? 1 : 0);
            string themesJson;
            await using (var returned = await update.ExecuteReaderAsync(cancellationToken))
            {
                if (!await returned.ReadAsync(cancellationToken))
                {
                    return false;
                }

                themesJson = returned.GetString(0);
            }

            var themes = fields.EditedThemes ?? [.. FromJson<List<ThemeTag>>(themesJson).Select(t => t.Id)];
            await ReplaceThemesAsync(connection, transaction, id, themes, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        finally
        {
            _writes.Release();
        }
    }

    public async Task<bool> SetDeadlineAsync(string id, DeadlineStatus? deadline, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var update = SqliteCommands.Command(connection, null, "UPDATE requests SET deadline = $deadline WHERE id = $id;");
            update.Parameters.AddWithValue("$id", id);
            update.Parameters.AddWithValue("$deadline", deadline is { } value ? Enum(value) : DBNull.Value);
            return await update.ExecuteNonQueryAsync(cancellationToken) == 1;
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>
    /// The themes a request is filtered and counted by: the reviewer's own tags once they edited them,
    /// the analyzer's until then.
    /// </summary>
    private static async Task ReplaceThemesAsync(
        SqliteConnection connection, SqliteTransaction transaction, string id, IEnumerable<string> themes, CancellationToken cancellationToken)
    {
        await using var delete = SqliteCommands.Command(connection, transaction, "DELETE FROM request_themes WHERE id = $id;");
        delete.Parameters.AddWithValue("$id", id);
        await delete.ExecuteNonQueryAsync(cancellationToken);
        foreach (var theme in themes.Distinct(StringComparer.Ordinal))
        {
            await using var insert = SqliteCommands.Command(connection, transaction, "INSERT INTO request_themes (id, theme) VALUES ($id, $theme);");
            insert.Parameters.AddWithValue("$id", id);
            insert.Parameters.AddWithValue("$theme", theme);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public void Dispose() => _writes.Dispose();

    private const string Columns = """
        r.id, r.received_at, r.due_at, r.subject, r.requester_name, r.requester_email, r.body, r.questions_json, r.themes_json,
        (CASE WHEN r.review_restricted <> 0 THEN 'restricted' ELSE r.sensitivity END), r.referral, r.suggested_exemptions_json, r.duplicates_json, r.source_blob, r.extraction_method,
        r.pipeline_version, r.indexed_at, r.status, r.assignee, r.reference, r.flags_json, r.extraction_confidence,
        r.edited_questions_json, r.edited_themes_json, r.decision, r.note_count, r.deadline
        """;

    private const int ColumnCount = 27;

    private static TriageEntry Read(SqliteDataReader reader) => new()
    {
        Id = reader.GetString(0),
        ReceivedAt = DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture),
        DueAt = reader.IsDBNull(2) ? null : DateOnly.ParseExact(reader.GetString(2), "yyyy-MM-dd", CultureInfo.InvariantCulture),
        Subject = reader.IsDBNull(3) ? null : reader.GetString(3),
        Requester = new Requester(reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)),
        Text = reader.GetString(6),
        Questions = FromJson<List<Question>>(reader.GetString(7)),
        Themes = FromJson<List<ThemeTag>>(reader.GetString(8)),
        Sensitivity = FromJson<Sensitivity>($"\"{reader.GetString(9)}\""),
        Referral = reader.GetInt64(10) != 0,
        SuggestedExemptions = FromJson<List<string>>(reader.GetString(11)),
        Duplicates = FromJson<List<DuplicateLink>>(reader.GetString(12)),
        SourceBlob = reader.GetString(13),
        ExtractionMethod = reader.GetString(14),
        PipelineVersion = reader.GetString(15),
        IndexedAt = DateTimeOffset.Parse(reader.GetString(16), CultureInfo.InvariantCulture),
        Status = FromJson<RequestStatus>($"\"{reader.GetString(17)}\""),
        Assignee = reader.IsDBNull(18) ? null : reader.GetString(18),
        Reference = reader.IsDBNull(19) ? null : reader.GetString(19),
        Flags = FromJson<List<string>>(reader.GetString(20)),
        ExtractionConfidence = reader.IsDBNull(21) ? null : reader.GetDouble(21),
        EditedQuestions = reader.IsDBNull(22) ? null : FromJson<List<Question>>(reader.GetString(22)),
        EditedThemes = reader.IsDBNull(23) ? null : FromJson<List<string>>(reader.GetString(23)),
        Decision = reader.IsDBNull(24) ? null : reader.GetString(24),
        NoteCount = reader.GetInt32(25),
        Deadline = reader.IsDBNull(26) ? null : FromJson<DeadlineStatus>($"\"{reader.GetString(26)}\""),
    };

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();

    /// <summary>
    /// An FTS5 query from what a person typed: each word quoted (so FTS syntax in the input is just text)
    /// and prefix-matched, all words required. Null when there are no words.
    /// </summary>
    internal static string? MatchExpression(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var words = Word().Matches(text).Select(m => $"\"{m.Value}\"*").ToList();
        return words.Count == 0 ? null : string.Join(' ', words);
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => SqliteCommands.OpenAsync(_connectionString, cancellationToken);

    private static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = SqliteCommands.Command(connection, transaction, sql);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = SqliteCommands.Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Instant(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, PipelineJson.Options);

    private static string Enum<T>(T value)
        where T : struct, System.Enum
        => JsonSerializer.Serialize(value, PipelineJson.Options).Trim('"');

    private static T FromJson<T>(string json) => JsonSerializer.Deserialize<T>(json, PipelineJson.Options)!;
}
