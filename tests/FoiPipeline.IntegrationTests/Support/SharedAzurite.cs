using FoiPipeline.Local;
using FoiPipeline.Local.Azurite;
using Microsoft.Extensions.Logging.Abstractions;

namespace FoiPipeline.IntegrationTests.Support;

/// <summary>
/// One real Azurite for the whole test run, started on first use on free loopback ports with its data in
/// a temporary folder, and stopped by process id when the test process exits. Tests isolate themselves
/// by using their own container and queue names, so test classes still run in parallel.
/// </summary>
public static class SharedAzurite
{
    private static readonly Lazy<Task<AzuriteProcess>> Instance = new(StartAsync);

    public static string RepoRoot { get; } = LocalPaths.FindRepoRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("The tests must run from inside the FoiPipeline repository (FoiPipeline.sln not found above the test binaries).");

    public static async Task<string> ConnectionStringAsync() => (await Instance.Value).ConnectionString;

    /// <summary>Azurite's blob and queue ports, for tests that put something between a host and it.</summary>
    public static async Task<(int Blob, int Queue)> PortsAsync()
    {
        var azurite = await Instance.Value;
        return (azurite.BlobPort, azurite.QueuePort);
    }

    private static async Task<AzuriteProcess> StartAsync()
    {
        var location = Path.Combine(Path.GetTempPath(), "foi-azurite-" + Guid.NewGuid().ToString("N"));
        var azurite = await AzuriteProcess.StartAsync(RepoRoot, location, NullLogger.Instance, CancellationToken.None);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            azurite.DisposeAsync().AsTask().GetAwaiter().GetResult();
            try
            {
                Directory.Delete(location, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        return azurite;
    }
}
