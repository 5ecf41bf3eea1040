using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using FoiPipeline.Intake.Images;
using Microsoft.Extensions.Logging;

namespace FoiPipeline.Ocr.Tesseract;

/// <summary>
/// Local OCR with libtesseract loaded into this process: each engine instance is initialised once (model
/// loaded, about 90 ms) and reused for every page after, instead of a process and a model load per image.
/// Tesseract engines are not thread-safe, so there is a pool of them, one per concurrent page.
/// </summary>
public sealed class TesseractLibraryEngine : IOcrEngine, IDisposable
{
    private static readonly Lazy<bool> NativeReady = new(PrepareNative);

    private readonly TesseractOptions _options;
    private readonly ILogger<TesseractLibraryEngine> _logger;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentBag<nint> _idle = [];
    private readonly ConcurrentBag<nint> _all = [];
    private bool _disposed;

    public TesseractLibraryEngine(TesseractOptions options, ILogger<TesseractLibraryEngine> logger)
    {
        _options = options;
        _logger = logger;
        _slots = new SemaphoreSlim(Math.Max(1, options.MaxConcurrency));
    }

    public string Method => "ocr-local";

    public bool AcceptsPdf => false;

    public OcrInputFormat PageFormat => OcrInputFormat.Pnm;

    public async Task<OcrResult> RecognizeAsync(OcrInput input, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (input.Format == OcrInputFormat.Pdf)
        {
            throw new OcrException("Tesseract reads images, not PDFs; render the pages first.", isTransient: false);
        }

        var pageCount = input.Format != OcrInputFormat.Tiff ? 1
            : input.Path is null ? ImageInfo.TiffPageCount(input.Content.Span)
            : ImageInfo.TiffPageCount(await File.ReadAllBytesAsync(input.Path, cancellationToken));
        if (pageCount < 1)
        {
            throw new OcrException("The TIFF image has no readable pages.", isTransient: false);
        }

        // The pages of a multi-page TIFF go to the pool together; the pool's size bounds how many run at once.
        var tsv = await Task.WhenAll(Enumerable.Range(0, pageCount).Select(index => RecognizeOneAsync(input, index, cancellationToken)));
        return new OcrResult([.. tsv.SelectMany((text, index) => TesseractTsv.Parse(text, input.FirstPageNumber + index))], Method);
    }

    private async Task<string> RecognizeOneAsync(OcrInput input, int tiffPage, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            // Recognition is CPU-bound native work that cannot be interrupted; keep it off the caller's thread.
            return await Task.Run(() => Recognize(input, tiffPage), cancellationToken);
        }
        finally
        {
            _slots.Release();
        }
    }

    private string Recognize(OcrInput input, int tiffPage)
    {
        var engine = Rent();
        var pix = nint.Zero;
        var monitor = nint.Zero;
        try
        {
            pix = Load(input, tiffPage);
            if (pix == nint.Zero)
            {
                throw new OcrException($"The {input.Format.ToString().ToUpperInvariant()} image could not be decoded; it may be truncated or corrupt.", isTransient: false);
            }

            TesseractNative.TessBaseAPISetImage2(engine, pix);
            if (TesseractNative.pixGetXRes(pix) <= 0)
            {
                // No resolution in the file: say 300 rather than let Tesseract guess and complain.
                TesseractNative.TessBaseAPISetSourceResolution(engine, 300);
            }

            monitor = TesseractNative.TessMonitorCreate();
            TesseractNative.TessMonitorSetDeadlineMSecs(monitor, (int)Math.Min(int.MaxValue, _options.PageTimeout.TotalMilliseconds));
            if (TesseractNative.TessBaseAPIRecognize(engine, monitor) != 0)
            {
                throw new OcrException($"Tesseract could not read the image (or took longer than {_options.PageTimeout.TotalSeconds:0} s).", isTransient: false);
            }

            var text = TesseractNative.TessBaseAPIGetTsvText(engine, 0);
            try
            {
                return Marshal.PtrToStringUTF8(text) ?? string.Empty;
            }
            finally
            {
                TesseractNative.TessDeleteText(text);
            }
        }
        finally
        {
            if (monitor != nint.Zero)
            {
                TesseractNative.TessMonitorDelete(monitor);
            }

            TesseractNative.TessBaseAPIClear(engine);
            if (pix != nint.Zero)
            {
                TesseractNative.pixDestroy(ref pix);
            }

            _idle.Add(engine);
        }
    }

    // Leptonica decodes straight from the file when there is one, so the page never enters managed memory.
    private static nint Load(OcrInput input, int tiffPage)
    {
        if (input.Path is { } path)
        {
            return input.Format == OcrInputFormat.Tiff ? TesseractNative.pixReadTiff(path, tiffPage) : TesseractNative.pixRead(path);
        }

        ref var first = ref MemoryMarshal.GetReference(input.Content.Span);
        var size = (nuint)input.Content.Length;
        return input.Format == OcrInputFormat.Tiff ? TesseractNative.pixReadMemTiff(ref first, size, tiffPage) : TesseractNative.pixReadMem(ref first, size);
    }

    private nint Rent()
    {
        if (_idle.TryTake(out var engine))
        {
            return engine;
        }

        if (!NativeReady.Value)
        {
            throw new OcrException("libtesseract could not be loaded; install the Debian package tesseract-ocr.", isTransient: true);
        }

        engine = TesseractNative.TessBaseAPICreate();
        if (TesseractNative.TessBaseAPIInit3(engine, _options.DataPath is { Length: > 0 } path ? path : null, _options.Language) != 0)
        {
            TesseractNative.TessBaseAPIDelete(engine);
            throw new OcrException(
                $"Tesseract could not load the '{_options.Language}' language data; install tesseract-ocr-{_options.Language.Split('+')[0]} or set FoiPipeline:Ocr:Tesseract:DataPath.",
                isTransient: true);
        }

        TesseractNative.TessBaseAPISetPageSegMode(engine, _options.PageSegmentationMode);
        TesseractNative.TessBaseAPISetVariable(engine, "debug_file", "/dev/null");
        _all.Add(engine);
        _logger.LogDebug("Loaded a Tesseract engine ({Language}, psm {Mode}); {Count} in the pool", _options.Language, _options.PageSegmentationMode, _all.Count);
        return engine;
    }

    private static bool PrepareNative()
    {
        try
        {
            // Both must happen before libtesseract (and its OpenMP runtime) is loaded by the first engine.
            return TesseractNative.SetEnv("OMP_THREAD_LIMIT", "1", overwrite: 0) == 0
                & TesseractNative.setMsgSeverity(TesseractNative.LeptonicaSilent) >= 0;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var engine in _all)
        {
            TesseractNative.TessBaseAPIEnd(engine);
            TesseractNative.TessBaseAPIDelete(engine);
        }

        _slots.Dispose();
    }
}
