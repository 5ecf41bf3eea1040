using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FoiPipeline.Analysis;
using FoiPipeline.Analysis.Duplicates;
using FoiPipeline.Analysis.Flags;
using FoiPipeline.Analysis.Layout;
using FoiPipeline.Analysis.Questions;
using FoiPipeline.Analysis.Themes;
using FoiPipeline.Deadlines;
using FoiPipeline.Intake;
using FoiPipeline.Intake.Email;

namespace FoiPipeline.Benchmarks;

/// <summary>
/// The letter analyzer on letters of about 1 KB, 5 KB and 50 KB (<see cref="AnalyzerLetters"/>): the whole
/// <see cref="LetterAnalyzer.Analyze"/>, single-threaded, so operations per second are letters per second per
/// core; and each of its stages on its own, fed the same inputs <see cref="LetterAnalyzer.Read"/> gives it, so
/// the report can say where the time goes. The fingerprint is not part of Analyze (the analyze stage takes it
/// when it looks for duplicates) and is measured beside it.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class AnalyzerBenchmarks
{
    private LetterAnalyzer _analyzer = null!;
    private ThemeTagger _tagger = null!;
    private HandlingAdvisor _advisor = null!;
    private ExtractedDocument _document = null!;
    private string _text = string.Empty;
    private LetterLayout _layout = null!;
    private QuestionSplit _split = null!;
    private IReadOnlyList<ThemeEvidence> _evidence = [];
    private List<(int Start, int End)> _scored = [];
    private IReadOnlyList<ThemeTag> _themes = [];
    private IReadOnlyList<RequestFlag> _flags = [];
    private DateOnly _received;

    [Params(AnalyzerLetters.OneKb, AnalyzerLetters.FiveKb, AnalyzerLetters.FiftyKb)]
    public string Size { get; set; } = AnalyzerLetters.OneKb;

    private static bool s_warm;

    [GlobalSetup]
    public void Setup()
    {
        WarmUpOnce();

        // The analyzer's own parts, built as LetterAnalyzer.WithDefaults builds them.
        _analyzer = LetterAnalyzer.WithDefaults();
        _tagger = new ThemeTagger(ThemeTaxonomy.Embedded);
        _advisor = new HandlingAdvisor(ThemeTaxonomy.Embedded, ReferralRules.Embedded);

        _document = AnalyzerLetters.Document(Size);
        _text = _document.Text;
        _layout = LetterLayout.Of(_document);
        if (!_layout.HasRequest)
        {
            throw new InvalidOperationException($"The {Size} letter has no request: the stage inputs below assume one.");
        }

        _split = QuestionSplitter.Split(_text, _layout.RequestSpans);
        _scored = [.. _layout.Regions.Where(r => r.Kind == RegionKind.Title).Select(r => (r.Start, r.End)), .. _layout.RequestSpans];
        _evidence = _tagger.FindEvidence(_text);
        _themes = _tagger.Score(_text, _evidence, _scored);
        _received = StatutoryClock.UkDate(_document.ReceivedAt);
        _flags = RequestFlagger.Flag(_text, _layout.RequestSpans, _split, _layout.HasRequest, _received);
    }

    // The analyze stage is a long-running host, so the figure wanted is the steady state. The first benchmark of
    // the run would otherwise pay for tiering up the whole analyzer (hundreds of methods, the generated regexes
    // among them), which on a busy machine went on for seconds and left the first 1 KB figures several times too
    // slow. So: run every letter until the JIT has compiled nothing new for a second (at least 3 s, at most 30 s).
    private static void WarmUpOnce()
    {
        if (s_warm)
        {
            return;
        }

        var analyzer = LetterAnalyzer.WithDefaults();
        var documents = AnalyzerLetters.Sizes.Select(AnalyzerLetters.Document).ToList();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        var quietSince = TimeSpan.Zero;
        while (clock.Elapsed < TimeSpan.FromSeconds(30) && (clock.Elapsed < TimeSpan.FromSeconds(3) || clock.Elapsed - quietSince < TimeSpan.FromSeconds(1)))
        {
            foreach (var document in documents)
            {
                var reading = analyzer.Read(document);
                analyzer.Conclude(reading, []);
                MinHasher.ComputeForRequest(document.Text, reading.RequestSpans);
            }

            if (System.Runtime.JitInfo.GetCompiledMethodCount() is var now && now != compiled)
            {
                (compiled, quietSince) = (now, clock.Elapsed);
            }
        }

        Console.WriteLine($"// Warmed up the analyzer for {clock.Elapsed.TotalSeconds:0.0} s ({compiled} methods compiled).");
        s_warm = true;
    }

    [Benchmark(Baseline = true, Description = "Analyze")]
    public LetterAnalysis Analyze() => _analyzer.Analyze(_document);

    /// <summary>Where the request is: regions, title, reference, sign-off. For plain text this includes finding quoted replies.</summary>
    [Benchmark(Description = "layout")]
    public LetterLayout Layout() => LetterLayout.Of(_document);

    /// <summary>Part of <see cref="Layout"/> for a letter that is not an email (an email's marks are found at ingest).</summary>
    [Benchmark(Description = "reply marks (part of layout)")]
    public IReadOnlyList<TextMark> ReplyMarks() => Intake.Email.ReplyMarks.Find(_text);

    [Benchmark(Description = "questions")]
    public QuestionSplit Questions() => QuestionSplitter.Split(_text, _layout.RequestSpans);

    /// <summary>Phrase and pattern matches over the whole text, once per letter.</summary>
    [Benchmark(Description = "theme evidence")]
    public IReadOnlyList<ThemeEvidence> ThemeEvidence() => _tagger.FindEvidence(_text);

    /// <summary>Scoring the evidence for the request and then for each question (with its lead-in), as Read does.</summary>
    [Benchmark(Description = "theme scoring")]
    public int ThemeScoring()
    {
        var tags = _tagger.Score(_text, _evidence, _scored).Count;
        for (var i = 0; i < _split.Questions.Count; i++)
        {
            var question = _split.Questions[i];
            IReadOnlyList<(int, int)> spans = _split.LeadIns[i] is { } leadIn ? [(question.Start, question.End), leadIn] : [(question.Start, question.End)];
            string[] ids = [.. _tagger.Score(_text, _evidence, spans).Select(t => t.Id)];
            tags += ids.Length;
        }

        return tags;
    }

    [Benchmark(Description = "flags")]
    public IReadOnlyList<RequestFlag> Flags() => RequestFlagger.Flag(_text, _layout.RequestSpans, _split, _layout.HasRequest, _received);

    [Benchmark(Description = "requester")]
    public Requester Requester() => RequesterFinder.Find(_text, _layout, _document.Email);

    /// <summary>Sensitivity, referrals (the referral table's phrase patterns over the request) and exemptions.</summary>
    [Benchmark(Description = "handling")]
    public Handling Handling() => _advisor.Decide(_text, _layout.RequestSpans, _themes, _flags);

    /// <summary>Not part of Analyze: the MinHash signature the analyze stage looks duplicates up with.</summary>
    [Benchmark(Description = "fingerprint (outside Analyze)")]
    public MinHashSignature Fingerprint() => MinHasher.ComputeForRequest(_text, _layout.RequestSpans);

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            // In-process, so the run's CPU time is this process's and the report can tell how busy the rest of the
            // machine was. A quarter-second iteration holds thousands of 1 KB letters and dozens of 50 KB ones;
            // 3 warm-ups and 10 iterations keep the whole run near three minutes on two cores.
            AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(10)
                .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250)));
            WithOptions(ConfigOptions.DisableOptimizationsValidator);
        }
    }
}
