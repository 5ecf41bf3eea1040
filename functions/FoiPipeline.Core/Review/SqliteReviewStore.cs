using System.Globalization;
using System.Text.Json;
using FoiPipeline.Pipeline;
using FoiPipeline.Triage;
using Microsoft.Data.Sqlite;

namespace FoiPipeline.Review;

/// <summary>
/// The local host's <see cref="IReviewStore"/>: three tables in the triage database. <c>review_state</c> holds
/// one row per request with a version that every write bumps; <c>review_audit</c> and <c>review_corrections</c>
/// are appended to in the same transaction, so a change and its record are never apart. The audit table
/// refuses UPDATE and DELETE at the database level, so no code path (or hand-run SQL) can rewrite history.
/// </summary>
/// <remarks>
/// Instants in the audit and correction tables are stored as fixed-width UTC text, so they sort and compare
/// as text and come back in UTC; the state itself is stored as JSON and keeps its offsets.
/// </remarks>
public sealed class SqliteReviewStore : IReviewStore, IDisposable
{
    private const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    private readonly string _connectionString;
    private readonly string _path;

    // Writers in this process queue here rather than spin on SQLite's busy timeout; other processes
    // (a second host, `foi`) are kept out by BEGIN IMMEDIATE.
    private readonly SemaphoreSlim _writes = new(1, 1);
    private readonly SqliteSchema _schema;

    /// <param name="databasePath">The triage database file (created if missing).</param>
    public SqliteReviewStore(string databasePath)
    {
        _path = Path.GetFullPath(databasePath);
        _connectionString = SqliteCommands.ConnectionString(_path);
        _schema = new SqliteSchema(_path, _connectionString, Schema);
    }

    public string DatabasePath => _path;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS review_state (
            request_id TEXT PRIMARY KEY,
            version INTEGER NOT NULL,
            state_json TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS review_audit (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            request_id TEXT NOT NULL,
            at TEXT NOT NULL,
            actor_id TEXT NOT NULL,
            actor_name TEXT NOT NULL,
            action TEXT NOT NULL,
            before_json TEXT,
            after_json TEXT
        );
        CREATE INDEX IF NOT EXISTS review_audit_by_request ON review_audit (request_id, seq);
        CREATE TRIGGER IF NOT EXISTS review_audit_no_update BEFORE UPDATE ON review_audit
        BEGIN
            SELECT RAISE(ABORT, 'review_audit is append-only: audit entries are never changed');
        END;
        CREATE TRIGGER IF NOT EXISTS review_audit_no_delete BEFORE DELETE ON review_audit
        BEGIN
            SELECT RAISE(ABORT, 'review_audit is append-only: audit entries are never removed');
        END;
        CREATE TABLE IF NOT EXISTS review_corrections (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            request_id TEXT NOT NULL,
            at TEXT NOT NULL,
            reviewer_id TEXT NOT NULL,
            reviewer_name TEXT NOT NULL,
            kind TEXT NOT NULL,
            pipeline_version TEXT NOT NULL,
            analyzer_json TEXT NOT NULL,
            corrected_json TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS review_corrections_by_time ON review_corrections (at, seq);
        """;

    /// <summary>Creates the tables and triggers if they are missing. Safe to call often and from many processes; the other methods call it once themselves.</summary>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken) => _schema.EnsureCreatedAsync(cancellationToken);

    public async Task<VersionedReview?> GetAsync(string requestId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestId);
        await EnsureCreatedAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var query = SqliteCommands.Command(connection, null, "SELECT version, state_json FROM review_state WHERE request_id = $id;");
        query.Parameters.AddWithValue("$id", requestId);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var state = JsonSerializer.Deserialize<ReviewState>(reader.GetString(1), PipelineJson.Options)
            ?? throw new InvalidDataException($"The review state of request {requestId} in {_path} is JSON null.");
        return new VersionedReview(state, reader.GetInt64(0).ToString(CultureInfo.InvariantCulture));
    }

    public async Task<string?> TryCommitAsync(string requestId, string? expectedVersion, ReviewChange change, CancellationToken cancellationToken)
    {
        ReviewChangeChecks.ThrowIfInvalid(requestId, change);
        long? expected = null;
        if (expectedVersion is not null)
        {
            // A version this store never issued (another store's ETag, say) cannot be current.
            if (!long.TryParse(expectedVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return null;
            }

            expected = parsed;
        }

        await EnsureCreatedAsync(cancellationToken);
        await _writes.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);

            // BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default): the write lock is taken before the version is
            // compared, so two processes cannot both see the same version and both write.
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            long? written = expected is null
                ? await InsertStateAsync(connection, transaction, requestId, change.State, change.Audit.At, cancellationToken)
                : await UpdateStateAsync(connection, transaction, requestId, expected.Value, change.State, change.Audit.At, cancellationToken);
            if (written is null)
            {
                await transaction.RollbackAsync(cancellationToken);
                return null;
            }

            await InsertAuditAsync(connection, transaction, change.Audit, cancellationToken);
            if (change.Correction is { } correction)
            {
                await InsertCorrectionAsync(connection, transaction, correction, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return written.Value.ToString(CultureInfo.InvariantCulture);
        }
        finally
        {
            _writes.Release();
        }
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(string requestId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestId);
        await EnsureCreatedAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var query = SqliteCommands.Command(connection, null, """
            SELECT at, actor_id, actor_name, action, before_json, after_json
            FROM review_audit WHERE request_id = $id ORDER BY seq;
            """);
        query.Parameters.AddWithValue("$id", requestId);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        var entries = new List<AuditEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new AuditEntry
            {
                RequestId = requestId,
                At = ParseInstant(reader.GetString(0)),
                Actor = new ReviewerRef(reader.GetString(1), reader.GetString(2)),
                Action = reader.GetString(3),
                Before = reader.IsDBNull(4) ? null : ParseJson(reader.GetString(4)),
                After = reader.IsDBNull(5) ? null : ParseJson(reader.GetString(5)),
            });
        }

        return entries;
    }

    public async Task<IReadOnlyList<CorrectionRecord>> ReadCorrectionsAsync(DateTimeOffset since, int take, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        if (take == 0)
        {
            return [];
        }

        await EnsureCreatedAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var query = SqliteCommands.Command(connection, null, """
            SELECT request_id, at, reviewer_id, reviewer_name, kind, pipeline_version, analyzer_json, corrected_json
            FROM review_corrections WHERE at >= $since ORDER BY at, seq LIMIT $take;
            """);
        query.Parameters.AddWithValue("$since", FormatInstant(since));
        query.Parameters.AddWithValue("$take", take);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        var corrections = new List<CorrectionRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            corrections.Add(new CorrectionRecord
            {
                RequestId = reader.GetString(0),
                At = ParseInstant(reader.GetString(1)),
                Reviewer = new ReviewerRef(reader.GetString(2), reader.GetString(3)),
                Kind = reader.GetString(4),
                PipelineVersion = reader.GetString(5),
                Analyzer = ParseJson(reader.GetString(6)),
                Corrected = ParseJson(reader.GetString(7)),
            });
        }

        return corrections;
    }

    public void Dispose()
    {
        _writes.Dispose();
        _schema.Dispose();
    }

    /// <summary>The first write for a request; null when a row is already there.</summary>
    private static async Task<long?> InsertStateAsync(
        SqliteConnection connection, SqliteTransaction transaction, string requestId, ReviewState state, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var insert = SqliteCommands.Command(connection, transaction, """
            INSERT INTO review_state (request_id, version, state_json, updated_at) VALUES ($id, 1, $state, $updated_at)
            ON CONFLICT (request_id) DO NOTHING;
            """);
        AddStateParameters(insert, requestId, state, at);
        return await insert.ExecuteNonQueryAsync(cancellationToken) == 1 ? 1 : null;
    }

    /// <summary>A later write; null when the stored version is no longer <paramref name="expected"/> (or nothing is stored).</summary>
    private static async Task<long?> UpdateStateAsync(
        SqliteConnection connection, SqliteTransaction transaction, string requestId, long expected, ReviewState state, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        await using var update = SqliteCommands.Command(connection, transaction, """
            UPDATE review_state SET version = version + 1, state_json = $state, updated_at = $updated_at
            WHERE request_id = $id AND version = $expected
            RETURNING version;
            """);
        AddStateParameters(update, requestId, state, at);
        update.Parameters.AddWithValue("$expected", expected);
        var version = await update.ExecuteScalarAsync(cancellationToken);
        return version is null ? null : Convert.ToInt64(version, CultureInfo.InvariantCulture);
    }

    private static void AddStateParameters(SqliteCommand command, string requestId, ReviewState state, DateTimeOffset at)
    {
        command.Parameters.AddWithValue("$id", requestId);
        command.Parameters.AddWithValue("$state", JsonSerializer.Serialize(state, PipelineJson.Options));
        command.Parameters.AddWithValue("$updated_at", FormatInstant(state.UpdatedAt ?? at));
    }

    private static async Task InsertAuditAsync(SqliteConnection connection, SqliteTransaction transaction, AuditEntry audit, CancellationToken cancellationToken)
    {
        await using var insert = SqliteCommands.Command(connection, transaction, """
            INSERT INTO review_audit (request_id, at, actor_id, actor_name, action, before_json, after_json)
            VALUES ($id, $at, $actor_id, $actor_name, $action, $before, $after);
            """);
        insert.Parameters.AddWithValue("$id", audit.RequestId);
        insert.Parameters.AddWithValue("$at", FormatInstant(audit.At));
        insert.Parameters.AddWithValue("$actor_id", audit.Actor.Id);
        insert.Parameters.AddWithValue("$actor_name", audit.Actor.Name);
        insert.Parameters.AddWithValue("$action", audit.Action);
        insert.Parameters.AddWithValue("$before", (object?)audit.Before?.GetRawText() ?? DBNull.Value);
        insert.Parameters.AddWithValue("$after", (object?)audit.After?.GetRawText() ?? DBNull.Value);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task InsertCorrectionAsync(
        SqliteConnection connection, SqliteTransaction transaction, CorrectionRecord correction, CancellationToken cancellationToken)
    {
        await using var insert = SqliteCommands.Command(connection, transaction, """
            INSERT INTO review_corrections (request_id, at, reviewer_id, reviewer_name, kind, pipeline_version, analyzer_json, corrected_json)
            VALUES ($id, $at, $reviewer_id, $reviewer_name, $kind, $pipeline_version, $analyzer, $corrected);
            """);
        insert.Parameters.AddWithValue("$id", correction.RequestId);
        insert.Parameters.AddWithValue("$at", FormatInstant(correction.At));
        insert.Parameters.AddWithValue("$reviewer_id", correction.Reviewer.Id);
        insert.Parameters.AddWithValue("$reviewer_name", correction.Reviewer.Name);
        insert.Parameters.AddWithValue("$kind", correction.Kind);
        insert.Parameters.AddWithValue("$pipeline_version", correction.PipelineVersion);
        insert.Parameters.AddWithValue("$analyzer", correction.Analyzer.GetRawText());
        insert.Parameters.AddWithValue("$corrected", correction.Corrected.GetRawText());
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string FormatInstant(DateTimeOffset instant) => instant.UtcDateTime.ToString(InstantFormat, CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseInstant(string text)
        => DateTimeOffset.ParseExact(text, InstantFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    // Cloned so the element outlives the document it was parsed from.
    private static JsonElement ParseJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => SqliteCommands.OpenAsync(_connectionString, cancellationToken);
}
