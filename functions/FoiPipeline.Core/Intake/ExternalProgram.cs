using System.Diagnostics;
using System.Text;

namespace FoiPipeline.Intake;

/// <summary>What an external program did: its exit code, what it wrote (capped), and whether it was stopped.</summary>
public sealed record ProgramResult(int ExitCode, byte[] Output, string Error, bool TimedOut, bool OutputTruncated)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut && !OutputTruncated;

    public string OutputText => Encoding.UTF8.GetString(Output);
}

/// <summary>An external program the pipeline needs is not installed; the message says which package provides it.</summary>
public sealed class ProgramNotFoundException(string program, string package, Exception inner)
    : Exception($"'{program}' is not installed or not on PATH; install the Debian package {package} (apt-get install {package}).", inner);

/// <summary>
/// Runs a helper program (poppler's pdftotext/pdfinfo/pdftoppm, the Tesseract CLI) with the limits hostile
/// input needs: a time limit after which the whole process tree is killed, and a cap on how much output is
/// read, so a PDF bomb cannot take unbounded time or memory. Arguments are passed as a list, never a
/// shell string.
/// </summary>
public static class ExternalProgram
{
    private const int ErrorCapBytes = 64 * 1024;

    /// <param name="program">The executable.</param>
    /// <param name="arguments">Its arguments, one element each.</param>
    /// <param name="package">The Debian package that provides it, named in the error if it is missing.</param>
    /// <param name="timeout">After this, the process tree is killed and <see cref="ProgramResult.TimedOut"/> is set.</param>
    /// <param name="maxOutputBytes">Standard output beyond this is not kept; the process is killed and <see cref="ProgramResult.OutputTruncated"/> is set.</param>
    /// <param name="environment">Extra environment variables.</param>
    /// <param name="cancellationToken">Cancels the run (the process is killed).</param>
    public static async Task<ProgramResult> RunAsync(
        string program,
        IEnumerable<string> arguments,
        string package,
        TimeSpan timeout,
        long maxOutputBytes,
        IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new ProgramNotFoundException(program, package, ex);
        }

        using (process)
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            limit.CancelAfter(timeout);
            var output = ReadCappedAsync(process.StandardOutput.BaseStream, maxOutputBytes, drain: false, limit.Token);

            // Past its cap the error stream is still read (and dropped): a program blocked on a full pipe would
            // otherwise sit there until the time limit, as pdfinfo does on a PDF that makes it complain megabytes.
            var error = ReadCappedAsync(process.StandardError.BaseStream, ErrorCapBytes, drain: true, limit.Token);
            var timedOut = false;
            var truncated = false;
            try
            {
                var (outputBytes, outputFull) = await output;
                truncated = outputFull;
                if (truncated)
                {
                    Kill(process);
                }

                await process.WaitForExitAsync(limit.Token);
                var (errorBytes, _) = await error;
                return new ProgramResult(process.ExitCode, outputBytes, Encoding.UTF8.GetString(errorBytes).Trim(), TimedOut: false, truncated);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                timedOut = true;
                Kill(process);
                return new ProgramResult(-1, [], $"{program} was stopped after {timeout.TotalSeconds:0} s.", timedOut, truncated);
            }
            catch (OperationCanceledException)
            {
                Kill(process);
                throw;
            }
        }
    }

    // With drain, reading goes on to the end after the cap, dropping the rest; without, it stops (and the caller kills the program).
    private static async Task<(byte[] Bytes, bool Truncated)> ReadCappedAsync(Stream stream, long cap, bool drain, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        var truncated = false;
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (truncated)
            {
                continue;
            }

            if (buffer.Length + read > cap)
            {
                buffer.Write(chunk, 0, (int)(cap - buffer.Length));
                truncated = true;
                if (!drain)
                {
                    break;
                }

                continue;
            }

            buffer.Write(chunk, 0, read);
        }

        return (buffer.ToArray(), truncated);
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
