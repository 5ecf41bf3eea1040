using System.Text.Json;
using System.Text.RegularExpressions;
using FoiPipeline.Local.Cli;

namespace FoiPipeline.UnitTests.Cli;

/// <summary>
/// <c>foi analyze</c> over text letters, in-process: the shape of what it prints. Text needs neither OCR nor
/// poppler; the integration tests run it over PDFs and scans.
/// </summary>
public sealed partial class AnalyzeCommandTests : IDisposable
{
    private static readonly string[] ContractKeys =
        ["file", "requester", "receivedAt", "dueAt", "questions", "themes", "sensitivity", "referral", "suggestedExemptions", "duplicates"];

    private const string NoRequest = """
        Dear Sir,

        Thank you for your letter of 3 March. I have nothing further to add.

        Regards,
        Jo Bloggs
        """;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "foi-analyze-" + Guid.NewGuid().ToString("N"));

    public AnalyzeCommandTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "samples", name);

    private static string FacialRecognitionFrom(string name, string email)
        => File.ReadAllText(Sample("05-facial-recognition.txt")).Replace("Alex Morgan", name, StringComparison.Ordinal).Replace("alex.morgan@example.net", email, StringComparison.Ordinal);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static async Task<(int ExitCode, string Output, string Error)> FoiAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await FoiCli.InvokeAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    private static List<JsonElement> Lines(string output)
        => [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement)];

    private static string[] Keys(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")]
    private static partial Regex UtcInstant();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex Date();

    [Fact]
    public async Task Json_prints_exactly_the_contract_keys_and_shapes()
    {
        var (exitCode, output, error) = await FoiAsync("analyze", "--json", Sample("01-terror-arrests-social-media.eml"), Sample("02-ctsa-performance-indicators.txt"));

        Assert.True(exitCode == 0, error);
        var lines = Lines(output);
        Assert.Equal(2, lines.Count);
        foreach (var line in lines)
        {
            Assert.Equal(ContractKeys, Keys(line));
            Assert.Equal(["name", "email"], Keys(line.GetProperty("requester")));
            Assert.Matches(UtcInstant(), line.GetProperty("receivedAt").GetString());
            Assert.Matches(Date(), line.GetProperty("dueAt").GetString());
            Assert.Equal("restricted", line.GetProperty("sensitivity").GetString());
            Assert.Equal(JsonValueKind.True, line.GetProperty("referral").ValueKind);
            Assert.All(line.GetProperty("suggestedExemptions").EnumerateArray(), e => Assert.Equal(JsonValueKind.String, e.ValueKind));
            Assert.Equal(JsonValueKind.Array, line.GetProperty("duplicates").ValueKind);

            var questions = line.GetProperty("questions").EnumerateArray().ToList();
            Assert.NotEmpty(questions);
            Assert.All(questions, q =>
            {
                Assert.Equal(["label", "text", "themes"], Keys(q));
                Assert.All(q.GetProperty("themes").EnumerateArray(), t => Assert.Equal(JsonValueKind.String, t.ValueKind));
            });

            var themes = line.GetProperty("themes").EnumerateArray().ToList();
            Assert.Contains(themes, t => t.GetProperty("id").GetString() == "counter-terrorism");
            Assert.All(themes, t =>
            {
                Assert.Equal(["id", "score", "evidence"], Keys(t));
                Assert.Equal(JsonValueKind.Number, t.GetProperty("score").ValueKind);
                Assert.All(t.GetProperty("evidence").EnumerateArray(), e => Assert.Equal(["text", "start", "end"], Keys(e)));
            });
        }

        Assert.Equal("01-terror-arrests-social-media.eml", lines[0].GetProperty("file").GetString());
        Assert.Equal("2026-11-02T09:14:22Z", lines[0].GetProperty("receivedAt").GetString());
        Assert.Equal("2026-12-01", lines[0].GetProperty("dueAt").GetString());
        Assert.Equal("Priya Shah", lines[0].GetProperty("requester").GetProperty("name").GetString());
        Assert.Equal("priya.shah@example.org", lines[0].GetProperty("requester").GetProperty("email").GetString());
    }

    [Fact]
    public async Task A_letter_with_no_questions_still_has_every_contract_key()
    {
        var (exitCode, output, error) = await FoiAsync("analyze", "--json", Write("thanks.txt", NoRequest));

        Assert.True(exitCode == 0, error);
        var line = Assert.Single(Lines(output));
        Assert.Equal(ContractKeys, Keys(line));
        Assert.Equal(["name", "email"], Keys(line.GetProperty("requester")));
        Assert.Empty(line.GetProperty("questions").EnumerateArray());
        Assert.Empty(line.GetProperty("themes").EnumerateArray());
        Assert.Empty(line.GetProperty("duplicates").EnumerateArray());
        Assert.Equal("standard", line.GetProperty("sensitivity").GetString());
        Assert.False(line.GetProperty("referral").GetBoolean());
        Assert.Matches(UtcInstant(), line.GetProperty("receivedAt").GetString());
    }

    [Fact]
    public async Task Files_of_one_run_are_matched_against_the_earlier_ones()
    {
        var first = Write("holt.txt", FacialRecognitionFrom("Jane Holt", "jane.holt@example.org"));
        var second = Write("price.txt", FacialRecognitionFrom("Owen Price", "owen.price@example.net"));
        var again = Write("holt-again.txt", FacialRecognitionFrom("Jane Holt", "jane.holt@example.org") + "\n");
        var other = Sample("06-firearms-licensing.eml");

        var (exitCode, output, error) = await FoiAsync("analyze", "--json", first, second, again, other);

        Assert.True(exitCode == 0, error);
        var lines = Lines(output);
        Assert.Equal(4, lines.Count);
        Assert.Empty(lines[0].GetProperty("duplicates").EnumerateArray());
        Assert.Empty(lines[3].GetProperty("duplicates").EnumerateArray());

        var roundRobin = Assert.Single(lines[1].GetProperty("duplicates").EnumerateArray());
        Assert.Equal(["file", "kind", "similarity", "exactCopy"], Keys(roundRobin));
        Assert.Equal("holt.txt", roundRobin.GetProperty("file").GetString());
        Assert.Equal("round-robin", roundRobin.GetProperty("kind").GetString());
        Assert.Equal(1.0, roundRobin.GetProperty("similarity").GetDouble());
        Assert.True(roundRobin.GetProperty("exactCopy").GetBoolean());

        var links = lines[2].GetProperty("duplicates").EnumerateArray()
            .Select(d => (d.GetProperty("file").GetString(), d.GetProperty("kind").GetString()))
            .OrderBy(d => d.Item1, StringComparer.Ordinal);
        Assert.Equal([("holt.txt", "repeat"), ("price.txt", "round-robin")], links);
    }

    [Fact]
    public async Task The_same_file_given_twice_is_not_its_own_duplicate()
    {
        var letter = Sample("02-ctsa-performance-indicators.txt");

        var (_, output, _) = await FoiAsync("analyze", "--json", letter, letter);

        Assert.All(Lines(output), line => Assert.Empty(line.GetProperty("duplicates").EnumerateArray()));
    }

    [Fact]
    public async Task Full_prints_the_whole_analysis_for_debugging()
    {
        var first = Write("holt.txt", FacialRecognitionFrom("Jane Holt", "jane.holt@example.org"));
        var (exitCode, output, error) = await FoiAsync("analyze", "--full", Sample("02-ctsa-performance-indicators.txt"), first, Write("price.txt", FacialRecognitionFrom("Owen Price", "owen.price@example.net")));

        Assert.True(exitCode == 0, error);
        var lines = Lines(output);
        Assert.Equal(3, lines.Count);
        Assert.Equal(
            ["file", "docId", "requester", "subject", "reference", "receivedAt", "dueAt", "regime", "questions", "context", "fallback", "themes",
             "sensitivity", "sensitivityReasons", "referral", "referrals", "suggestedExemptions", "flags", "duplicates", "regions", "warnings", "text"],
            Keys(lines[0]));

        var ctsa = lines[0];
        Assert.Equal("foia", ctsa.GetProperty("regime").GetString());
        Assert.All(ctsa.GetProperty("questions").EnumerateArray(), q => Assert.Equal(["label", "text", "start", "end", "themes"], Keys(q)));
        Assert.NotEmpty(ctsa.GetProperty("context").EnumerateArray());
        Assert.StartsWith("If answering the whole request", ctsa.GetProperty("fallback").GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains(ctsa.GetProperty("regions").EnumerateArray(), r => r.GetProperty("kind").GetString() == "request");
        var referral = Assert.Single(ctsa.GetProperty("referrals").EnumerateArray());
        Assert.NotEmpty(referral.GetProperty("because").EnumerateArray());
        Assert.NotEmpty(ctsa.GetProperty("sensitivityReasons").EnumerateArray());

        // Spans index into the text printed with them.
        var text = ctsa.GetProperty("text").GetString()!;
        var question = ctsa.GetProperty("questions")[0];
        Assert.Contains(question.GetProperty("text").GetString()!, text[question.GetProperty("start").GetInt32()..question.GetProperty("end").GetInt32()], StringComparison.Ordinal);

        var price = lines[2];
        var link = Assert.Single(price.GetProperty("duplicates").EnumerateArray());
        Assert.Equal(["file", "kind", "similarity", "exactCopy"], Keys(link));
        Assert.Contains(price.GetProperty("flags").EnumerateArray(), f => f.GetProperty("id").GetString() == "round-robin");
    }

    [Fact]
    public async Task Text_output_shows_context_fallback_handling_flags_and_duplicates()
    {
        var (exitCode, output, error) = await FoiAsync(
            "analyze",
            Sample("02-ctsa-performance-indicators.txt"),
            Sample("03-ct-command-eod-deployments.eml"),
            Write("holt.txt", FacialRecognitionFrom("Jane Holt", "jane.holt@example.org")),
            Write("price.txt", FacialRecognitionFrom("Owen Price", "owen.price@example.net")),
            Write("thanks.txt", NoRequest),
            Write("emails.txt", "Dear FOI team,\n\nPlease send me copies of all emails sent by your press office in 2024 that mention the Northvale Summit.\n\nYours sincerely,\nAlex Morgan\n"));

        Assert.True(exitCode == 0, error);
        Assert.Contains("02-ctsa-performance-indicators.txt: from Tom Whitfield <tom.whitfield@example.com>", output, StringComparison.Ordinal);
        Assert.Contains("    a. the number of crowded places and critical sites identified and assessed  [counter-terrorism]", output, StringComparison.Ordinal);
        Assert.Contains("  Context: ", output, StringComparison.Ordinal);
        Assert.Contains("  Fallback (if over the cost limit): If answering the whole request", output, StringComparison.Ordinal);
        Assert.Contains("  Sensitivity: restricted: ", output, StringComparison.Ordinal);
        Assert.Contains("  Referral (advisory): ", output, StringComparison.Ordinal);
        Assert.Contains("  Flag cost-limit-risk: ", output, StringComparison.Ordinal);
        Assert.Contains("  Flag round-robin: ", output, StringComparison.Ordinal);
        Assert.Contains("  Duplicate: round-robin of holt.txt (100% similar, exact copy)", output, StringComparison.Ordinal);
        Assert.Contains("  Questions: none found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_an_error_line_and_the_rest_are_still_analysed()
    {
        var missing = Path.Combine(_directory, "no-such-letter.eml");

        var json = await FoiAsync("analyze", "--json", missing, Sample("02-ctsa-performance-indicators.txt"));
        var text = await FoiAsync("analyze", missing);

        Assert.Equal(1, json.ExitCode);
        var lines = Lines(json.Output);
        Assert.Equal(2, lines.Count);
        Assert.Equal(["file", "error"], Keys(lines[0]));
        Assert.Equal("no-such-letter.eml", lines[0].GetProperty("file").GetString());
        Assert.Equal("not-found", lines[0].GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(ContractKeys, Keys(lines[1]));

        Assert.Equal(1, text.ExitCode);
        Assert.Empty(text.Output);
        Assert.Contains("No such file", text.Error, StringComparison.Ordinal);
    }
}
