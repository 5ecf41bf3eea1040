using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using FoiPipeline.Analysis;
using FoiPipeline.Analysis.Layout;
using FoiPipeline.Analysis.Themes;

namespace FoiPipeline.Benchmarks;

/// <summary>
/// Runs <see cref="AnalyzerBenchmarks"/> and writes its figures as one results file: letters per second per core
/// and allocation for each size, the time of each stage, the letters themselves, and how busy the machine was
/// (other processes' share of the CPU, from /proc/stat less this process's own time), so a run on a busy
/// machine is marked provisional rather than passed off as the figure.
/// </summary>
internal static class AnalyzerRun
{
    /// <summary>Other processes, or the hypervisor, taking this many cores on average makes the figures provisional.</summary>
    private const double BusyCores = 0.1;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    // Report rows, in the order Read runs them: the benchmark's method name, the row's name, what it runs, and a call to it.
    private static readonly (string Method, string Stage, string What, Func<AnalyzerBenchmarks, object> Run)[] Stages =
    [
        (nameof(AnalyzerBenchmarks.Layout), "layout", "`LetterLayout.Of`: chrome, title, salutation, sign-off, request spans", b => b.Layout()),
        (nameof(AnalyzerBenchmarks.ReplyMarks), "&nbsp;&nbsp;of which reply marks", "`ReplyMarks.Find`, run by layout for a letter that is not an email", b => b.ReplyMarks()),
        (nameof(AnalyzerBenchmarks.Questions), "questions", "`QuestionSplitter.Split` over the request spans", b => b.Questions()),
        (nameof(AnalyzerBenchmarks.ThemeEvidence), "theme evidence", "`ThemeTagger.FindEvidence` over the whole text", b => b.ThemeEvidence()),
        (nameof(AnalyzerBenchmarks.ThemeScoring), "theme scoring", "`ThemeTagger.Score` for the request, then for each question", b => b.ThemeScoring()),
        (nameof(AnalyzerBenchmarks.Flags), "flags", "`RequestFlagger.Flag`", b => b.Flags()),
        (nameof(AnalyzerBenchmarks.Requester), "requester", "`RequesterFinder.Find`", b => b.Requester()),
        (nameof(AnalyzerBenchmarks.Handling), "handling", "`HandlingAdvisor.Decide` (in `Conclude`)", b => b.Handling()),
    ];

    private static readonly (string Name, Func<AnalyzerBenchmarks, object> Run)[] Runners =
    [
        (nameof(AnalyzerBenchmarks.Analyze), b => b.Analyze()),
        .. Stages.Select(s => (s.Method, s.Run)),
        (nameof(AnalyzerBenchmarks.Fingerprint), b => b.Fingerprint()),
    ];

    public static int Run(string[] args)
    {
        var output = Option(args, "--out", out var rest);
        var load = MachineLoad.Start();
        var summary = BenchmarkRunner.Run<AnalyzerBenchmarks>(args: rest);
        if (output is not null)
        {
            Console.WriteLine("Measuring thread CPU time per letter, stages interleaved...");
            var cpu = AnalyzerLetters.Sizes.ToDictionary(size => size, size => AnalyzerCpuTime.Measure(size, Runners));
            File.WriteAllText(output, Report(summary, cpu, load.Stop()));
            Console.WriteLine($"Wrote {output}");
        }

        return summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success) ? 1 : 0;
    }

    public static int WriteLetters(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var size in AnalyzerLetters.Sizes)
        {
            var path = Path.Combine(directory, $"letter-{size.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant()}.txt");
            File.WriteAllText(path, AnalyzerLetters.Text(size));
            Console.WriteLine(path);
        }

        return 0;
    }

    private static string Report(Summary summary, Dictionary<string, Dictionary<string, double>> cpu, MachineLoad.Usage busy)
    {
        var sizes = AnalyzerLetters.Sizes;
        var mean = (string method, string size) => Cell(summary, method, size)?.ResultStatistics?.Mean;
        var allocated = (string method, string size) => Cell(summary, method, size) is { } report ? report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) : null;
        var analyze = nameof(AnalyzerBenchmarks.Analyze);
        var fingerprint = nameof(AnalyzerBenchmarks.Fingerprint);

        var md = new StringBuilder();
        md.Append(Invariant, $"""
            # The letter analyzer: letters per second per core

            Written by `bench/run.sh analyzer` on {DateTime.UtcNow:yyyy-MM-dd}: {Environment.ProcessorCount} cores ({CpuName()}), {TotalMemoryGigabytes():0} GiB,
            {RuntimeInformation.OSDescription}, .NET {Environment.Version}. BenchmarkDotNet, in-process, one thread: one operation is
            one letter, so operations per second are letters per second per core. Each letter is read once by the real
            extractor (as plain text, received {AnalyzerLetters.Received:yyyy-MM-dd}) before measuring; only analysis is timed.


            """);
        var others = string.Create(Invariant, $"other processes used on average {busy.OtherCores:0.00} of the {Environment.ProcessorCount} cores during the run and the hypervisor took {busy.StolenCores:0.00} (steal); load average {busy.LoadBefore:0.00} before, {busy.LoadAfter:0.00} after");
        md.Append(busy.OtherCores >= BusyCores || busy.StolenCores >= BusyCores
            ? $"**Provisional: the machine was busy.** {char.ToUpperInvariant(others[0])}{others[1..]}. These figures are likely slower and noisier than on an idle machine: re-run `bench/run.sh analyzer` on an idle one before quoting them.\n\n"
            : $"The machine was otherwise idle: {others}.\n\n");

        md.Append("""
            ## Whole letter

            `LetterAnalyzer.Analyze` (Read, then Conclude with no duplicates), timed by BenchmarkDotNet. Letters/s per core is
            one second over the mean. "With fingerprint" adds the MinHash signature the analyze stage also takes to look up
            duplicates: the per-letter cost of the stage before any storage. The last two columns are this thread's CPU time
            per letter (median of interleaved rounds, see below), which leaves out time spent waiting for a core: on a
            busy machine they are the better estimate of what a core can do; on an idle one they are close to the mean.

            | Size | Mean | Median | Letters/s per core | Allocated per letter | Letters/s with fingerprint | CPU time per letter | Letters per CPU-second |
            |---|---:|---:|---:|---:|---:|---:|---:|

            """);
        foreach (var size in sizes)
        {
            var whole = mean(analyze, size);
            var withFingerprint = whole + mean(fingerprint, size);
            var median = Cell(summary, analyze, size)?.ResultStatistics?.Median;
            var cpuWhole = cpu[size][analyze] * 1000;
            md.Append(Invariant, $"| {size} | {Time(whole)} | {Time(median)} | {PerSecond(whole)} | {Bytes(allocated(analyze, size))} | {PerSecond(withFingerprint)} | {Time(cpuWhole)} | {PerSecond(cpuWhole)} |\n");
        }

        md.Append("""

            ## Where the time goes

            Each stage run on its own over the same letter, with the inputs `LetterAnalyzer.Read` gives it, and in brackets
            its share of the whole Analyze. "The rest" is Analyze less the stages: subject, due date, building the result,
            joining the request text, and whatever running every stage in turn costs over running one in a tight loop
            (colder caches for the analyzer's many regular expressions). The shares need not add up exactly: the stages
            are timed separately.

            BenchmarkDotNet's mean (wall clock):


            """);
        StageTable(md, sizes, (method, size) => mean(method, size));
        md.Append("""

            This thread's CPU time, the stages and Analyze run in turn over the same letter, round after round (median of
            9 rounds after 2 warm-up rounds): every stage under the same conditions, waiting for a core left out.


            """);
        StageTable(md, sizes, (method, size) => cpu[size].TryGetValue(method, out var microseconds) ? microseconds * 1000 : null);

        md.Append("\nAllocated per letter, by stage:\n\n| Stage | ").AppendJoin(" | ", sizes).Append(" |\n|---|").Append(string.Concat(sizes.Select(_ => "---:|"))).Append('\n');
        foreach (var (method, stage) in Stages.Select(s => (s.Method, s.Stage)).Prepend((analyze, "**Analyze**")).Append((fingerprint, "fingerprint")))
        {
            md.Append(Invariant, $"| {stage} | ").AppendJoin(" | ", sizes.Select(size => Bytes(allocated(method, size)))).Append(" |\n");
        }

        md.Append("\n## The letters\n\nWhat the analyzer finds in each (one run, before measuring):\n\n");
        md.Append("| Size | Characters | Lines | Request characters | Questions | Theme evidence | Themes | Flags |\n|---|---:|---:|---:|---:|---:|---|---|\n");
        var analyzer = LetterAnalyzer.WithDefaults();
        var tagger = new ThemeTagger(ThemeTaxonomy.Embedded);
        foreach (var size in sizes)
        {
            var document = AnalyzerLetters.Document(size);
            var analysis = analyzer.Analyze(document);
            var layout = LetterLayout.Of(document);
            md.Append(Invariant, $"| {size} | {document.Text.Length:N0} | {document.Text.Count(c => c == '\n') + 1:N0} | {layout.RequestSpans.Sum(s => s.End - s.Start):N0} | {analysis.Questions.Count} | {tagger.FindEvidence(document.Text).Count} | {string.Join(", ", analysis.Themes.Select(t => t.Id))} | {string.Join(", ", analysis.Flags.Select(f => f.Id).Distinct())} |\n");
        }

        md.Append("\nHow each was made, from `tests/gold` (copied beside the benchmark by its project file; `AnalyzerLetters.cs`):\n\n");
        foreach (var size in sizes)
        {
            md.Append(Invariant, $"- **{size}**: {AnalyzerLetters.HowComposed(size)}\n");
        }

        md.Append("\n## BenchmarkDotNet's own table\n\nWith the error and spread of each mean.\n\n");
        var github = Path.Combine(summary.ResultsDirectoryPath, $"{typeof(AnalyzerBenchmarks).FullName}-report-github.md");
        md.Append(File.Exists(github) ? File.ReadAllText(github).TrimEnd() + "\n" : "(not written: see BenchmarkDotNet's output)\n");
        return md.ToString();
    }

    // One row per stage, one column per size: the time and its share of Analyze; then the rest, Analyze and the fingerprint.
    private static void StageTable(StringBuilder md, IReadOnlyList<string> sizes, Func<string, string, double?> nanoseconds)
    {
        var analyze = nameof(AnalyzerBenchmarks.Analyze);
        md.Append("| Stage | What it runs | ").AppendJoin(" | ", sizes).Append(" |\n|---|---|").Append(string.Concat(sizes.Select(_ => "---:|"))).Append('\n');
        foreach (var (method, stage, what, _) in Stages)
        {
            md.Append(Invariant, $"| {stage} | {what} | ").AppendJoin(" | ", sizes.Select(size => Share(nanoseconds(method, size), nanoseconds(analyze, size)))).Append(" |\n");
        }

        md.Append("| the rest | Analyze less the stages above (reply marks counted once, in layout) | ").AppendJoin(" | ", sizes.Select(size =>
        {
            var stages = Stages.Where(s => s.Method != nameof(AnalyzerBenchmarks.ReplyMarks)).Select(s => nanoseconds(s.Method, size)).ToList();
            var whole = nanoseconds(analyze, size);
            return stages.Any(s => s is null) || whole is null ? "-" : Share(Math.Max(0, whole.Value - stages.Sum(s => s!.Value)), whole);
        })).Append(" |\n");
        md.Append("| **Analyze** | | ").AppendJoin(" | ", sizes.Select(size => $"**{Time(nanoseconds(analyze, size))}**")).Append(" |\n");
        md.Append("| fingerprint | `MinHasher.ComputeForRequest` over the request spans; outside Analyze | ")
            .AppendJoin(" | ", sizes.Select(size => Share(nanoseconds(nameof(AnalyzerBenchmarks.Fingerprint), size), nanoseconds(analyze, size)))).Append(" |\n");
    }

    private static BenchmarkReport? Cell(Summary summary, string method, string size)
        => summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method
            && Equals(r.BenchmarkCase.Parameters["Size"], size) && r.ResultStatistics is not null);

    // Nanoseconds as microseconds, to three significant figures or whole microseconds.
    private static string Time(double? nanoseconds) => nanoseconds switch
    {
        null => "-",
        < 10_000 => string.Create(Invariant, $"{nanoseconds / 1000:0.00} µs"),
        < 100_000 => string.Create(Invariant, $"{nanoseconds / 1000:0.0} µs"),
        _ => string.Create(Invariant, $"{nanoseconds / 1000:N0} µs"),
    };

    private static string PerSecond(double? nanoseconds) => nanoseconds is { } ns ? string.Create(Invariant, $"{1e9 / ns:N0}") : "-";

    private static string Share(double? nanoseconds, double? whole)
        => nanoseconds is null ? "-" : whole is { } w ? string.Create(Invariant, $"{Time(nanoseconds)} ({nanoseconds / w:P0})") : Time(nanoseconds);

    private static string Bytes(long? bytes) => bytes switch
    {
        null => "-",
        < 10 * 1024 => string.Create(Invariant, $"{bytes / 1024.0:0.0} KB"),
        _ => string.Create(Invariant, $"{bytes / 1024.0:N0} KB"),
    };

    private static string? Option(string[] args, string name, out string[] rest)
    {
        var index = Array.IndexOf(args, name);
        if (index < 0 || index + 1 >= args.Length)
        {
            rest = args;
            return null;
        }

        rest = [.. args[..index], .. args[(index + 2)..]];
        return args[index + 1];
    }

    private static string CpuName() => File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";

    private static double TotalMemoryGigabytes() => double.Parse(File.ReadLines("/proc/meminfo").First().Split(':')[1].Trim().Split(' ')[0], Invariant) / 1024 / 1024;

    /// <summary>
    /// How much CPU the rest of the machine took while this process ran: /proc/stat's busy time less this process's
    /// own, and the time the hypervisor gave this machine's cores to other machines (steal).
    /// </summary>
    private sealed class MachineLoad
    {
        // /proc/stat counts in USER_HZ, which is 100 on every Linux the project runs on.
        private const double TicksPerSecond = 100;

        private readonly (long Busy, long Steal) _ticks;
        private readonly TimeSpan _ownCpu;
        private readonly DateTime _wall;
        private readonly double _loadBefore;

        private MachineLoad((long Busy, long Steal) ticks, TimeSpan ownCpu, DateTime wall, double loadBefore)
            => (_ticks, _ownCpu, _wall, _loadBefore) = (ticks, ownCpu, wall, loadBefore);

        public sealed record Usage(double OtherCores, double StolenCores, double LoadBefore, double LoadAfter);

        public static MachineLoad Start() => new(Ticks(), Environment.CpuUsage.TotalTime, DateTime.UtcNow, LoadAverage());

        public Usage Stop()
        {
            var seconds = (DateTime.UtcNow - _wall).TotalSeconds;
            var ticks = Ticks();
            var machine = (ticks.Busy - _ticks.Busy) / TicksPerSecond;
            var own = (Environment.CpuUsage.TotalTime - _ownCpu).TotalSeconds;
            return new Usage(Math.Max(0, machine - own) / seconds, (ticks.Steal - _ticks.Steal) / TicksPerSecond / seconds, _loadBefore, LoadAverage());
        }

        // The first line of /proc/stat: "cpu user nice system idle iowait irq softirq steal ..."; busy is
        // user + nice + system + irq + softirq (guest time is already inside user).
        private static (long Busy, long Steal) Ticks()
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..].Select(f => long.Parse(f, Invariant)).ToArray();
            return (fields[0] + fields[1] + fields[2] + fields[5] + fields[6], fields[7]);
        }

        private static double LoadAverage() => double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], Invariant);
    }
}
