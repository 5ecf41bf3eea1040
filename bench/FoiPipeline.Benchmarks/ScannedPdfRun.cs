using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using FoiPipeline.Intake;
using FoiPipeline.Intake.Pdf;
using FoiPipeline.Ocr;
using FoiPipeline.Ocr.Tesseract;
using FoiPipeline.Pipeline;
using FoiPipeline.TestFixtures;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FoiPipeline.Benchmarks;

/// <summary>
/// A 50-page scanned letter bundle (300 dpi grey pages, office-scan degradation, JPEG-compressed as a scanner
/// writes them) read by the real extractor: poppler renders each page, Tesseract reads it. Reports pages per
/// second and peak memory of this process and of the largest helper process (pdftoppm, or tesseract for the
/// CLI engine), sampled from /proc. The PDF is made by a separate run first (make-pdf), so that making it
/// does not count towards the measured peaks.
/// </summary>
internal static class ScannedPdfRun
{
    private const int PageCount = 50;

    public static async Task<int> MakePdfAsync(string path)
    {
        var text = string.Join("\n\n", Enumerable.Repeat(Letters.All.Concat(Letters.MultiPage), 20).SelectMany(l => l).Select(l => l.Text));
        var pageTexts = PdfFixtures.Paginate(text).Take(PageCount).ToList();
        var pages = new List<GrayImage>(PageCount);
        foreach (var (pageText, index) in pageTexts.Select((t, i) => (t, i)))
        {
            var clean = await Raster.RenderAsync(PdfFixtures.TextPdf([pageText]), 300);
            pages.Add(ScanEffects.Degrade(clean[0], seed: 100 + index));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllBytesAsync(path, await PdfFixtures.JpegImagePdfAsync(pages, quality: 75));
        await File.WriteAllTextAsync(path + ".txt", string.Join("\n\n", pageTexts));
        Console.Error.WriteLine($"Wrote {pages.Count} scanned pages to {path} ({new FileInfo(path).Length / 1024 / 1024} MB)");
        return 0;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var engineName = Option(args, "--engine") ?? OcrEngines.Tesseract;
        var output = Option(args, "--out");
        var pdfPath = Option(args, "--pdf") ?? Path.Combine(Path.GetTempPath(), "foipipeline-bench", "scanned-50.pdf");
        if (!File.Exists(pdfPath))
        {
            Console.Error.WriteLine($"No scanned PDF at {pdfPath}: run make-pdf first (bench/run.sh does).");
            return 2;
        }

        var pdf = await File.ReadAllBytesAsync(pdfPath);
        var expected = await File.ReadAllTextAsync(pdfPath + ".txt");
        ResetPeakMemory();

        var tesseract = new TesseractOptions { MaxConcurrency = Environment.ProcessorCount };
        IOcrEngine engine = engineName == OcrEngines.TesseractCli
            ? new TesseractCliEngine(tesseract, NullLogger<TesseractCliEngine>.Instance)
            : new TesseractLibraryEngine(tesseract, NullLogger<TesseractLibraryEngine>.Instance);
        var extractor = new DocumentExtractor(
            engine, new Poppler(null, TimeSpan.FromMinutes(2)), Options.Create(new PipelineOptions()), Options.Create(new OcrOptions()), NullLogger<DocumentExtractor>.Instance);

        using var helpers = new HelperMemorySampler(["pdftoppm", "tesseract"]);
        var clock = Stopwatch.StartNew();
        var outcome = await extractor.ExtractAsync(pdf, "scanned-50.pdf", CancellationToken.None);
        clock.Stop();
        (engine as IDisposable)?.Dispose();

        var extraction = outcome.Extraction ?? throw new InvalidOperationException($"The scan was refused: {outcome.Failure?.Reason}");
        var pages = extraction.Parts.Count;
        var row = new Result(
            engineName,
            pages,
            clock.Elapsed.TotalSeconds,
            pages / clock.Elapsed.TotalSeconds,
            PeakResidentMegabytes(),
            helpers.PeakKilobytes / 1024.0,
            TextMetrics.CharacterErrorRate(expected, extraction.Text),
            extraction.OcrConfidence ?? 0);
        Console.WriteLine(row);
        if (output is not null)
        {
            await AppendAsync(output, row, pdf.Length);
        }

        return 0;
    }

    private sealed record Result(string Engine, int Pages, double Seconds, double PagesPerSecond, double PeakMegabytes, double ChildPeakMegabytes, double Cer, double Confidence);

    private static async Task AppendAsync(string path, Result row, long pdfBytes)
    {
        var culture = CultureInfo.InvariantCulture;
        if (!File.Exists(path))
        {
            var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
            await File.WriteAllTextAsync(path, $"""
                # A 50-page scanned PDF through the extractor

                Written by `bench/run.sh` on {DateTime.UtcNow:yyyy-MM-dd}: {Environment.ProcessorCount} cores ({cpu}), {TotalMemoryGigabytes():0} GiB,
                {RuntimeInformation.OSDescription}, .NET {Environment.Version}, Tesseract 5 (Debian), poppler pdftoppm.
                Input: {PageCount} A4 pages rendered from known text at 300 dpi and degraded like an office scan
                (slight skew, blur, noise, specks), JPEG-compressed as a scanner writes them: an image-only PDF of {pdfBytes / 1024 / 1024} MB.
                Each page is rendered by pdftoppm to a file and OCR'd, up to one page per core at a time. "Peak" is this
                process's peak resident memory (VmHWM, reset before the run); "helper peak" is the largest pdftoppm or
                tesseract process, sampled from /proc every 20 ms.

                | OCR engine | pages | seconds | pages/s | peak MB | helper peak MB | CER | mean confidence |
                |---|---|---|---|---|---|---|---|

                """.Replace("\r", string.Empty, StringComparison.Ordinal));
        }

        await File.AppendAllTextAsync(path, string.Create(
            culture, $"| {row.Engine} | {row.Pages} | {row.Seconds:0.0} | {row.PagesPerSecond:0.00} | {row.PeakMegabytes:0} | {row.ChildPeakMegabytes:0} | {row.Cer:P2} | {row.Confidence:0.000} |\n"));
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    // Writing 5 to clear_refs resets VmHWM (Linux 4.0+), so the peak covers only what follows.
    private static void ResetPeakMemory()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static double PeakResidentMegabytes() => StatusKilobytes("VmHWM") / 1024.0;

    private static double TotalMemoryGigabytes() => File.ReadLines("/proc/meminfo").First().Split(':')[1].Trim().Split(' ')[0] is var kb ? double.Parse(kb, CultureInfo.InvariantCulture) / 1024 / 1024 : 0;

    private static long StatusKilobytes(string field)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line.Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
