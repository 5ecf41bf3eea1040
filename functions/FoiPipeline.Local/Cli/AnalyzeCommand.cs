using System.Text.Json;
using FoiPipeline.Analysis;
using FoiPipeline.Intake;
using FoiPipeline.Local.Hosting;
using FoiPipeline.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FoiPipeline.Local.Cli;

/// <summary>One line of <c>foi analyze --json</c>: the contract in DESIGN.md ("Contracts").</summary>
internal sealed record AnalyzeLine
{
    public required string File { get; init; }

    public required Requester Requester { get; init; }

    public required DateTime ReceivedAt { get; init; }

    public DateOnly? DueAt { get; init; }

    public required IReadOnlyList<Question> Questions { get; init; }

    public required IReadOnlyList<ThemeTag> Themes { get; init; }

    public required Sensitivity Sensitivity { get; init; }

    public required bool Referral { get; init; }

    public required IReadOnlyList<string> SuggestedExemptions { get; init; }

    public required IReadOnlyList<DuplicateLink> Duplicates { get; init; }
}

/// <summary>
/// <c>foi analyze FILE...</c>: the same extraction (OCR included) and analysis as the pipeline, on files,
/// with no storage. The date of receipt is the email's, or the file's last-modified time.
/// </summary>
internal static class AnalyzeCommand
{
    public static async Task<int> RunAsync(FileInfo[] files, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var paths = LocalPaths.Discover();
        await using var services = new ServiceCollection()
            .AddLogging(logging => logging.AddFoiConsole(LogLevel.Warning))
            .AddFoiPipelineCore(LocalConfiguration.Build(paths), paths.DataDirectory)
            .BuildServiceProvider();
        var extractor = services.GetRequiredService<DocumentExtractor>();
        var analyzer = services.GetRequiredService<LetterAnalyzer>();
        var failed = 0;
        foreach (var file in files)
        {
            if (!file.Exists)
            {
                failed++;
                Report(file.Name, "not-found", $"No such file: {file.FullName}");
                continue;
            }

            var bytes = await File.ReadAllBytesAsync(file.FullName, cancellationToken);
            var outcome = await extractor.ExtractAsync(bytes, file.Name, cancellationToken);
            if (outcome.Extraction is not { } extraction)
            {
                failed++;
                var failure = outcome.Failure!;
                Report(file.Name, JsonSerializer.Serialize(failure.Code, PipelineJson.Options).Trim('"'), $"{failure.Reason} {failure.Hint}");
                continue;
            }

            var now = DateTimeOffset.UtcNow;
            var receipt = ReceiptDate.Decide(extraction, stated: null, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero), now);
            var document = ExtractedDocument.Create(DocId.Of(bytes), file.Name, bytes.Length, extraction, receipt, now);
            var analysis = analyzer.Analyze(document);
            foreach (var warning in document.Warnings.Concat(analysis.Warnings))
            {
                error.WriteLine($"{file.Name}: {warning}");
            }

            if (json)
            {
                output.WriteLine(JsonSerializer.Serialize(
                    new AnalyzeLine
                    {
                        File = file.Name,
                        Requester = analysis.Requester,
                        ReceivedAt = analysis.ReceivedAt.UtcDateTime,
                        DueAt = analysis.DueAt,
                        Questions = analysis.Questions,
                        Themes = analysis.Themes,
                        Sensitivity = analysis.Sensitivity,
                        Referral = analysis.Referral,
                        SuggestedExemptions = analysis.SuggestedExemptions,
                        Duplicates = analysis.Duplicates,
                    },
                    PipelineJson.Options));
            }
            else
            {
                output.WriteLine($"{file.Name}: from {analysis.Requester.Name ?? "?"} <{analysis.Requester.Email ?? "?"}>, received {analysis.ReceivedAt:yyyy-MM-dd}, due {analysis.DueAt?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}");
                foreach (var question in analysis.Questions)
                {
                    output.WriteLine($"  {question.Label}. {question.Text}");
                }
            }
        }

        return failed == 0 ? 0 : 1;

        void Report(string file, string code, string reason)
        {
            if (json)
            {
                output.WriteLine(JsonSerializer.Serialize(new { file, error = new { code, reason } }, PipelineJson.Options));
            }
            else
            {
                error.WriteLine($"{file}: {reason}");
            }
        }
    }
}
