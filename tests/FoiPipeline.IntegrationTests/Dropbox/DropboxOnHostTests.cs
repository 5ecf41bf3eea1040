using FoiPipeline.IntegrationTests.Reliability;
using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Intake;
using FoiPipeline.Local.Cli;
using FoiPipeline.Local.Hosting;
using FoiPipeline.Pipeline;
using FoiPipeline.TestFixtures;

namespace FoiPipeline.IntegrationTests.Dropbox;

/// <summary>The <c>--dropbox</c> flag itself, on the real <c>foi run</c> process, with letters of every kind a team drops.</summary>
[Collection(OneHostProcessAtATime.Name)]
public sealed class DropboxOnHostTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "foi-dropbox-host-" + Guid.NewGuid().ToString("N")[..10]);

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Foi_run_with_dropbox_takes_an_email_a_pdf_and_a_word_letter_into_the_triage_queue()
    {
        await using var pipeline = await ProcessPipeline.CreateAsync("dropbox", new Dictionary<string, string>
        {
            ["FoiPipeline:LocalHost:DropboxSettleInterval"] = "00:00:00.500",
            ["FoiPipeline:LocalHost:DropboxScanInterval"] = "00:00:01",
        });
        var host = await pipeline.StartHostAsync(arguments: ["--dropbox", _folder]);
        await Eventually.TrueAsync(() => Task.FromResult(host.LinesContaining($"Watching {_folder} for letters").Count > 0), "the host saying it watches the dropbox");

        var email = await File.ReadAllBytesAsync(Path.Combine(SharedAzurite.RepoRoot, "samples", "letters", "06-firearms-licensing.eml"));
        var pdf = PdfFixtures.FlowingTextPdf(Letters.AnprCameras.Text);
        var word = WordFixtures.Letter(Letters.StopAndSearch);
        var locked = PdfFixtures.PasswordProtected();
        await File.WriteAllBytesAsync(Path.Combine(_folder, "firearms.eml"), email);
        await File.WriteAllBytesAsync(Path.Combine(_folder, "anpr scan.pdf"), pdf);
        await File.WriteAllBytesAsync(Path.Combine(_folder, "stop and search.docx"), word);
        await File.WriteAllBytesAsync(Path.Combine(_folder, "protected.pdf"), locked);
        await File.WriteAllBytesAsync(Path.Combine(_folder, "letter.msg"), email);

        foreach (var letter in new[] { email, pdf, word })
        {
            await pipeline.IndexedAsync(DocId.Of(letter));
        }

        string[] processed = ["anpr scan.pdf", "firearms.eml", "protected.pdf", "stop and search.docx"];
        Assert.Equal(processed, Directory.EnumerateFiles(Path.Combine(_folder, DropboxFolders.Processed)).Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal));
        Assert.Equal(["letter.msg", "letter.msg.reason.txt"], Directory.EnumerateFiles(Path.Combine(_folder, DropboxFolders.Failed)).Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.EnumerateFiles(_folder));

        // "Processed" means the letter is in the pipeline; what the pipeline then makes of it is the pipeline's to say.
        var reason = await Eventually.GetAsync(
            () => PipelineStorage.ReadJsonAsync<QuarantineReason>(pipeline.Storage.Quarantine, "protected.pdf.reason.json", CancellationToken.None),
            "the password-protected PDF's quarantine reason");
        Assert.Equal(QuarantineCode.PasswordProtected, reason.Value.Code);
        Assert.Equal(4, host.LinesContaining("from the dropbox as").Count);
    }

    [Fact]
    public async Task Foi_run_refuses_a_dropbox_that_is_a_file_and_says_which_setting()
    {
        Directory.CreateDirectory(_folder);
        var file = Path.Combine(_folder, "letters.txt");
        await File.WriteAllTextAsync(file, "not a folder");
        var data = Path.Combine(_folder, "data");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await FoiCli.InvokeAsync(
            ["run", "--storage", "UseDevelopmentStorage=true", "--data-dir", data, "--api-port", "0", "--dropbox", file], output, error);

        Assert.Equal(1, exitCode);
        Assert.Contains($"FoiPipeline:LocalHost:Dropbox (or --dropbox) is {file}, which is a file, not a folder.", error.ToString());
    }
}
