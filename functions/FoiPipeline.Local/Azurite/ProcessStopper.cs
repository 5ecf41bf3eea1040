using System.Diagnostics;
using System.Runtime.InteropServices;

namespace FoiPipeline.Local.Azurite;

/// <summary>
/// Stops a child process by id, politely first: SIGTERM, then SIGKILL if it has not exited in time.
/// Azurite keeps its state in memory and saves it every five seconds; SIGTERM makes it save and close,
/// while SIGKILL (what <see cref="Process.Kill()"/> sends) would lose whatever changed since the last save.
/// </summary>
public static partial class ProcessStopper
{
    private const int SigTerm = 15;

    public static async Task StopAsync(Process process, TimeSpan grace)
    {
        if (process.HasExited)
        {
            return;
        }

        if (!OperatingSystem.IsWindows() && Terminate(process.Id) == 0)
        {
            using var wait = new CancellationTokenSource(grace);
            try
            {
                await process.WaitForExitAsync(wait.Token);
                return;
            }
            catch (OperationCanceledException)
            {
                // Did not stop in time: fall through to a hard kill.
            }
        }

        process.Kill(entireProcessTree: true);
        using var reaped = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(reaped.Token);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Terminate(int pid, int signal = SigTerm);
}
