using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FoiPipeline.Local.Hosting;

/// <summary>
/// What a running <c>foi run</c> writes into its data folder, so that other commands (<c>foi ingest</c>)
/// find its Azurite, a second <c>foi run</c> on the same folder is refused, and an Azurite left behind by a
/// host that was killed can be stopped.
/// </summary>
public sealed record LocalHostState(int HostPid, int? AzuritePid, int BlobPort, int QueuePort, DateTimeOffset StartedAt)
{
    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, JsonSerializer.Serialize(this));
    }

    public static LocalHostState? Read(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<LocalHostState>(File.ReadAllText(path)) : null;
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            return null;
        }
    }

    public static void Delete(string path, int hostPid)
    {
        if (Read(path) is { } state && state.HostPid == hostPid)
        {
            File.Delete(path);
        }
    }

    [JsonIgnore]
    public bool HostIsRunning => IsRunning(HostPid) && HostPid != Environment.ProcessId;

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
