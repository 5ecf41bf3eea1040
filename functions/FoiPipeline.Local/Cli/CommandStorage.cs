using FoiPipeline.Local.Azurite;
using FoiPipeline.Local.Hosting;
using Microsoft.Extensions.Logging;

namespace FoiPipeline.Local.Cli;

/// <summary>
/// The storage a one-shot command works on: the connection string given with <c>--storage</c>, else the Azurite of the
/// `foi run` using the data folder, else an Azurite started on the data folder for this command alone (stopped on dispose).
/// </summary>
internal sealed class CommandStorage : IAsyncDisposable
{
    private static readonly TimeSpan HostStartWait = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly AzuriteProcess? _temporary;

    private CommandStorage(string connectionString, AzuriteProcess? temporary)
    {
        ConnectionString = connectionString;
        _temporary = temporary;
    }

    public string ConnectionString { get; }

    /// <summary>No host is running: what the command stores waits for the next `foi run`.</summary>
    public bool WithoutHost => _temporary is not null;

    /// <returns>The storage, or null when none can be reached (the reason is written to <paramref name="error"/>).</returns>
    public static async Task<CommandStorage?> OpenAsync(
        LocalPaths paths, string? storage, ILogger logger, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (storage is not null)
        {
            return new CommandStorage(storage, null);
        }

        if (LocalHostState.Read(paths.StateFile) is { HostIsRunning: true, BlobPort: > 0 } running)
        {
            return new CommandStorage(AzuriteProcess.ConnectionStringFor(running.BlobPort, running.QueuePort), null);
        }

        try
        {
            var temporary = await AzuriteProcess.StartAsync(paths.RepoRoot, paths.AzuriteLocation, logger, cancellationToken);
            return new CommandStorage(temporary.ConnectionString, temporary);
        }
        catch (AzuriteLocationBusyException busy)
        {
            // A `foi run` holds the data folder but has not announced itself yet: wait for it.
            output.WriteLine("The local host is starting; waiting for it...");
            if (await WaitForHostAsync(paths, cancellationToken) is not { } host)
            {
                error.WriteLine(busy.Message);
                return null;
            }

            return new CommandStorage(AzuriteProcess.ConnectionStringFor(host.BlobPort, host.QueuePort), null);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_temporary is not null)
        {
            await _temporary.DisposeAsync();
        }
    }

    private static async Task<LocalHostState?> WaitForHostAsync(LocalPaths paths, CancellationToken cancellationToken)
    {
        for (var waited = TimeSpan.Zero; waited < HostStartWait; waited += PollInterval)
        {
            if (LocalHostState.Read(paths.StateFile) is { HostIsRunning: true, BlobPort: > 0 } host)
            {
                return host;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }

        return null;
    }
}
