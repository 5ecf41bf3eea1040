using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace FoiPipeline.Benchmarks;

/// <summary>
/// Watches the host's triage index (SQLite, opened read-only beside the host, as <c>foi queue</c> does) and notes
/// when each request first becomes searchable: its row is in <c>requests</c> and its words are in the FTS table,
/// which is what a reviewer's list and search read. Polls every 100 ms, so times are good to about that.
/// </summary>
internal sealed class SearchableWatch : IAsyncDisposable
{
    private const string SearchableIds = "SELECT r.id FROM requests r JOIN requests_fts f ON f.rowid = r.rowid;";

    private readonly string _connectionString;
    private readonly Stopwatch _clock;
    private readonly ConcurrentDictionary<string, TimeSpan> _seen = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _polling;

    public SearchableWatch(string databasePath, Stopwatch clock)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        _clock = clock;
        _polling = Task.Run(PollAsync);
    }

    /// <summary>Requests seen so far, and when (on the run's clock) each was first seen.</summary>
    public IReadOnlyDictionary<string, TimeSpan> Seen => _seen;

    public int Count => _seen.Count;

    /// <summary>When the last request was seen; the run's clock elapsed when none was.</summary>
    public TimeSpan LastSeen => _seen.IsEmpty ? _clock.Elapsed : _seen.Values.Max();

    /// <summary>Waits until <paramref name="count"/> requests are searchable (true), or the timeout passes (false).</summary>
    public async Task<bool> WaitForAsync(int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (Count < count)
        {
            if (deadline.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(100, cancellationToken);
        }

        return true;
    }

    /// <summary>Waits until a request not yet seen at <paramref name="after"/> count becomes searchable; returns when, on the run's clock.</summary>
    public async Task<TimeSpan> WaitForNextAsync(int after, CancellationToken cancellationToken)
    {
        while (Count <= after)
        {
            await Task.Delay(50, cancellationToken);
        }

        return _clock.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _polling;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task PollAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = new SqliteConnection(_connectionString);
                await connection.OpenAsync(_stop.Token);
                await using var command = connection.CreateCommand();
                command.CommandText = SearchableIds;
                await using var reader = await command.ExecuteReaderAsync(_stop.Token);
                var now = _clock.Elapsed;
                while (await reader.ReadAsync(_stop.Token))
                {
                    _seen.TryAdd(reader.GetString(0), now);
                }
            }
            catch (SqliteException)
            {
                // Not created yet, or mid-recovery after a killed host: read again next time.
            }

            await Task.Delay(100, _stop.Token);
        }
    }
}
