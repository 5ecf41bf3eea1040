using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace FoiPipeline.Benchmarks;

/// <summary>What a results file says about the machine a run was on, and how busy it was.</summary>
internal static class Machine
{
    public static string CpuName() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";

    public static double TotalMemoryGigabytes() =>
        double.Parse(File.ReadLines("/proc/meminfo").First().Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024 / 1024;

    /// <summary>The 1, 5 and 15 minute load averages, as /proc/loadavg gives them ("1.08 2.68 3.78").</summary>
    public static string LoadAverages() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    /// <summary>Cores, CPU, memory, OS and .NET in one line.</summary>
    public static string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Environment.ProcessorCount} cores ({CpuName()}), {TotalMemoryGigabytes():0} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");

    /// <summary>The first line a tool prints for <paramref name="argument"/> ("tesseract 5.3.0"), or "unknown".</summary>
    public static string ToolVersion(string program, string argument)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, argument) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
            if (process is null)
            {
                return "unknown";
            }

            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not installed";
        }
    }
}
