using System.Diagnostics;
using FoiPipeline.Local.Azurite;

namespace FoiPipeline.Benchmarks;

/// <summary>
/// What the end-to-end benchmark does with the processes it starts: appends their output to a log file, and
/// kills them at once (SIGKILL, the fault); polite stops are <see cref="ProcessStopper"/>'s, as foi's own.
/// </summary>
internal static class ChildLog
{
    /// <summary>Appends the process's stdout and stderr to <paramref name="path"/>, and hands each stdout line to <paramref name="onOutput"/>.</summary>
    public static void Follow(Process process, string path, Action<string>? onOutput = null)
    {
        var log = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var gate = new object();
        var open = 2;
        void Write(string? line, bool stdout)
        {
            lock (gate)
            {
                if (line is null)
                {
                    if (--open == 0)
                    {
                        log.Dispose();
                    }

                    return;
                }

                log.WriteLine(line);
            }

            if (stdout)
            {
                onOutput?.Invoke(line);
            }
        }

        process.OutputDataReceived += (_, e) => Write(e.Data, stdout: true);
        process.ErrorDataReceived += (_, e) => Write(e.Data, stdout: false);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>SIGKILL: the process gets no chance to finish anything.</summary>
    public static async Task KillAsync(Process process)
    {
        process.Kill(entireProcessTree: false);
        using var reaped = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(reaped.Token);
    }
}
