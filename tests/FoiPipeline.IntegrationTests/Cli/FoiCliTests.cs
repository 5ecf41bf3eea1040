using System.Text.Json;
using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Local.Cli;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace FoiPipeline.IntegrationTests.Cli;

/// <summary>The README's main command and its companions, run as a user runs them (in-process, same arguments).</summary>
public sealed class FoiCliTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "foi-cli-" + Guid.NewGuid().ToString("N"));

    private static string Samples => Path.Combine(SharedAzurite.RepoRoot, "samples", "letters");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output, string Error)> FoiAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await FoiCli.InvokeAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Run_with_samples_ends_with_every_sample_request_in_the_printed_queue_and_leaves_nothing_running()
    {
        var (exitCode, output, error) = await FoiAsync("run", "--samples", "--once", "--api-port", "0", "--data-dir", _dataDirectory);

        Assert.True(exitCode == 0, $"foi run failed: {error}");
        foreach (var requester in new[] { "Priya Shah", "Tom Whitfield", "Daniel Okafor", "Sam Rowe", "Alex Morgan", "Siân Pritchard" })
        {
            Assert.Contains(requester, output);
        }

        Assert.Contains("6 requests", output);
        Assert.Contains("Firearms licensing – FOI request", output);
        Assert.False(File.Exists(Path.Combine(_dataDirectory, "local-host.json")), "the host's state file should be removed on exit");

        // The queue persists: `foi queue` reads the same index afterwards, filtered and searched.
        var queue = await FoiAsync("queue", "--data-dir", _dataDirectory, "--search", "firearm certificates");
        Assert.Equal(0, queue.ExitCode);
        Assert.Contains("Siân Pritchard", queue.Output);
        Assert.DoesNotContain("Priya Shah", queue.Output);
        Assert.Contains("1 request", queue.Output);

        // Running it again finds the letters already there and does not double them.
        var again = await FoiAsync("run", "--samples", "--once", "--api-port", "0", "--data-dir", _dataDirectory);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("0 new, 6 already there", again.Output);
        Assert.Contains("6 requests", again.Output);
    }

    [Fact]
    public async Task Analyze_json_prints_the_design_contract_one_line_per_file()
    {
        var files = Directory.GetFiles(Samples, "0*").Order(StringComparer.Ordinal).ToArray();
        var (exitCode, output, _) = await FoiAsync(["analyze", "--json", .. files]);

        Assert.Equal(0, exitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(files.Length, lines.Length);
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            Assert.Equal(
                ["file", "requester", "receivedAt", "dueAt", "questions", "themes", "sensitivity", "referral", "suggestedExemptions", "duplicates"],
                json.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.Equal(["name", "email"], json.RootElement.GetProperty("requester").EnumerateObject().Select(p => p.Name));
            Assert.All(json.RootElement.GetProperty("questions").EnumerateArray(), q => Assert.Equal(
                ["label", "text", "themes"], q.EnumerateObject().Select(p => p.Name)));
        }

        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal("01-terror-arrests-social-media.eml", first.RootElement.GetProperty("file").GetString());
        Assert.Equal("2026-11-02T09:14:22Z", first.RootElement.GetProperty("receivedAt").GetString());
        Assert.Equal("2026-12-01", first.RootElement.GetProperty("dueAt").GetString());
    }

    [Fact]
    public async Task Analyze_json_prints_one_contract_line_for_each_text_email_pdf_and_scan()
    {
        Directory.CreateDirectory(_dataDirectory);
        var pdf = Path.Combine(_dataDirectory, "anpr-cameras.pdf");
        await File.WriteAllBytesAsync(pdf, FoiPipeline.TestFixtures.PdfFixtures.FlowingTextPdf(FoiPipeline.TestFixtures.Letters.AnprCameras.Text));
        var png = Path.Combine(_dataDirectory, "drones.png");
        await File.WriteAllBytesAsync(png, (await FoiPipeline.TestFixtures.Scans.CreateAsync(FoiPipeline.TestFixtures.Letters.Drones, seed: 3)).Png);
        string[] files = [Path.Combine(Samples, "02-ctsa-performance-indicators.txt"), Path.Combine(Samples, "01-terror-arrests-social-media.eml"), pdf, png];

        var (exitCode, output, error) = await FoiAsync(["analyze", "--json", .. files]);

        Assert.True(exitCode == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(files.Length, lines.Length);
        var parsed = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(files.Select(Path.GetFileName), parsed.Select(line => line.GetProperty("file").GetString()));
        Assert.All(parsed, line =>
        {
            Assert.Equal(
                ["file", "requester", "receivedAt", "dueAt", "questions", "themes", "sensitivity", "referral", "suggestedExemptions", "duplicates"],
                line.EnumerateObject().Select(p => p.Name));
            Assert.NotEmpty(line.GetProperty("questions").EnumerateArray());
            Assert.Empty(line.GetProperty("duplicates").EnumerateArray());
        });
        Assert.Equal(FoiPipeline.TestFixtures.Letters.AnprCameras.RequesterName, parsed[2].GetProperty("requester").GetProperty("name").GetString());
        Assert.Contains(parsed[3].GetProperty("themes").EnumerateArray(), t => t.GetProperty("id").GetString() == "surveillance");
    }

    [Fact]
    public async Task Analyze_reads_a_scanned_letter_through_ocr_and_finds_its_questions()
    {
        var letter = FoiPipeline.TestFixtures.Letters.Drones;
        var scan = await FoiPipeline.TestFixtures.Scans.CreateAsync(letter, seed: 9);
        var file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".png");
        await File.WriteAllBytesAsync(file, scan.Png);
        try
        {
            var (exitCode, output, error) = await FoiAsync("analyze", "--json", file);

            Assert.True(exitCode == 0, error);
            using var json = JsonDocument.Parse(output);
            var questions = json.RootElement.GetProperty("questions").EnumerateArray().Select(q => q.GetProperty("text").GetString()!).ToList();
            Assert.Equal(letter.Questions.Count, questions.Count);
            Assert.Equal(letter.RequesterName, json.RootElement.GetProperty("requester").GetProperty("name").GetString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Analyze_reports_an_unreadable_file_as_an_error_line_and_fails()
    {
        var pdf = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".pdf");
        await File.WriteAllTextAsync(pdf, "%PDF-1.7\n");
        try
        {
            var (exitCode, output, _) = await FoiAsync("analyze", "--json", pdf, Path.Combine(Samples, "02-ctsa-performance-indicators.txt"));
            Assert.Equal(1, exitCode);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            using var error = JsonDocument.Parse(lines[0]);
            Assert.Equal("corrupt", error.RootElement.GetProperty("error").GetProperty("code").GetString());
            Assert.Equal(2, lines.Length); // the good file after it is still analysed
        }
        finally
        {
            File.Delete(pdf);
        }
    }

    [Fact]
    public void Every_configuration_problem_is_reported_at_once_before_anything_starts()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FoiPipeline:Containers:Intake"] = "Bad_Name",
            ["FoiPipeline:Index:Kind"] = "elastic",
        }).Build();

        var problems = LocalConfiguration.Problems(configuration);

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("FoiPipeline:Containers:Intake", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("FoiPipeline:Index:Kind", StringComparison.Ordinal));
        Assert.Empty(LocalConfiguration.Problems(new ConfigurationBuilder().Build()));
    }

    [Fact]
    public async Task Queue_explains_what_to_do_when_there_is_no_index_yet()
    {
        var (exitCode, _, error) = await FoiAsync("queue", "--data-dir", _dataDirectory);
        Assert.Equal(1, exitCode);
        Assert.Contains("foi run", error);
    }

    [Fact]
    public async Task Queue_rejects_an_unknown_status_and_lists_the_real_ones()
    {
        var (exitCode, _, error) = await FoiAsync("queue", "--status", "pending", "--data-dir", _dataDirectory);
        Assert.Equal(1, exitCode);
        Assert.Contains("in-review", error);
    }

    [Fact]
    public async Task Ingest_of_a_missing_file_uploads_nothing_and_says_which_file()
    {
        var (exitCode, _, error) = await FoiAsync("ingest", "--data-dir", _dataDirectory, Path.Combine(Samples, "no-such-letter.eml"));
        Assert.Equal(1, exitCode);
        Assert.Contains("no-such-letter.eml", error);
        Assert.False(Directory.Exists(Path.Combine(_dataDirectory, "azurite")));
    }
}
