using FoiPipeline.Review;
using FoiPipeline.Triage;
using Microsoft.Data.Sqlite;

namespace FoiPipeline.UnitTests.Review;

/// <summary>
/// The shared review store contract on a real SQLite file in a folder of its own, and what only the SQLite
/// store promises: an audit table the database itself keeps append-only, in the same file as the triage index.
/// </summary>
public sealed class SqliteReviewStoreContractTests : ReviewStoreContract
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "foi-review-contract-" + Guid.NewGuid().ToString("N"));
    private readonly List<SqliteReviewStore> _stores = [];

    private string DatabasePath => Path.Combine(_directory, "triage.db");

    protected override IReviewStore OpenStore()
    {
        var store = new SqliteReviewStore(DatabasePath);
        lock (_stores)
        {
            _stores.Add(store);
        }

        return store;
    }

    protected override Task DeleteStorageAsync()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        return Task.CompletedTask;
    }

    private async Task<SqliteConnection> ConnectAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync(None);
        return connection;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync(None);
    }

    [Fact]
    public async Task The_database_refuses_to_change_an_audit_entry()
    {
        Assert.NotNull(await Store.TryCommitAsync("r1", null, Claim("r1", Asha, 0), None));
        await using var connection = await ConnectAsync();

        var error = await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync(connection, "UPDATE review_audit SET actor_id = 'someone-else';"));

        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        Assert.Equal(Asha, Assert.Single(await Store.ReadAuditAsync("r1", None)).Actor);
    }

    [Fact]
    public async Task The_database_refuses_to_delete_an_audit_entry()
    {
        Assert.NotNull(await Store.TryCommitAsync("r1", null, Claim("r1", Asha, 0), None));
        await using var connection = await ConnectAsync();

        var error = await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync(connection, "DELETE FROM review_audit;"));

        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        Assert.Single(await Store.ReadAuditAsync("r1", None));
    }

    [Fact]
    public async Task Creating_the_tables_again_keeps_what_is_stored()
    {
        var version = await Store.TryCommitAsync("r1", null, EditThemes("r1", Asha, 0, "surveillance"), None);

        var reopened = OpenStore();
        await reopened.EnsureCreatedAsync(None);
        await reopened.EnsureCreatedAsync(None);

        Assert.Equal(version, (await reopened.GetAsync("r1", None))?.Version);
        Assert.Single(await reopened.ReadAuditAsync("r1", None));
        Assert.Single(await reopened.ReadCorrectionsAsync(DateTimeOffset.MinValue, 10, None));
    }

    [Fact]
    public async Task Reviews_and_the_triage_index_share_one_database_file()
    {
        using var index = new SqliteTriageIndex(DatabasePath);
        await index.EnsureCreatedAsync(None);

        var version = await Store.TryCommitAsync("r1", null, Claim("r1", Asha, 0), None);

        Assert.NotNull(version);
        await using var connection = await ConnectAsync();
        await using var tables = connection.CreateCommand();
        tables.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('requests', 'review_state', 'review_audit', 'review_corrections') ORDER BY name;";
        var names = new List<string>();
        await using (var reader = await tables.ExecuteReaderAsync(None))
        {
            while (await reader.ReadAsync(None))
            {
                names.Add(reader.GetString(0));
            }
        }

        Assert.Equal(["requests", "review_audit", "review_corrections", "review_state"], names);
        Assert.Equal(version, (await Store.GetAsync("r1", None))?.Version);
    }
}
