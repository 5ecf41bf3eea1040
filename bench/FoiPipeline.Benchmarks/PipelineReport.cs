using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FoiPipeline.Benchmarks;

/// <summary>The results file of an end-to-end run (<c>bench/results/pipeline-end-to-end.md</c>) or a fault run (<c>pipeline-faults.md</c>).</summary>
internal sealed record PipelineReport(
    bool Faults,
    IReadOnlyList<PipelineLetter> Letters,
    Timings Timings,
    PipelineCensus Census,
    IReadOnlyList<FaultEvent> Events,
    IReadOnlyList<string> Problems,
    double HostPeakMegabytes,
    double HelperPeakMegabytes,
    double HostCpuSeconds,
    string LoadBefore,
    IReadOnlyList<double> LoadsDuring,
    HostLogSummary Log)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public string Verdict() => Problems.Count == 0
        ? string.Create(Invariant, $"PASS: all {Census.Expected} letters are in the index exactly once ({Census.IndexRows} request rows, {Census.FtsRows} search rows); nothing in poison queues, quarantine or left unread.")
        : $"FAIL: {string.Join("; ", Problems)}.";

    public string Markdown()
    {
        var text = new StringBuilder();
        var script = Faults ? "scripts/bench-faults.sh" : "scripts/bench-pipeline.sh";
        text.Append(Invariant, $"""
            # {(Faults ? "Fault run" : "End to end")}: {Letters.Count:N0} letters through the local host{(Faults ? ", with the host killed three times and Azurite restarted" : string.Empty)}

            Written by `{script}` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; reproduce with that one command.
            Machine: {Machine.Describe()}; {Machine.ToolVersion("tesseract", "--version")} (in-process, `OMP_THREAD_LIMIT=1`);
            Azurite {AzuriteVersion()} on Node.js {Machine.ToolVersion("node", "--version")}.
            Load average (1, 5, 15 min) before the run: {LoadBefore}; 1-minute load during the run (every 15 s): mean {Mean(LoadsDuring):0.0}, highest {(LoadsDuring.Count == 0 ? double.NaN : LoadsDuring.Max()):0.0}.
            The run itself (the host with Tesseract, Azurite and this sampler) keeps a 1-minute load of about 4-5 on these two
            cores; a load well above that means other work shared the machine and the host got less of it (its CPU time is in the table).

            Letters: {PipelineLetters.Description(Letters)}

            How: Azurite on free loopback ports with a fresh data folder; the host as its own process,
            `dotnet foi.dll run --storage <Azurite> --data-dir <fresh> --api-port 0` (intake watcher, analyze and index workers,
            SQLite FTS5 index); once it is up, all letters are uploaded to the intake container at once ({PipelineRun.ParallelUploads} uploads in flight).
            A letter is *searchable* when its request row is in the index and its words are in the full-text table, which is what
            the reviewer list and search read; the index is read every 100 ms (read-only, beside the host), so times are good to
            about 0.1 s. Latency is from the end of the letter's upload to the first read that finds it. Peak memory is the host
            process's VmHWM (the kernel's peak resident set, read every 100 ms){(Faults ? ", the largest of any host process in the run" : string.Empty)};
            Tesseract runs inside the host, so OCR memory is included. pdftoppm, which renders scanned PDF pages, is a separate
            process: its largest resident set is sampled from /proc every 20 ms. Azurite's node process is not counted.


            """);

        text.Append(Invariant, $"""
            | Figure | Value |
            |---|---|
            | letters searchable | {Timings.Searchable:N0} of {Letters.Count:N0} |
            | first upload to last letter searchable | {Timings.Seconds:0.0} s |
            | **letters per second** | **{Timings.LettersPerSecond:0.0}** |
            | all uploads done after | {(Timings.LastUploadDone - Timings.FirstUploadStart).TotalSeconds:0.0} s |
            | **upload to searchable, p50 / p95 / max (all letters)** | **{Latency(Timings.AllLatencies.Order().ToList())}** |

            """);
        foreach (var (kind, values) in Timings.LatencySeconds.OrderBy(k => k.Key))
        {
            text.Append(Invariant, $"| &nbsp;&nbsp;{KindName(kind)} ({values.Length}), p50 / p95 / max | {Latency(values)} |\n");
        }

        text.Append(Invariant, $"""
            | **host peak resident memory (VmHWM)** | **{HostPeakMegabytes:0} MB** |
            | largest pdftoppm / tesseract helper process | {HelperPeakMegabytes:0} MB |
            | host CPU time (user + system) | {HostCpuSeconds:0} s, {HostCpuSeconds / Timings.Seconds:0.00} cores on average |

            """);

        if (Faults)
        {
            text.Append(Invariant, $"""

                ## Faults

                Each fault happens once the given share of letters is searchable. A killed host (SIGKILL: no chance to finish,
                save or release anything) is started again at once; Azurite is stopped with SIGTERM (it saves its state, as on
                a restart) and started on the same ports and data folder, while the host keeps running and must reconnect.
                "Back" is from the fault to the host (or Azurite) serving again; "moving" is from the fault to the next letter
                becoming searchable.

                | Fault | at | searchable then | back after | moving again after |
                |---|---|---|---|---|

                """);
            foreach (var fault in Events)
            {
                text.Append(Invariant, $"| {(fault.Kind == FaultKind.KillHost ? "host killed (SIGKILL), restarted" : "Azurite restarted")} | {fault.At.TotalSeconds:0.0} s | {fault.Searchable} | {Seconds(fault.Back)} | {Seconds(fault.Moving)} |\n");
            }
        }

        text.Append(Invariant, $"""

            ## Counted at the end

            After the last letter was searchable and the stage queues were empty, the host was stopped and the index and
            storage were counted.

            | Count | Value |
            |---|---|
            | letters in the index exactly once (one request row, one search row) | {Census.Once:N0} of {Census.Expected:N0} |
            | request rows / search rows in the index | {Census.IndexRows:N0} / {Census.FtsRows:N0} |
            | letters missing / in the index more than once / requests never uploaded | {Census.Missing.Count} / {Census.Doubled.Count} / {Census.Extra.Count} |
            | requests listing themselves as a duplicate | {Census.SelfDuplicates.Count} |
            | messages left in {string.Join(", ", Census.QueueMessages.Keys)} | {string.Join(", ", Census.QueueMessages.Values)} |
            | letters in quarantine | {Census.Quarantined} |
            | intake blobs not marked as ingested | {Census.UnmarkedIntake} |
            | extracted / requests blobs | {Census.ExtractedBlobs:N0} / {Census.RequestBlobs:N0} |

            **{Verdict()}**

            """);
        text.Append(Invariant, $"""

            ## The host's log

            {Log.Warnings} warnings and {Log.Errors} errors{(Log.Kinds.Count == 0 ? "." : ", by kind (digits shown as #):")}

            """);
        foreach (var (line, times) in Log.Kinds)
        {
            text.Append(Invariant, $"- {times} x `{line}`\n");
        }

        return text.ToString();
    }

    private static double Mean(IReadOnlyList<double> values) => values.Count == 0 ? double.NaN : values.Average();

    private static string KindName(LetterKind kind) => kind switch
    {
        LetterKind.Text => "plain text",
        LetterKind.Email => "emails",
        _ => "scans (OCR)",
    };

    private static string Latency(IReadOnlyList<double> sorted) => string.Create(Invariant,
        $"{Timings.Percentile(sorted, 50):0.0} s / {Timings.Percentile(sorted, 95):0.0} s / {(sorted.Count == 0 ? double.NaN : sorted[^1]):0.0} s");

    private static string Seconds(TimeSpan? span) => span is { } s ? string.Create(Invariant, $"{s.TotalSeconds:0.0} s") : "never";

    private static string AzuriteVersion()
    {
        var manifest = Path.Combine(Environment.CurrentDirectory, "node_modules", "azurite", "package.json");
        if (!File.Exists(manifest))
        {
            return "unknown";
        }

        using var document = JsonDocument.Parse(File.ReadAllText(manifest));
        return document.RootElement.GetProperty("version").GetString() ?? "unknown";
    }
}
