using FoiPipeline.Analysis.Duplicates;
using FoiPipeline.Triage;
using FoiPipeline.UnitTests.Duplicates;
using Microsoft.Data.Sqlite;

namespace FoiPipeline.UnitTests.Triage;

/// <summary>The local host's duplicate store over a real SQLite file in a temporary folder: the store contract, and what is SQLite's own.</summary>
public sealed class SqliteDuplicateStoreTests : DuplicateStoreContract, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "foi-duplicates-" + Guid.NewGuid().ToString("N"));
    private readonly List<SqliteDuplicateStore> _stores = [];

    private string DatabasePath => Path.Combine(_directory, "triage.db");

    public void Dispose()
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
    }

    protected override IDuplicateStore Open()
    {
        var store = new SqliteDuplicateStore(DatabasePath);
        _stores.Add(store);
        return store;
    }

    private long Count(string table)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table};";
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task Adding_the_same_request_again_keeps_one_row_with_only_its_new_band_keys()
    {
        var store = Open();
        var before = Request("req-1", Letters.AnprCameras, null, "Sam Patel");
        var after = Request("req-1", Letters.StopAndSearch, null, "Daniel Okafor");

        await store.AddAsync(before);
        await store.AddAsync(before);
        Assert.Equal(1, Count("fingerprints"));
        Assert.Equal(before.BandKeys.Count, Count("fingerprint_bands"));

        await store.AddAsync(after);
        Assert.Equal(1, Count("fingerprints"));
        Assert.Equal(after.BandKeys.Distinct().Count(), Count("fingerprint_bands"));
    }

    [Fact]
    public async Task Fingerprints_survive_a_restart()
    {
        var stored = Request("taser-1", Letters.TaserUse, "alex.morgan@example.com", "Alex Morgan");
        await Open().AddAsync(stored);
        SqliteConnection.ClearAllPools();

        var reopened = Open();

        Assert.Equal("taser-1", Assert.Single(await reopened.CandidatesAsync(stored.BandKeys)).RequestId);
    }

    [Fact]
    public async Task The_triage_index_and_the_duplicate_store_share_one_database_file()
    {
        using var index = new SqliteTriageIndex(DatabasePath);
        await index.EnsureCreatedAsync(CancellationToken.None);
        var store = Open();
        var request = Request("taser-1", Letters.TaserUse, null, "Alex Morgan");

        await store.AddAsync(request);
        await index.EnsureCreatedAsync(CancellationToken.None);

        Assert.Single(await store.CandidatesAsync(request.BandKeys));
        Assert.Equal(0, (await index.SearchAsync(new TriageQuery(), CancellationToken.None)).Total);
    }
}
