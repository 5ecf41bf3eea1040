using System.Text.Json;
using FoiPipeline.Analysis;
using FoiPipeline.Analysis.Duplicates;
using FoiPipeline.Intake;
using FoiPipeline.Local.Hosting;
using FoiPipeline.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FoiPipeline.Local.Cli;

/// <summary>How <c>foi analyze</c> prints each letter.</summary>
internal enum AnalyzeFormat
{
    /// <summary>A summary for a person.</summary>
    Text,

    /// <summary><c>--json</c>: the contract line (DESIGN.md, "Contracts").</summary>
    Json,

    /// <summary><c>--full</c>: the whole analysis as JSON, for checking the analyzer.</summary>
    Full,
}

/// <summary>
/// <c>foi analyze FILE...</c>: the same extraction (OCR included) and analysis as the pipeline, on files,
/// with no storage. The date of receipt is the email's, or the file's last-modified time. Duplicates are
/// looked for among the files of the one run, in the order given: each file lists the earlier ones it
/// repeats or resembles, as the pipeline lists earlier requests.
/// </summary>
internal static class AnalyzeCommand
{
    public static async Task<int> RunAsync(FileInfo[] files, AnalyzeFormat format, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var paths = LocalPaths.Discover();
        await using var services = new ServiceCollection()
            .AddLogging(logging => logging.AddFoiConsole(LogLevel.Warning))
            .AddFoiPipelineCore(LocalConfiguration.Build(paths), paths.DataDirectory)
            .BuildServiceProvider();
        var extractor = services.GetRequiredService<DocumentExtractor>();
        var analyzer = services.GetRequiredService<LetterAnalyzer>();

        // A store for this run only: nothing is written to the local host's database.
        var batch = new DuplicateFinder(new InMemoryDuplicateStore(), services.GetRequiredService<DuplicateMatcher>());
        var ids = new BatchIds();

        var failed = 0;
        foreach (var file in files)
        {
            if (!file.Exists)
            {
                failed++;
                Report(file.Name, "not-found", $"No such file: {file.FullName}");
                continue;
            }

            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(file.FullName, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                failed++;
                Report(file.Name, "unreadable", $"Cannot read {file.FullName}: {ex.Message}");
                continue;
            }

            var outcome = await extractor.ExtractAsync(bytes, file.Name, cancellationToken);
            if (outcome.Extraction is not { } extraction)
            {
                failed++;
                var failure = outcome.Failure!;
                Report(file.Name, AnalyzeOutput.Name(failure.Code), $"{failure.Reason} {failure.Hint}");
                continue;
            }

            var now = DateTimeOffset.UtcNow;
            var receipt = ReceiptDate.Decide(extraction, stated: null, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero), now);
            var docId = DocId.Of(bytes);
            var document = ExtractedDocument.Create(docId, file.Name, bytes.Length, extraction, receipt, now);
            var reading = analyzer.Read(document);
            var links = await batch.RecordAndFindAsync(ids.For(file), reading, cancellationToken);
            var analysis = analyzer.Conclude(reading, links);
            IReadOnlyList<AnalyzeDuplicate> duplicates = [.. links.Select(l => new AnalyzeDuplicate(l.DocId, l.Kind, Math.Round(l.Similarity, 3), l.ExactCopy))];
            foreach (var warning in document.Warnings.Concat(analysis.Warnings))
            {
                error.WriteLine($"{file.Name}: {warning}");
            }

            switch (format)
            {
                case AnalyzeFormat.Json:
                    output.WriteLine(JsonSerializer.Serialize(AnalyzeOutput.Line(file.Name, analysis, duplicates), PipelineJson.Options));
                    break;
                case AnalyzeFormat.Full:
                    output.WriteLine(AnalyzeOutput.Full(file.Name, docId, analysis, duplicates, document.Text).ToJsonString(PipelineJson.Options));
                    break;
                default:
                    AnalyzeOutput.WriteText(output, file.Name, analysis, duplicates);
                    break;
            }
        }

        return failed == 0 ? 0 : 1;

        void Report(string file, string code, string reason)
        {
            if (format == AnalyzeFormat.Text)
            {
                error.WriteLine($"{file}: {reason}");
            }
            else
            {
                output.WriteLine(JsonSerializer.Serialize(new { file, error = new { code, reason } }, PipelineJson.Options));
            }
        }
    }

    /// <summary>
    /// What each file is called in the run's duplicate store and in the <c>duplicates</c> it is listed in: its
    /// name, as in its own line's <c>file</c>; its full path when another file of the run has the same name.
    /// The same path given twice is one letter, so it is not its own duplicate.
    /// </summary>
    private sealed class BatchIds
    {
        private readonly Dictionary<string, string> _byPath = new(StringComparer.Ordinal);
        private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

        public string For(FileInfo file)
        {
            if (!_byPath.TryGetValue(file.FullName, out var id))
            {
                id = _taken.Add(file.Name) ? file.Name : file.FullName;
                _taken.Add(id);
                _byPath[file.FullName] = id;
            }

            return id;
        }
    }
}
