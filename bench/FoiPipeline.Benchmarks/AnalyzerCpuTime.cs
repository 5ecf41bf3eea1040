using System.Runtime.InteropServices;

namespace FoiPipeline.Benchmarks;

/// <summary>
/// This thread's CPU time per letter for Analyze and each stage, run in turn, round after round, over the same
/// letter. BenchmarkDotNet times the wall clock, which on a shared machine includes the time this thread waited
/// for a core, and times each benchmark at a different moment of the other work; CPU time leaves the waiting out,
/// and interleaving puts every stage under the same conditions. A cross-check for a busy machine: on an idle one
/// it is close to BenchmarkDotNet's means.
/// </summary>
internal static partial class AnalyzerCpuTime
{
    private const int WarmRounds = 2;
    private const int Rounds = 9;
    private static readonly TimeSpan RoundTime = TimeSpan.FromMilliseconds(40);

    /// <summary>Median CPU microseconds per call of each runner, by name.</summary>
    public static Dictionary<string, double> Measure(string size, IReadOnlyList<(string Name, Func<AnalyzerBenchmarks, object> Run)> runners)
    {
        var benchmarks = new AnalyzerBenchmarks { Size = size };
        benchmarks.Setup();

        // Calls per round: enough for about 40 ms of CPU each, so a round of all of them stays short at 50 KB.
        var calls = runners.Select(r =>
        {
            var start = ThreadCpuNanoseconds();
            r.Run(benchmarks);
            var once = Math.Max(1, ThreadCpuNanoseconds() - start);
            return (int)Math.Clamp(RoundTime.TotalNanoseconds / once, 1, 100_000);
        }).ToArray();

        var samples = runners.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < WarmRounds + Rounds; round++)
        {
            for (var i = 0; i < runners.Count; i++)
            {
                var start = ThreadCpuNanoseconds();
                for (var call = 0; call < calls[i]; call++)
                {
                    runners[i].Run(benchmarks);
                }

                if (round >= WarmRounds)
                {
                    samples[i].Add((ThreadCpuNanoseconds() - start) / 1000.0 / calls[i]);
                }
            }
        }

        return runners.Select((r, i) => (r.Name, Median: samples[i].Order().ElementAt(samples[i].Count / 2))).ToDictionary(r => r.Name, r => r.Median);
    }

    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out Timespec time);

    private static long ThreadCpuNanoseconds()
    {
        if (ClockGetTime(ClockThreadCpuTimeId, out var time) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed: this measurement needs Linux.");
        }

        return (time.Seconds * 1_000_000_000) + time.Nanoseconds;
    }
}
