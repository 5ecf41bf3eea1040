using System.Diagnostics;
using FoiPipeline.Intake;
using FoiPipeline.Intake.Pdf;
using FoiPipeline.Ocr;
using FoiPipeline.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FoiPipeline.UnitTests.Intake;

/// <summary>
/// The whole-letter time limit and what a reader's failure becomes. The OCR engine here stands in for a
/// native library that hangs or throws (which real Tesseract cannot be made to do on demand); the
/// extractor, its limits and the image checks before OCR are the real ones.
/// </summary>
public sealed class ExtractionLimitTests : IDisposable
{
    // A valid 1 x 1 grey PNG: passes the header checks, so the extractor hands it to OCR.
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGP4DwABAQEAWk1v8QAAAABJRU5ErkJggg==");

    private readonly ManualResetEventSlim _release = new();

    public void Dispose()
    {
        _release.Set();
        _release.Dispose();
    }

    private static DocumentExtractor Extractor(IOcrEngine ocr, int maxSeconds = 1) => new(
        ocr,
        new Poppler(null, TimeSpan.FromSeconds(60)),
        Options.Create(new PipelineOptions { Intake = new IntakeLimits { MaxSeconds = maxSeconds } }),
        Options.Create(new OcrOptions()),
        NullLogger<DocumentExtractor>.Instance);

    [Fact]
    public async Task An_ocr_engine_that_never_returns_cannot_hold_the_letter_past_its_time_limit()
    {
        // The engine blocks its thread and ignores the token, as a native call does; it would block for a minute.
        var stuck = new StuckEngine(_release);
        var clock = Stopwatch.StartNew();

        var outcome = await Extractor(stuck, maxSeconds: 1).ExtractAsync(Png, "scan.png", CancellationToken.None);

        clock.Stop();
        Assert.True(stuck.Entered.IsSet, "the engine should have been reached");
        Assert.Equal(QuarantineCode.TimedOut, outcome.Failure?.Code);
        Assert.Contains("longer than the 1 s allowed", outcome.Failure!.Reason);
        Assert.Contains("FoiPipeline:Intake:MaxSeconds", outcome.Failure.Hint);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"returned after {clock.Elapsed}, not at the 1 s limit");
    }

    [Fact]
    public async Task A_host_shutting_down_is_not_taken_for_the_letter_running_out_of_time()
    {
        var stuck = new StuckEngine(_release);
        using var shutdown = new CancellationTokenSource();
        var extracting = Extractor(stuck, maxSeconds: 600).ExtractAsync(Png, "scan.png", shutdown.Token);
        Assert.True(stuck.Entered.Wait(TimeSpan.FromSeconds(30)), "the engine should have been reached");

        await shutdown.CancelAsync();

        // Rethrown, so the letter stays in intake and is read again when a host is back; never quarantined.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => extracting);
    }

    [Fact]
    public async Task A_reader_that_throws_on_a_file_quarantines_it_with_the_error_instead_of_retrying_forever()
    {
        var outcome = await Extractor(new ThrowingEngine(new InvalidOperationException("index 7 is outside the strip table"))).ExtractAsync(Png, "scan.png", CancellationToken.None);

        Assert.Equal(QuarantineCode.ReaderFailed, outcome.Failure?.Code);
        Assert.Contains("InvalidOperationException: index 7 is outside the strip table", outcome.Failure!.Reason);
        Assert.Contains("replay it from quarantine", outcome.Failure.Hint);
    }

    [Theory]
    [InlineData("http")]
    [InlineData("disk")]
    [InlineData("ocr-service")]
    public async Task A_failure_outside_the_letter_is_thrown_so_the_stage_is_retried(string what)
    {
        Exception error = what switch
        {
            "http" => new HttpRequestException("connection refused"),
            "disk" => new IOException("No space left on device"),
            _ => new OcrException("The service is unavailable (503).", isTransient: true),
        };

        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => Extractor(new ThrowingEngine(error)).ExtractAsync(Png, "scan.png", CancellationToken.None));

        Assert.Same(error, thrown);
    }

    private sealed class StuckEngine(ManualResetEventSlim release) : IOcrEngine
    {
        public ManualResetEventSlim Entered { get; } = new();

        public string Method => "ocr-stuck";

        public bool AcceptsPdf => false;

        public OcrInputFormat PageFormat => OcrInputFormat.Png;

        public Task<OcrResult> RecognizeAsync(OcrInput input, CancellationToken cancellationToken)
        {
            Entered.Set();
            release.Wait(TimeSpan.FromMinutes(1), CancellationToken.None);
            return Task.FromResult(new OcrResult([], Method));
        }
    }

    private sealed class ThrowingEngine(Exception error) : IOcrEngine
    {
        public string Method => "ocr-throwing";

        public bool AcceptsPdf => false;

        public OcrInputFormat PageFormat => OcrInputFormat.Png;

        public Task<OcrResult> RecognizeAsync(OcrInput input, CancellationToken cancellationToken) => throw error;
    }
}
