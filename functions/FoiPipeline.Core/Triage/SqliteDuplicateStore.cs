using System.Globalization;
using System.Text;
using FoiPipeline.Analysis.Duplicates;
using Microsoft.Data.Sqlite;

namespace FoiPipeline.Triage;

/// <summary>
/// The local host's <see cref="IDuplicateStore"/>: two tables in the triage database, one row per request
/// (requester, date of receipt, signature) and an inverted index from band key to request. Durable across
/// restarts, so a letter is matched against every request the host has analysed; one row per request id, so
/// re-analysing a letter replaces its fingerprint instead of adding a second one.
/// </summary>
/// <remarks>
/// Band keys are stored as computed when the request was added. A signature written in another format version
/// (<see cref="MinHashSignature.FormatVersion"/>) no longer compares and is skipped when read back; re-analysing
/// the letter writes it again in the current one.
/// </remarks>
public sealed class SqliteDuplicateStore : IDuplicateStore, IDisposable
{
    // Well under SQLite's limit on bound parameters (32,766 since 3.32), and more than any banding has keys.
    private const int KeysPerQuery = 256;

    private readonly string _connectionString;
    private readonly string _path;
    private readonly LshBanding _banding;
    private readonly SemaphoreSlim _writes = new(1, 1);
    private readonly SqliteSchema _schema;

    /// <param name="databasePath">The triage database file (created if missing).</param>
    /// <param name="banding">The banding the stored keys are computed with; <see cref="LshBanding.Default"/> unless given.</param>
    public SqliteDuplicateStore(string databasePath, LshBanding? banding = null)
    {
        _path = Path.GetFullPath(databasePath);
        _banding = banding ?? LshBanding.Default;
        _connectionString = SqliteCommands.ConnectionString(_path);
        _schema = new SqliteSchema(_path, _connectionString, Schema);
    }

    public string DatabasePath => _path;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS fingerprints (
            request_id TEXT PRIMARY KEY,
            requester_email TEXT,
            requester_name TEXT,
            received_at TEXT NOT NULL,
            signature BLOB NOT NULL
        );
        CREATE TABLE IF NOT EXISTS fingerprint_bands (
            band_key INTEGER NOT NULL,
            request_id TEXT NOT NULL,
            PRIMARY KEY (band_key, request_id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS fingerprint_bands_by_request ON fingerprint_bands (request_id);
        """;

    /// <summary>Creates the tables if they are missing. Safe to call often and from many processes; the other methods call it once themselves.</summary>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken) => _schema.EnsureCreatedAsync(cancellationToken);

    public async Task AddAsync(FingerprintRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await EnsureCreatedAsync(cancellationToken);
        await _writes.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);

            await using var upsert = SqliteCommands.Command(connection, transaction, """
                INSERT INTO fingerprints (request_id, requester_email, requester_name, received_at, signature)
                VALUES ($id, $email, $name, $received_at, $signature)
                ON CONFLICT (request_id) DO UPDATE SET
                    requester_email = excluded.requester_email, requester_name = excluded.requester_name,
                    received_at = excluded.received_at, signature = excluded.signature;
                """);
            upsert.Parameters.AddWithValue("$id", record.RequestId);
            upsert.Parameters.AddWithValue("$email", (object?)record.RequesterEmail ?? DBNull.Value);
            upsert.Parameters.AddWithValue("$name", (object?)record.RequesterName ?? DBNull.Value);
            upsert.Parameters.AddWithValue("$received_at", record.ReceivedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
            upsert.Parameters.AddWithValue("$signature", record.Signature.ToBytes());
            await upsert.ExecuteNonQueryAsync(cancellationToken);

            // The request's old keys go first: a re-analysed letter whose text changed must not be found by them.
            await using var forget = SqliteCommands.Command(connection, transaction, "DELETE FROM fingerprint_bands WHERE request_id = $id;");
            forget.Parameters.AddWithValue("$id", record.RequestId);
            await forget.ExecuteNonQueryAsync(cancellationToken);

            await using var band = SqliteCommands.Command(connection, transaction, "INSERT OR IGNORE INTO fingerprint_bands (band_key, request_id) VALUES ($key, $id);");
            var key = band.Parameters.Add("$key", SqliteType.Integer);
            band.Parameters.AddWithValue("$id", record.RequestId);
            foreach (var bandKey in record.BandKeys)
            {
                key.Value = bandKey.AsInt64;
                await band.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            _writes.Release();
        }
    }

    public async Task<IReadOnlyList<FingerprintRecord>> CandidatesAsync(
        IReadOnlyCollection<BandKey> bandKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bandKeys);
        var candidates = new List<FingerprintRecord>();
        if (bandKeys.Count == 0)
        {
            return candidates;
        }

        await EnsureCreatedAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in bandKeys.Distinct().Chunk(KeysPerQuery))
        {
            var sql = new StringBuilder("""
                SELECT f.request_id, f.requester_email, f.requester_name, f.received_at, f.signature
                FROM fingerprints f
                WHERE f.request_id IN (SELECT b.request_id FROM fingerprint_bands b WHERE b.band_key IN (
                """);
            await using var query = SqliteCommands.Command(connection, null, string.Empty);
            for (var i = 0; i < chunk.Length; i++)
            {
                sql.Append(i == 0 ? "$k0" : $", $k{i.ToString(CultureInfo.InvariantCulture)}");
                query.Parameters.AddWithValue("$k" + i.ToString(CultureInfo.InvariantCulture), chunk[i].AsInt64);
            }

            query.CommandText = sql.Append("));").ToString();
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(0);
                if (seen.Add(id) && MinHashSignature.TryFromBytes((byte[])reader.GetValue(4), out var signature))
                {
                    candidates.Add(FingerprintRecord.Create(
                        id,
                        signature,
                        reader.IsDBNull(1) ? null : reader.GetString(1),
                        reader.IsDBNull(2) ? null : reader.GetString(2),
                        DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture),
                        _banding));
                }
            }
        }

        return candidates;
    }

    public void Dispose()
    {
        _writes.Dispose();
        _schema.Dispose();
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => SqliteCommands.OpenAsync(_connectionString, cancellationToken);
}
