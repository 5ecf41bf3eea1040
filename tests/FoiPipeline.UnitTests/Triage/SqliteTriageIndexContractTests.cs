using FoiPipeline.Triage;
using Microsoft.Data.Sqlite;

namespace FoiPipeline.UnitTests.Triage;

/// <summary>The shared triage index contract on a real SQLite file in a folder of its own.</summary>
public sealed class SqliteTriageIndexContractTests : TriageIndexContract
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "foi-index-contract-" + Guid.NewGuid().ToString("N"));

    protected override Task<ITriageIndex> CreateIndexAsync()
        => Task.FromResult<ITriageIndex>(new SqliteTriageIndex(Path.Combine(_directory, "triage.db")));

    protected override Task DeleteIndexAsync(ITriageIndex index)
    {
        ((SqliteTriageIndex)index).Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}
