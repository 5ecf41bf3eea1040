using System.Diagnostics;
using System.Text;
using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Local.Hosting;
using FoiPipeline.Pipeline;
using FoiPipeline.TestFixtures;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace FoiPipeline.IntegrationTests.Dropbox;

/// <summary>
/// The dropbox watcher over a real folder of real files, uploading to real Azurite. Most tests run the watcher on
/// its own over a pipeline's storage (so nothing else competes for the two cores); the duplicate test runs the whole
/// local host with the dropbox configured, so the request it makes is checked end to end.
/// </summary>
public sealed class DropboxWatcherTests : IAsyncLifetime
{
    private readonly ITestOutputHelper _output;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "foi-dropbox-" + Guid.NewGuid().ToString("N")[..10]);
    private TestPipeline _pipeline = null!;
    private DropboxWatcher? _watcher;

    public DropboxWatcherTests(ITestOutputHelper output) => _output = output;

    private string Processed => Path.Combine(_folder, DropboxFolders.Processed);

    private string Failed => Path.Combine(_folder, DropboxFolders.Failed);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _pipeline = await TestPipeline.CreateAsync(startHost: false);
    }

    public async Task DisposeAsync()
    {
        if (_watcher is not null)
        {
            await _watcher.StopAsync(CancellationToken.None);
            _watcher.Dispose();
        }

        await _pipeline.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private static byte[] LetterBytes(string reference) => [.. EmailFixtures.Request(Letters.Drones), .. Encoding.ASCII.GetBytes($"\r\nOur reference: {reference}\r\n")];

    private async Task StartWatcherAsync(TimeSpan? settle = null, TimeSpan? giveUp = null)
    {
        var options = new LocalHostOptions
        {
            Dropbox = _folder,
            DropboxSettleInterval = settle ?? TimeSpan.FromMilliseconds(500),
            DropboxScanInterval = TimeSpan.FromSeconds(1),
            DropboxGiveUpAfter = giveUp ?? TimeSpan.FromMinutes(10),
        };
        Assert.Empty(options.Problems());
        _watcher = new DropboxWatcher(_pipeline.Storage, options, new LocalQueueSignals(), TimeProvider.System, NullLogger<DropboxWatcher>.Instance);
        await _watcher.StartAsync(CancellationToken.None);
    }

    private static string[] Names(string folder) => Directory.Exists(folder) ? [.. Directory.EnumerateFiles(folder).Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal)] : [];

    private string[] Waiting() => Names(_folder);

    private async Task<byte[]?> IntakeBlobAsync(string name)
    {
        var blob = _pipeline.Intake.GetBlobClient(name);
        return await blob.ExistsAsync() ? (await blob.DownloadContentAsync()).Value.Content.ToArray() : null;
    }

    private async Task<List<string>> IntakeNamesAsync()
    {
        var names = new List<string>();
        await foreach (var blob in _pipeline.Intake.GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        return names;
    }

    private Task InProcessedAsync(params string[] names)
        => Eventually.TrueAsync(() => Task.FromResult(names.All(n => File.Exists(Path.Combine(Processed, n)))), $"{string.Join(", ", names)} in processed");

    [Fact]
    public async Task A_letter_still_being_written_is_taken_only_once_complete_and_whole()
    {
        await StartWatcherAsync(settle: TimeSpan.FromSeconds(1));
        var letter = LetterBytes("still-being-written");
        var path = Path.Combine(_folder, "scan-0001.eml");
        var chunk = letter.Length / 8 + 1;

        // Like a scanner or Outlook export: the file is created, held open, and appended to in chunks over several
        // seconds, with one pause longer than the settle interval, when only the open handle says it is unfinished.
        await using (var writer = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read))
        {
            for (var offset = 0; offset < letter.Length; offset += chunk)
            {
                await writer.WriteAsync(letter.AsMemory(offset, Math.Min(chunk, letter.Length - offset)));
                await writer.FlushAsync();
                await Task.Delay(offset == chunk * 3 ? TimeSpan.FromSeconds(3) : TimeSpan.FromMilliseconds(400));
                Assert.Null(await IntakeBlobAsync("scan-0001.eml"));
                Assert.True(File.Exists(path), "the file was moved while it was still being written");
            }
        }

        await InProcessedAsync("scan-0001.eml");
        Assert.Equal(letter, await IntakeBlobAsync("scan-0001.eml"));
        Assert.Equal(letter, await File.ReadAllBytesAsync(Path.Combine(Processed, "scan-0001.eml")));
        Assert.Empty(Names(Failed));
        Assert.Empty(Waiting());
    }

    [Fact]
    public async Task A_burst_of_500_letters_all_end_in_processed_exactly_once()
    {
        const int count = 500;
        await StartWatcherAsync();
        var names = Enumerable.Range(1, count).Select(i => $"letter-{i:000}.eml").ToArray();
        var clock = Stopwatch.StartNew();
        foreach (var name in names)
        {
            await File.WriteAllBytesAsync(Path.Combine(_folder, name), LetterBytes(name));
        }

        var written = clock.Elapsed;
        // A bound on the wait, not on speed: the machine is shared, and the test is about every file arriving once.
        await Eventually.TrueAsync(() => Task.FromResult(Names(Processed).Length >= count && Waiting().Length == 0), $"{count} files in processed", TimeSpan.FromMinutes(10));
        var taken = clock.Elapsed;

        Assert.Equal(names, Names(Processed));
        Assert.Empty(Names(Failed));
        var intake = await IntakeNamesAsync();
        Assert.Equal(names, intake.Order(StringComparer.Ordinal));
        foreach (var name in names.Where((_, i) => i % 50 == 0))
        {
            Assert.Equal(LetterBytes(name), await IntakeBlobAsync(name));
        }

        _output.WriteLine($"{count} files written in {written.TotalSeconds:0.0} s; all in processed and intake {taken.TotalSeconds:0.0} s after the first was written " +
                          $"({count / taken.TotalSeconds:0.0} files/s); load average {File.ReadAllText("/proc/loadavg").Trim()} on {Environment.ProcessorCount} cores.");
    }

    [Fact]
    public async Task An_unsupported_file_an_empty_file_and_one_over_the_size_limit_end_in_failed_with_a_reason()
    {
        _pipeline.Names.Intake.MaxBytes = 20_000;
        await File.WriteAllBytesAsync(Path.Combine(_folder, "figures.xlsx"), LetterBytes("spreadsheet"));
        await File.WriteAllBytesAsync(Path.Combine(_folder, "blank-scan.pdf"), []);
        await File.WriteAllBytesAsync(Path.Combine(_folder, "bundle.eml"), [.. LetterBytes("big"), .. new byte[25_000]]);
        await StartWatcherAsync();

        await Eventually.TrueAsync(() => Task.FromResult(Names(Failed).Length == 6), "three files and their reasons in failed");
        Assert.Equal(
            ["blank-scan.pdf", "blank-scan.pdf.reason.txt", "bundle.eml", "bundle.eml.reason.txt", "figures.xlsx", "figures.xlsx.reason.txt"],
            Names(Failed));
        var unsupported = await File.ReadAllTextAsync(Path.Combine(Failed, "figures.xlsx.reason.txt"));
        Assert.Contains(".xlsx is not a kind of letter the pipeline reads", unsupported);
        Assert.Contains(".eml, .pdf, .docx", unsupported);
        Assert.Contains("What to do:", unsupported);
        Assert.Contains("empty (0 bytes)", await File.ReadAllTextAsync(Path.Combine(Failed, "blank-scan.pdf.reason.txt")));
        Assert.Contains("over the 20,000-byte limit", await File.ReadAllTextAsync(Path.Combine(Failed, "bundle.eml.reason.txt")));
        Assert.Equal(LetterBytes("spreadsheet"), await File.ReadAllBytesAsync(Path.Combine(Failed, "figures.xlsx")));
        Assert.Empty(await IntakeNamesAsync());
        Assert.Empty(Names(Processed));
    }

    [Fact]
    public async Task A_file_held_open_longer_than_the_give_up_time_ends_in_failed_saying_so()
    {
        await StartWatcherAsync(settle: TimeSpan.FromMilliseconds(300), giveUp: TimeSpan.FromSeconds(3));
        var path = Path.Combine(_folder, "held.pdf");
        await using (var holder = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read))
        {
            await holder.WriteAsync(LetterBytes("held"));
            await holder.FlushAsync();
            await Eventually.TrueAsync(() => Task.FromResult(File.Exists(Path.Combine(Failed, "held.pdf.reason.txt"))), "the reason for the held file");
        }

        Assert.Contains("still open in another program", await File.ReadAllTextAsync(Path.Combine(Failed, "held.pdf.reason.txt")));
        Assert.True(File.Exists(Path.Combine(Failed, "held.pdf")));
        Assert.Empty(await IntakeNamesAsync());
    }

    [Fact]
    public async Task A_name_already_in_processed_is_never_overwritten()
    {
        Directory.CreateDirectory(Processed);
        var earlier = LetterBytes("earlier");
        await File.WriteAllBytesAsync(Path.Combine(Processed, "letter.eml"), earlier);
        await File.WriteAllBytesAsync(Path.Combine(Processed, "letter (2).eml"), earlier);
        await StartWatcherAsync();

        var later = LetterBytes("later");
        await File.WriteAllBytesAsync(Path.Combine(_folder, "letter.eml"), later);
        await InProcessedAsync("letter (3).eml");

        Assert.Equal(earlier, await File.ReadAllBytesAsync(Path.Combine(Processed, "letter.eml")));
        Assert.Equal(earlier, await File.ReadAllBytesAsync(Path.Combine(Processed, "letter (2).eml")));
        Assert.Equal(later, await File.ReadAllBytesAsync(Path.Combine(Processed, "letter (3).eml")));
        Assert.Equal(later, await IntakeBlobAsync("letter.eml"));
    }

    [Fact]
    public async Task Files_already_in_the_dropbox_before_start_are_taken_and_temporary_names_are_left_alone()
    {
        await File.WriteAllBytesAsync(Path.Combine(_folder, "before-1.eml"), LetterBytes("before-1"));
        await File.WriteAllBytesAsync(Path.Combine(_folder, "before-2.eml"), LetterBytes("before-2"));
        string[] temporary = ["~$letter.docx", ".hidden.eml", "scan.pdf.part", "export.tmp", "download.pdf.crdownload"];
        foreach (var name in temporary)
        {
            await File.WriteAllBytesAsync(Path.Combine(_folder, name), LetterBytes(name));
        }

        Directory.CreateDirectory(Path.Combine(_folder, "archive"));
        await File.WriteAllBytesAsync(Path.Combine(_folder, "archive", "old.eml"), LetterBytes("old"));
        await StartWatcherAsync();

        await InProcessedAsync("before-1.eml", "before-2.eml");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(temporary.Order(StringComparer.Ordinal), Waiting());
        Assert.True(File.Exists(Path.Combine(_folder, "archive", "old.eml")), "a subfolder is not the dropbox");
        Assert.Equal(["before-1.eml", "before-2.eml"], (await IntakeNamesAsync()).Order(StringComparer.Ordinal));
        Assert.Empty(Names(Failed));
    }

    [Fact]
    public async Task The_watcher_carries_on_when_files_vanish_while_being_taken()
    {
        await StartWatcherAsync(settle: TimeSpan.FromMilliseconds(200));
        var names = Enumerable.Range(1, 60).Select(i => $"vanishing-{i:00}.eml").ToArray();
        foreach (var name in names)
        {
            await File.WriteAllBytesAsync(Path.Combine(_folder, name), LetterBytes(name));
        }

        // Someone tidies up while the watcher works: each file is deleted at a different moment, before it is seen,
        // while it settles, while it is uploaded, or after it has gone to processed (then the delete finds nothing).
        foreach (var name in names)
        {
            File.Delete(Path.Combine(_folder, name));
            await Task.Delay(25);
        }

        var survivor = LetterBytes("survivor");
        await File.WriteAllBytesAsync(Path.Combine(_folder, "survivor.eml"), survivor);
        await InProcessedAsync("survivor.eml");

        Assert.Equal(survivor, await IntakeBlobAsync("survivor.eml"));
        Assert.Empty(Names(Failed));
        Assert.Empty(Waiting());
        foreach (var name in Names(Processed).Where(n => n != "survivor.eml"))
        {
            // What did get taken went through whole: its intake blob holds the file's bytes.
            Assert.Equal(LetterBytes(name), await IntakeBlobAsync(name));
        }

        _output.WriteLine($"{Names(Processed).Length - 1} of {names.Length} vanishing files were taken before they were deleted.");
    }

    [Fact]
    public async Task A_file_deleted_while_it_is_being_uploaded_leaves_its_letter_in_intake_and_the_watcher_carrying_on()
    {
        // Large enough that hashing and uploading it takes a while, under the 50 MB limit.
        byte[] large = [.. LetterBytes("large"), .. new byte[20 * 1024 * 1024]];
        var path = Path.Combine(_folder, "large-scan.eml");
        await File.WriteAllBytesAsync(path, large);
        await StartWatcherAsync(settle: TimeSpan.FromMilliseconds(200));

        // The watcher holds the file exclusively while it takes it: once our own exclusive open is refused, it is mid-take.
        await Eventually.TrueAsync(() => Task.FromResult(HeldByAnother(path)), "the watcher holding the file", TimeSpan.FromMinutes(2));
        File.Delete(path);

        await Eventually.TrueAsync(async () => await IntakeBlobAsync("large-scan.eml") is not null, "the large letter in intake");
        Assert.Equal(large, await IntakeBlobAsync("large-scan.eml"));
        var next = LetterBytes("next");
        await File.WriteAllBytesAsync(Path.Combine(_folder, "next.eml"), next);
        await InProcessedAsync("next.eml");
        Assert.Equal(["next.eml"], Names(Processed));
        Assert.Empty(Names(Failed));
    }

    private static bool HeldByAnother(string path)
    {
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None);
            return false;
        }
        catch (IOException ex) when (ex is not FileNotFoundException)
        {
            return true;
        }
    }

    [Fact]
    public async Task A_folder_that_is_a_file_is_refused_at_start_naming_the_setting()
    {
        var file = Path.Combine(_folder, "not-a-folder");
        await File.WriteAllTextAsync(file, "x");

        var problems = new LocalHostOptions { Dropbox = file }.Problems();

        var problem = Assert.Single(problems);
        Assert.Contains("FoiPipeline:LocalHost:Dropbox", problem);
        Assert.Contains("is a file, not a folder", problem);
    }

    [Fact]
    public async Task The_same_letter_dropped_twice_is_one_request_and_both_files_end_in_processed()
    {
        var host = await _pipeline.StartHostAsync(changes: new Dictionary<string, string?>
        {
            ["FoiPipeline:LocalHost:Dropbox"] = _folder,
            ["FoiPipeline:LocalHost:DropboxSettleInterval"] = "00:00:00.500",
            ["FoiPipeline:LocalHost:DropboxScanInterval"] = "00:00:01",
        });
        try
        {
            var letter = EmailFixtures.Request(Letters.Drones);
            var docId = DocId.Of(letter);
            await File.WriteAllBytesAsync(Path.Combine(_folder, "drones.eml"), letter);
            await InProcessedAsync("drones.eml");
            await host.IndexedAsync(docId);

            // Again under another name, and again under the same name.
            await File.WriteAllBytesAsync(Path.Combine(_folder, "drones-forwarded.eml"), letter);
            await File.WriteAllBytesAsync(Path.Combine(_folder, "drones.eml"), letter);
            await InProcessedAsync("drones-forwarded.eml", "drones (2).eml");

            Assert.Empty(Names(Failed));
            Assert.Equal(["drones-forwarded.eml", "drones.eml"], (await IntakeNamesAsync()).Order(StringComparer.Ordinal));
            var document = await Eventually.GetAsync(
                async () => await PipelineStorage.ReadJsonAsync<FoiPipeline.Intake.ExtractedDocument>(_pipeline.Storage.Extracted, StageMessage.DocumentBlobName(docId), CancellationToken.None) is { } read
                            && read.Value.AlsoReceivedAs.Count > 0 ? read.Value : null,
                "the second copy recorded on the one request");
            Assert.Equal("drones.eml", document.SourceBlob);
            Assert.Equal(["drones-forwarded.eml"], document.AlsoReceivedAs);
            var extracted = new List<string>();
            await foreach (var blob in _pipeline.Storage.Extracted.GetBlobsAsync())
            {
                extracted.Add(blob.Name);
            }

            Assert.Single(extracted);
        }
        finally
        {
            await host.StopHostAsync();
        }
    }
}
