using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using FoiPipeline.Intake;
using FoiPipeline.Pipeline;
using Microsoft.Data.Sqlite;

namespace FoiPipeline.Benchmarks;

/// <summary>
/// The counts a run ends with, taken once the host has stopped: how many times each uploaded letter is in the
/// triage index (rows of <c>requests</c>, and their rows in the FTS table), anything in the index that was not
/// uploaded, what is left in the queues and poison queues, what went to quarantine, and intake blobs never marked
/// as ingested. <see cref="Problems"/> lists every way the run falls short of "every letter once, nothing else".
/// </summary>
internal sealed record PipelineCensus
{
    public required int Expected { get; init; }

    public required long IndexRows { get; init; }

    public required long FtsRows { get; init; }

    /// <summary>Uploaded letters with exactly one request row whose words are searchable.</summary>
    public required int Once { get; init; }

    public required IReadOnlyList<string> Missing { get; init; }

    /// <summary>Uploaded letters with more than one row (in either table).</summary>
    public required IReadOnlyList<string> Doubled { get; init; }

    public required IReadOnlyList<string> Extra { get; init; }

    /// <summary>Requests whose duplicates name the request itself (an analysis that ran twice and met its own fingerprint).</summary>
    public required IReadOnlyList<string> SelfDuplicates { get; init; }

    public required IReadOnlyDictionary<string, int> QueueMessages { get; init; }

    public required int Quarantined { get; init; }

    public required int UnmarkedIntake { get; init; }

    public required int ExtractedBlobs { get; init; }

    public required int RequestBlobs { get; init; }

    public IEnumerable<string> Problems
    {
        get
        {
            if (Missing.Count > 0)
            {
                yield return $"{Missing.Count} letters are not in the index (first: {Missing[0]})";
            }

            if (Doubled.Count > 0)
            {
                yield return $"{Doubled.Count} letters are in the index more than once (first: {Doubled[0]})";
            }

            if (Extra.Count > 0)
            {
                yield return $"{Extra.Count} requests in the index were never uploaded (first: {Extra[0]})";
            }

            if (IndexRows != Expected || FtsRows != Expected)
            {
                yield return $"the index has {IndexRows} request rows and {FtsRows} search rows, not {Expected} of each";
            }

            if (SelfDuplicates.Count > 0)
            {
                yield return $"{SelfDuplicates.Count} requests list themselves as their own duplicate (first: {SelfDuplicates[0]})";
            }

            foreach (var (queue, count) in QueueMessages.Where(q => q.Value > 0))
            {
                yield return $"{count} messages left in queue {queue}";
            }

            if (Quarantined > 0)
            {
                yield return $"{Quarantined} letters in quarantine";
            }

            if (UnmarkedIntake > 0)
            {
                yield return $"{UnmarkedIntake} intake blobs never marked as ingested";
            }
        }
    }

    public static async Task<PipelineCensus> TakeAsync(
        string databasePath, string storageConnectionString, IReadOnlyCollection<string> uploaded, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, (long Rows, long Fts)>(StringComparer.Ordinal);
        long indexRows, ftsRows;
        var selfDuplicates = new List<string>();
        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        {
            await connection.OpenAsync(cancellationToken);
            indexRows = await ScalarAsync(connection, "SELECT count(*) FROM requests;", cancellationToken);
            ftsRows = await ScalarAsync(connection, "SELECT count(*) FROM requests_fts;", cancellationToken);
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT r.id, count(*), (SELECT count(*) FROM requests_fts f WHERE f.rowid = r.rowid) FROM requests r GROUP BY r.id;";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2));
                }
            }

            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT id FROM requests WHERE instr(duplicates_json, id) > 0;";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    selfDuplicates.Add(reader.GetString(0));
                }
            }
        }

        var names = new PipelineOptions();
        var blobs = new BlobServiceClient(storageConnectionString);
        var queues = new QueueServiceClient(storageConnectionString);
        var queueMessages = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var queue in names.Queues.All.SelectMany(q => new[] { q, QueueNames.PoisonOf(q) }))
        {
            var client = queues.GetQueueClient(queue);
            queueMessages[queue] = await client.ExistsAsync(cancellationToken) ? (await client.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount : 0;
        }

        var uploadedSet = uploaded.ToHashSet(StringComparer.Ordinal);
        return new PipelineCensus
        {
            Expected = uploaded.Count,
            IndexRows = indexRows,
            FtsRows = ftsRows,
            Once = uploaded.Count(id => rows.TryGetValue(id, out var r) && r is (1, 1)),
            Missing = [.. uploaded.Where(id => !rows.TryGetValue(id, out var r) || r.Fts == 0)],
            Doubled = [.. uploaded.Where(id => rows.TryGetValue(id, out var r) && (r.Rows > 1 || r.Fts > 1))],
            Extra = [.. rows.Keys.Where(id => !uploadedSet.Contains(id))],
            SelfDuplicates = selfDuplicates,
            QueueMessages = queueMessages,
            Quarantined = await CountAsync(blobs.GetBlobContainerClient(names.Containers.Quarantine), b => !b.Name.EndsWith(".reason.json", StringComparison.Ordinal), cancellationToken),
            UnmarkedIntake = await CountAsync(blobs.GetBlobContainerClient(names.Containers.Intake), b => !b.Metadata.ContainsKey(IngestHandler.DocIdMetadata), cancellationToken),
            ExtractedBlobs = await CountAsync(blobs.GetBlobContainerClient(names.Containers.Extracted), _ => true, cancellationToken),
            RequestBlobs = await CountAsync(blobs.GetBlobContainerClient(names.Containers.Requests), _ => true, cancellationToken),
        };
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<int> CountAsync(BlobContainerClient container, Func<BlobItem, bool> counts, CancellationToken cancellationToken)
    {
        if (!await container.ExistsAsync(cancellationToken))
        {
            return 0;
        }

        var count = 0;
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.Metadata, cancellationToken: cancellationToken))
        {
            count += counts(blob) ? 1 : 0;
        }

        return count;
    }
}
