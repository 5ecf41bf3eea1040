using FoiPipeline.Intake;
using Microsoft.Extensions.Logging;

namespace FoiPipeline.Ocr.Tesseract;

/// <summary>
/// Local OCR by running the tesseract program once per image (Debian's tesseract-ocr). Simple and
/// isolated: a crash or hang is one killed process. Slower than <see cref="TesseractLibraryEngine"/>
/// by the program's start-up and model load on every image.
/// </summary>
public sealed class TesseractCliEngine : IOcrEngine, IDisposable
{
    /// <summary>Tesseract's OpenMP threads fight each other on small machines; one per process is faster (measured 2.4x on 2 cores).</summary>
    private static readonly Dictionary<string, string> Environment = new() { ["OMP_THREAD_LIMIT"] = "1" };

    private readonly TesseractOptions _options;
    private readonly SemaphoreSlim _slots;
    private readonly ILogger<TesseractCliEngine> _logger;

    public TesseractCliEngine(TesseractOptions options, ILogger<TesseractCliEngine> logger)
    {
        _options = options;
        _slots = new SemaphoreSlim(Math.Max(1, options.MaxConcurrency));
        _logger = logger;
    }

    public string Method => "ocr-local";

    public bool AcceptsPdf => false;

    public OcrInputFormat PageFormat => OcrInputFormat.Pnm;

    public async Task<OcrResult> RecognizeAsync(OcrInput input, CancellationToken cancellationToken)
    {
        if (input.Format == OcrInputFormat.Pdf)
        {
            throw new OcrException("Tesseract reads images, not PDFs; render the pages first.", isTransient: false);
        }

        await _slots.WaitAsync(cancellationToken);
        var file = input.Path ?? Path.Combine(Path.GetTempPath(), $"foi-ocr-{Guid.NewGuid():N}");
        try
        {
            if (input.Path is null)
            {
                await using var written = File.Create(file);
                await written.WriteAsync(input.Content, cancellationToken);
            }

            var arguments = new List<string> { file, "stdout", "-l", _options.Language, "--psm", _options.PageSegmentationMode.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            if (_options.DataPath is { Length: > 0 } dataPath)
            {
                arguments.AddRange(["--tessdata-dir", dataPath]);
            }

            arguments.Add("tsv");
            var result = await ExternalProgram.RunAsync(
                _options.Executable, arguments, "tesseract-ocr", _options.PageTimeout, maxOutputBytes: 64L * 1024 * 1024, Environment, cancellationToken);
            if (result.TimedOut)
            {
                throw new OcrException($"Tesseract took longer than {_options.PageTimeout.TotalSeconds:0} s on one image.", isTransient: false);
            }

            if (result.ExitCode != 0)
            {
                _logger.LogWarning("tesseract exited with {ExitCode}: {Error}", result.ExitCode, result.Error);
                throw new OcrException($"Tesseract could not read the image: {FirstLine(result.Error)}", isTransient: IsInstallationProblem(result.Error));
            }

            return new OcrResult(TesseractTsv.Parse(result.OutputText, input.FirstPageNumber), Method);
        }
        catch (ProgramNotFoundException ex)
        {
            throw new OcrException(ex.Message, isTransient: true, ex);
        }
        finally
        {
            _slots.Release();
            if (input.Path is null)
            {
                File.Delete(file);
            }
        }
    }

    public void Dispose() => _slots.Dispose();

    // A missing language pack is the installation's fault, not the letter's: retry after it is fixed.
    private static bool IsInstallationProblem(string error)
        => error.Contains("traineddata", StringComparison.OrdinalIgnoreCase) || error.Contains("Could not initialize tesseract", StringComparison.OrdinalIgnoreCase);

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim() is { Length: > 0 } line ? line : "no error message";
}
