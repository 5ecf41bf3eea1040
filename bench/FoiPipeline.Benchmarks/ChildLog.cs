using System.Diagnostics;
using System.Runtime.InteropServices;

namespace FoiPipeline.Benchmarks;

/// <summary>
/// What the end-to-end benchmark does with the processes it starts: appends their output to a log file, and
/// stops them by id, politely (SIGTERM, then SIGKILL after a grace) or at once (SIGKILL, the fault).
/// </summary>
internal static partial class ChildLog
{
    private const int SigTerm = 15;

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

    /// <summary>SIGTERM, then SIGKILL if the process has not exited within <paramref name="grace"/>.</summary>
    public static async Task StopAsync(Process process, TimeSpan grace)
    {
        if (process.HasExited)
        {
            return;
        }

        if (Kill(process.Id, SigTerm) == 0)
        {
            using var wait = new CancellationTokenSource(grace);
            try
            {
                await process.WaitForExitAsync(wait.Token);
                return;
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine($"Process {process.Id} did not stop within {grace.TotalSeconds:0} s of SIGTERM; killing it.");
            }
        }

        await KillAsync(process);
    }

    /// <summary>SIGKILL: the process gets no chance to finish anything.</summary>
    public static async Task KillAsync(Process process)
    {
        process.Kill(entireProcessTree: false);
        using var reaped = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(reaped.Token);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
