using Microsoft.Data.Sqlite;

namespace FoiPipeline.Triage;

/// <summary>The few ADO.NET steps every SQLite store in the triage database repeats.</summary>
internal static class SqliteCommands
{
    /// <summary>How every store opens the triage database: created when missing, pooled, waiting up to 30 s for a lock.</summary>
    public static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public static async Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    public static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>
/// A store's tables, created once per store instance: the first caller runs the schema (WAL on, one
/// transaction, <c>IF NOT EXISTS</c> throughout so other processes may race), the others wait for it.
/// </summary>
internal sealed class SqliteSchema(string path, string connectionString, string ddl) : IDisposable
{
    private readonly SemaphoreSlim _creating = new(1, 1);
    private volatile bool _created;

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await _creating.WaitAsync(cancellationToken);
        try
        {
            if (_created)
            {
                return;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using var connection = await SqliteCommands.OpenAsync(connectionString, cancellationToken);
            await SqliteCommands.ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using (var create = SqliteCommands.Command(connection, transaction, ddl))
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            _created = true;
        }
        finally
        {
            _creating.Release();
        }
    }

    public void Dispose() => _creating.Dispose();
}
