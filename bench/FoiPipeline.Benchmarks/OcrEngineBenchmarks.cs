using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FoiPipeline.Ocr;
using FoiPipeline.Ocr.Tesseract;
using FoiPipeline.TestFixtures;
using Microsoft.Extensions.Logging.Abstractions;

namespace FoiPipeline.Benchmarks;

/// <summary>
/// Local OCR throughput: the same scanned A4 pages (300 dpi, office-scan degradation) read by libtesseract
/// in this process and by one tesseract process per page, one page at a time and four pages two at a time
/// (this machine's two cores). The extra column turns the mean into pages per second.
/// </summary>
[Config(typeof(Config))]
public class OcrEngineBenchmarks
{
    private IOcrEngine _engine = null!;
    private List<byte[]> _pages = [];

    [Params(OcrEngines.Tesseract, OcrEngines.TesseractCli)]
    public string Engine { get; set; } = OcrEngines.Tesseract;

    [GlobalSetup]
    public void Setup()
    {
        var letter = string.Join("\n\n", Letters.MultiPage.Select(l => l.Text));
        _pages = Scans.CreateAsync(letter, dpi: 300, seed: 7).GetAwaiter().GetResult().PngPages.Take(4).ToList();
        var options = new TesseractOptions { MaxConcurrency = 2 };
        _engine = Engine == OcrEngines.TesseractCli
            ? new TesseractCliEngine(options, NullLogger<TesseractCliEngine>.Instance)
            : new TesseractLibraryEngine(options, NullLogger<TesseractLibraryEngine>.Instance);

        // The in-process engine loads its model on first use; do that here, not in the first measurement.
        _engine.RecognizeAsync(new OcrInput(_pages[0], OcrInputFormat.Png), CancellationToken.None).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => (_engine as IDisposable)?.Dispose();

    [Benchmark(Description = "1 page")]
    public Task<OcrResult> OnePage() => _engine.RecognizeAsync(new OcrInput(_pages[0], OcrInputFormat.Png), CancellationToken.None);

    [Benchmark(Description = "4 pages, 2 at a time")]
    public Task<OcrResult[]> FourPages() => Task.WhenAll(_pages.Select(page => _engine.RecognizeAsync(new OcrInput(page, OcrInputFormat.Png), CancellationToken.None)));

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            // In-process: the measured code, native library included, runs in the benchmark process itself.
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(6).WithInvocationCount(1).WithUnrollFactor(1));
            AddColumn(new PagesPerSecond());
            AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default);
            WithOptions(ConfigOptions.DisableOptimizationsValidator);
        }
    }

    private sealed class PagesPerSecond : IColumn
    {
        public string Id => nameof(PagesPerSecond);

        public string ColumnName => "Pages/s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Pages recognised per second (pages in the operation / mean time)";

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var report = summary[benchmarkCase];
            if (report?.ResultStatistics is not { } statistics)
            {
                return "-";
            }

            var pages = benchmarkCase.Descriptor.WorkloadMethod.Name == nameof(FourPages) ? 4 : 1;
            return (pages / (statistics.Mean / 1e9)).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
