using FoiPipeline.Analysis;
using FoiPipeline.Deadlines;
using FoiPipeline.Intake;
using FoiPipeline.Pipeline;
using FoiPipeline.UnitTests.Support;
using Xunit.Abstractions;

namespace FoiPipeline.UnitTests.Analysis.Gold;

/// <summary>
/// Scores the analyzer on the labelled gold set (tests/gold): every letter extracted as ingest would, then
/// analysed. The gates are the product's promise: the question count exactly right on at least 95 % of letters,
/// sensitive themes found with recall 0.98 and precision 0.90. The full report, with every disagreement, is
/// written to the test output and to artifacts/test-reports/analyzer-gold-set.txt, which ./test.sh prints.
/// </summary>
public class GoldSetTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Received = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_analyzer_meets_its_gates_on_the_gold_set()
    {
        var gold = GoldSet.Load();
        var analyzer = LetterAnalyzer.WithDefaults();
        var extractor = Extractors.Create();
        var score = new GoldScore();
        var detail = new System.Text.StringBuilder();
        foreach (var letter in gold.Letters)
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(GoldSet.Directory, letter.File));
            var outcome = await extractor.ExtractAsync(bytes, Path.GetFileName(letter.File), CancellationToken.None);
            Assert.True(outcome.Extraction is not null, $"{letter.File}: {outcome.Failure?.Reason}");
            var receipt = ReceiptDate.Decide(outcome.Extraction, null, Received, Received);
            var document = ExtractedDocument.Create(DocId.Of(bytes), letter.File, bytes.Length, outcome.Extraction, receipt, Received);
            var analysis = analyzer.Analyze(document);
            score.Add(letter, analysis, document.Text);
            Describe(detail, letter, analysis);
        }

        var report = score.Report();
        output.WriteLine(report);
        WriteReport("analyzer-gold-set.txt", report);
        WriteReport("analyzer-gold-detail.txt", detail.ToString());

        Assert.True(gold.Letters.Count >= 45, $"The gold set has {gold.Letters.Count} letters; it needs the five seeds and at least 40 more.");
        Assert.True(score.QuestionCountAccuracy >= 0.95, report);
        Assert.True(GoldScore.Recall(score.RequestThemes) >= 0.98, report);
        Assert.True(GoldScore.Precision(score.RequestThemes) >= 0.90, report);
    }

    /// <summary>What the analyzer made of one letter, beside what was expected: for whoever tunes it next.</summary>
    private static void Describe(System.Text.StringBuilder detail, GoldLetter letter, LetterAnalysis analysis)
    {
        detail.AppendLine($"== {letter.File}");
        detail.AppendLine($"   expected {letter.Questions.Count} questions, themes [{string.Join(", ", letter.Themes)}]");
        foreach (var question in analysis.Questions)
        {
            detail.AppendLine($"   Q {question.Label,-4} [{string.Join(", ", question.Themes)}] {question.Text}");
        }

        foreach (var context in analysis.Context)
        {
            detail.AppendLine($"   context  {context.Text}");
        }

        if (analysis.Fallback is { } fallback)
        {
            detail.AppendLine($"   fallback {fallback.Text}");
        }

        foreach (var theme in analysis.Themes)
        {
            detail.AppendLine($"   theme {theme.Id} {theme.Score:0.00}: {string.Join(" | ", theme.Evidence.Select(e => e.Text))}");
        }

        foreach (var flag in analysis.Flags)
        {
            detail.AppendLine($"   flag {flag.Id}: {flag.Reason}");
        }

        detail.AppendLine($"   requester {analysis.Requester.Name} <{analysis.Requester.Email}>; sensitivity {analysis.Sensitivity}");
    }

    private static void WriteReport(string name, string report)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FoiPipeline.sln")))
            {
                var reports = Directory.CreateDirectory(Path.Combine(directory.FullName, "artifacts", "test-reports"));
                File.WriteAllText(Path.Combine(reports.FullName, name), report);
                return;
            }
        }
    }
}
