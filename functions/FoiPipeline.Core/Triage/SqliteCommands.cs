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
