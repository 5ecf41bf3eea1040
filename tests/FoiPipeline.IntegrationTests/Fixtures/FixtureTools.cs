using System.Diagnostics;
using System.Text;

namespace FoiPipeline.IntegrationTests.Fixtures;

/// <summary>What a command-line tool did.</summary>
internal sealed record ToolRun(int ExitCode, string Output, string Error);

/// <summary>
/// Runs the real tools (poppler, Tesseract) against fixture bytes written to a temp file, so the fixture
/// tests prove the files are what real readers accept. Tesseract runs single-threaded (OMP_THREAD_LIMIT=1),
/// which is faster on two cores.
/// </summary>
internal static class FixtureTools
{
    public static async Task<ToolRun> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["OMP_THREAD_LIMIT"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} took over 60 s.");
        }

        return new ToolRun(process.ExitCode, await output, await error);
    }

    /// <summary>Writes <paramref name="bytes"/> to a temp file, runs the tool on it (the path replaces "{file}"), deletes the file.</summary>
    public static async Task<ToolRun> RunOnFileAsync(byte[] bytes, string extension, string program, params string[] arguments)
    {
        var path = Path.Combine(Path.GetTempPath(), $"foi-fixture-test-{Guid.NewGuid():N}{extension}");
        await File.WriteAllBytesAsync(path, bytes);
        try
        {
            return await RunAsync(program, [.. arguments.Select(argument => argument == "{file}" ? path : argument)]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>pdftotext's reading of the PDF (all pages, or pages first..last).</summary>
    public static async Task<string> PdfToTextAsync(byte[] pdf, int? page = null)
    {
        var arguments = new List<string>();
        if (page is { } number)
        {
            arguments.AddRange(["-f", number.ToString(System.Globalization.CultureInfo.InvariantCulture), "-l", number.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        arguments.AddRange(["{file}", "-"]);
        var run = await RunOnFileAsync(pdf, ".pdf", "pdftotext", [.. arguments]);
        Assert.True(run.ExitCode == 0, $"pdftotext failed: {run.Error}");
        return run.Output;
    }

    /// <summary>The "Pages:" figure pdfinfo reports.</summary>
    public static async Task<int> PdfPageCountAsync(byte[] pdf)
    {
        var run = await RunOnFileAsync(pdf, ".pdf", "pdfinfo", "{file}");
        Assert.True(run.ExitCode == 0, $"pdfinfo failed: {run.Error}");
        var line = run.Output.Split('\n').Single(l => l.StartsWith("Pages:", StringComparison.Ordinal));
        return int.Parse(line["Pages:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Tesseract's reading of an image file (page segmentation mode 6: one uniform block of text).</summary>
    public static async Task<string> OcrAsync(byte[] image, string extension)
    {
        var run = await RunOnFileAsync(image, extension, "tesseract", "{file}", "-", "--psm", "6");
        Assert.True(run.ExitCode == 0, $"tesseract failed: {run.Error}");
        return run.Output;
    }
}
