using System.Globalization;
using System.Text.RegularExpressions;

namespace FoiPipeline.Intake.Pdf;

/// <summary>A PDF's page count and page sizes (points; 72 to the inch).</summary>
public sealed record PdfInfo(int Pages, bool Encrypted, IReadOnlyList<(double Width, double Height)> PageSizes);

/// <summary>The PDF needs a password to open.</summary>
public sealed class PdfPasswordException() : Exception("The PDF is protected by a password.");

/// <summary>The PDF is damaged beyond what poppler can repair; the message has poppler's words.</summary>
public sealed class PdfUnreadableException(string detail) : Exception(detail);

/// <summary>
/// The PDF tools from Debian's poppler-utils: pdfinfo (pages, sizes, encryption), pdftotext (the text layer,
/// pages separated by form feeds) and pdftoppm (a page as a PNG for OCR). Each run is bounded in time and
/// output by <see cref="ExternalProgram"/>.
/// </summary>
public sealed partial class Poppler
{
    private const string Package = "poppler-utils";
    private readonly string? _directory;
    private readonly TimeSpan _timeout;

    /// <param name="directory">Where the poppler programs are; null to find them on PATH.</param>
    /// <param name="timeout">How long any one poppler run may take.</param>
    public Poppler(string? directory, TimeSpan timeout)
    {
        _directory = string.IsNullOrWhiteSpace(directory) ? null : directory;
        _timeout = timeout;
        _installed = new Lazy<bool>(() =>
        {
            var name = "pdftotext";
            if (_directory is not null)
            {
                return File.Exists(Path.Combine(_directory, name));
            }

            return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Any(folder => File.Exists(Path.Combine(folder, name)));
        });
    }

    /// <summary>Whether pdftotext can be found, checked once: Azure Functions has no poppler, and then PDFs go to Document Intelligence whole.</summary>
    public bool IsInstalled => _installed.Value;

    private readonly Lazy<bool> _installed;

    [GeneratedRegex(@"^Pages:\s+(\d+)", RegexOptions.Multiline)]
    private static partial Regex PagesLine();

    [GeneratedRegex(@"^Encrypted:\s+yes", RegexOptions.Multiline)]
    private static partial Regex EncryptedLine();

    [GeneratedRegex(@"^Page\s+(\d+)\s+size:\s+([\d.]+)\s+x\s+([\d.]+)\s+pts", RegexOptions.Multiline)]
    private static partial Regex PageSizeLine();

    /// <exception cref="PdfPasswordException">The PDF needs a user password.</exception>
    /// <exception cref="PdfUnreadableException">pdfinfo cannot make sense of the file.</exception>
    public async Task<PdfInfo> InfoAsync(string path, int maxPagesToMeasure, CancellationToken cancellationToken)
    {
        // -l beyond the last page is fine; pdfinfo reports only the pages that exist.
        var result = await RunAsync("pdfinfo", ["-f", "1", "-l", Number(Math.Max(1, maxPagesToMeasure)), path], 1024 * 1024, cancellationToken);
        if (result.ExitCode != 0 || result.TimedOut)
        {
            if (result.Error.Contains("password", StringComparison.OrdinalIgnoreCase))
            {
                throw new PdfPasswordException();
            }

            throw new PdfUnreadableException(result.TimedOut ? "pdfinfo did not finish in time." : FirstLine(result.Error));
        }

        var text = result.OutputText;
        var pages = PagesLine().Match(text) is { Success: true } match ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var sizes = PageSizeLine().Matches(text)
            .Select(m => (double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)))
            .ToList();
        return new PdfInfo(pages, EncryptedLine().IsMatch(text), sizes);
    }

    /// <summary>The text layer of pages 1..<paramref name="pages"/>, one string per page (empty for a page with none).</summary>
    public async Task<IReadOnlyList<string>> TextAsync(string path, int pages, long maxBytes, CancellationToken cancellationToken)
    {
        var result = await RunAsync("pdftotext", ["-f", "1", "-l", Number(pages), "-enc", "UTF-8", path, "-"], maxBytes, cancellationToken);
        if (result.OutputTruncated)
        {
            throw new PdfUnreadableException($"The PDF's text layer is larger than {maxBytes / (1024 * 1024)} MB.");
        }

        if (result.ExitCode != 0 || result.TimedOut)
        {
            throw new PdfUnreadableException(result.TimedOut ? "pdftotext did not finish in time." : FirstLine(result.Error));
        }

        var perPage = TextDecoding.NormalizeNewlines(result.OutputText).Split('\f');
        return [.. Enumerable.Range(0, pages).Select(i => i < perPage.Length ? perPage[i] : string.Empty)];
    }

    /// <summary>
    /// Renders one page in grayscale at <paramref name="dpi"/> into a file in <paramref name="folder"/> (PGM, JPEG
    /// or PNG) and returns its path. A file, not a byte array, so a 9 MB page image never passes through the
    /// .NET heap when Tesseract reads it.
    /// </summary>
    public async Task<string> RenderToFileAsync(string path, int page, int dpi, Ocr.OcrInputFormat format, string folder, CancellationToken cancellationToken)
    {
        var (encoding, extension) = format switch
        {
            Ocr.OcrInputFormat.Pnm => (Array.Empty<string>(), "pgm"),
            Ocr.OcrInputFormat.Jpeg => (new[] { "-jpeg", "-jpegopt", "quality=90" }, "jpg"),
            Ocr.OcrInputFormat.Png => (new[] { "-png" }, "png"),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "pdftoppm renders pages as PGM, JPEG or PNG."),
        };
        var root = Path.Combine(folder, $"page-{Number(page)}");
        var result = await RunAsync(
            "pdftoppm", ["-f", Number(page), "-l", Number(page), "-r", Number(dpi), "-gray", .. encoding, "-singlefile", path, root], 64 * 1024, cancellationToken);
        var file = $"{root}.{extension}";
        if (!result.Succeeded || !File.Exists(file))
        {
            throw new PdfUnreadableException(result.TimedOut ? $"Page {page} could not be rendered in time." : $"Page {page} could not be rendered: {FirstLine(result.Error)}");
        }

        return file;
    }

    private Task<ProgramResult> RunAsync(string program, IEnumerable<string> arguments, long maxOutput, CancellationToken cancellationToken)
        => ExternalProgram.RunAsync(_directory is null ? program : Path.Combine(_directory, program), arguments, Package, _timeout, maxOutput, cancellationToken: cancellationToken);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim() is { Length: > 0 } line ? line : "no error message";
}
