using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Local.Azurite;
using FoiPipeline.Local.Cli;
using FoiPipeline.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FoiPipeline.IntegrationTests.Cli;

/// <summary>
/// <c>foi replay</c> as an operator runs it, against an Azurite of its own (the command uses the configured names, which
/// other tests on the shared Azurite use too).
/// </summary>
public sealed class ReplayCommandTests : IAsyncLifetime
{
    private readonly string _location = Path.Combine(Path.GetTempPath(), "foi-replay-" + Guid.NewGuid().ToString("N"));
    private AzuriteProcess _azurite = null!;
    private PipelineStorage _storage = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync(SharedAzurite.RepoRoot, Path.Combine(_location, "azurite"), NullLogger.Instance, CancellationToken.None);
        _storage = new PipelineStorage(StorageClients.FromConnectionString(_azurite.ConnectionString, QueueMessageWireEncoding.Base64), Options.Create(new PipelineOptions()));
        await _storage.EnsureCreatedAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _azurite.DisposeAsync();
        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<(int ExitCode, string Output, string Error)> FoiAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await FoiCli.InvokeAsync([.. args, "--storage", _azurite.ConnectionString, "--data-dir", _location], output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Replay_alone_lists_and_changes_nothing_and_all_or_an_item_puts_things_back()
    {
        var docId = new string('f', 64);
        await FailedItems.PoisonAsync(_storage, "analyze", StageMessage.For("extracted", docId).ToJson());
        await FailedItems.PoisonAsync(_storage, "index", "this is not a stage message");
        await FailedItems.QuarantineAsync(_storage, "scan.txt", "a letter with a broken attachment"u8.ToArray());
        var poisonId = (await _storage.Queue("analyze-poison").PeekMessagesAsync(1)).Value.Single().MessageId;

        var listed = await FoiAsync("replay");
        Assert.True(listed.ExitCode == 0, listed.Error);
        Assert.Contains(poisonId, listed.Output);
        Assert.Contains("quarantine  scan.txt  corrupt", listed.Output);
        Assert.Contains("Send it again as PDF.", listed.Output);
        Assert.Contains("replay: Would go back to analyze as attempt 2.", listed.Output);
        Assert.Contains("not replayable: Not replayed: the original is not a stage message", listed.Output);
        Assert.Contains("2 waiting to be replayed, 1 that replaying cannot help. Nothing was changed.", listed.Output);
        Assert.Contains("foi replay --all", listed.Output);
        Assert.True(await _storage.Quarantine.GetBlobClient("scan.txt").ExistsAsync());
        Assert.Empty((await _storage.Queue("analyze").PeekMessagesAsync(1)).Value);

        var letters = await FoiAsync("replay", "--quarantine", "--all");
        Assert.True(letters.ExitCode == 0, letters.Error);
        Assert.Contains("Copied back to intake as scan.txt", letters.Output);
        Assert.Contains("Replayed 1;", letters.Output);
        Assert.True(await _storage.Intake.GetBlobClient("scan.txt").ExistsAsync());
        Assert.Single((await _storage.Queue("analyze-poison").PeekMessagesAsync(32)).Value);

        var message = await FoiAsync("replay", "--item", poisonId);
        Assert.True(message.ExitCode == 0, message.Error);
        Assert.Contains("Sent back to analyze as attempt 2.", message.Output);
        var sent = Assert.Single((await _storage.Queue("analyze").PeekMessagesAsync(32)).Value);
        Assert.Equal(2, StageMessage.Parse(sent.Body.ToString()).Attempt);

        var again = await FoiAsync("replay", "--item", poisonId);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains($"Nothing waiting with the id {poisonId}", again.Error);
        Assert.Single((await _storage.Queue("analyze").PeekMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task Replay_refuses_an_unknown_queue_before_touching_storage()
    {
        var (exitCode, _, error) = await FoiAsync("replay", "--queue", "ingest", "--all");

        Assert.Equal(1, exitCode);
        Assert.Contains("the queues are analyze, index", error);
    }
}
