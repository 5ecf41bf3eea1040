using System.Globalization;

namespace FoiPipeline.Benchmarks;

/// <summary>
/// Samples the resident memory of a process's helper processes (by program name) every 20 ms and keeps the
/// largest: this process's own helpers, or those of the process a function names (a host that is restarted
/// has a new id). Sampling rather than getrusage, whose figure for children includes the parent's pages a child shares
/// between fork and exec, and so reports this process's size instead of the helper's.
/// </summary>
internal sealed class HelperMemorySampler : IDisposable
{
    private readonly HashSet<string> _names;
    private readonly Func<int> _parent;
    private readonly Timer _timer;
    private long _peakKilobytes;

    public HelperMemorySampler(IEnumerable<string> programNames, Func<int>? parent = null)
    {
        _names = new HashSet<string>(programNames, StringComparer.Ordinal);
        _parent = parent ?? (() => Environment.ProcessId);
        _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(20));
    }

    public long PeakKilobytes => Interlocked.Read(ref _peakKilobytes);

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        var self = _parent().ToString(CultureInfo.InvariantCulture);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            var pid = Path.GetFileName(directory);
            if (pid.Length == 0 || !char.IsAsciiDigit(pid[0]))
            {
                continue;
            }

            try
            {
                string? name = null, parent = null;
                long resident = 0;
                foreach (var line in File.ReadLines(Path.Combine(directory, "status")))
                {
                    if (line.StartsWith("Name:", StringComparison.Ordinal))
                    {
                        name = line[5..].Trim();
                    }
                    else if (line.StartsWith("PPid:", StringComparison.Ordinal))
                    {
                        parent = line[5..].Trim();
                    }
                    else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    {
                        resident = long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    }
                }

                if (parent == self && name is not null && _names.Contains(name) && resident > Interlocked.Read(ref _peakKilobytes))
                {
                    Interlocked.Exchange(ref _peakKilobytes, resident);
                }
            }
            catch (IOException)
            {
                // The process ended while it was read.
            }
        }
    }
}
