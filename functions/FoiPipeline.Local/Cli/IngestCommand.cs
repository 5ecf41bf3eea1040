using FoiPipeline.Local.Azurite;
using FoiPipeline.Local.Hosting;
using FoiPipeline.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FoiPipeline.Local.Cli;

/// <summary>
/// <c>foi ingest FILE...</c>: puts letters into the intake container of the running local host. With no
/// host running, it starts Azurite on the same data folder just long enough to store them; the host
/// ingests them when it next starts, so nothing typed here is lost.
/// </summary>
internal static class IngestCommand
{
    public static async Task<int> RunAsync(
        FileInfo[] files, DateTimeOffset? receivedAt, string? storage, string? dataDirectory, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var missing = files.Where(f => !f.Exists).ToList();
        if (missing.Count > 0)
        {
            error.WriteLine($"No such file: {string.Join(", ", missing.Select(f => f.FullName))}. Nothing was uploaded.");
            return 1;
        }

        var paths = LocalPaths.Discover(dataDirectory);
        var configuration = LocalConfiguration.Build(paths);
        PipelineOptions options;
        try
        {
            options = LocalConfiguration.PipelineOptions(configuration);
        }
        catch (OptionsValidationException ex)
        {
            error.WriteLine($"The configuration is not valid: {string.Join(" ", ex.Failures)}");
            return 1;
        }

        using var loggers = ConsoleLogging.CreateFactory(LogLevel.Information);
        var logger = loggers.CreateLogger("foi");
        AzuriteProcess? temporary = null;
        var connection = storage;
        if (connection is null)
        {
            if (LocalHostState.Read(paths.StateFile) is { HostIsRunning: true, BlobPort: > 0 } running)
            {
                connection = AzuriteProcess.ConnectionStringFor(running.BlobPort, running.QueuePort);
            }
            else
            {
                try
                {
                    temporary = await AzuriteProcess.StartAsync(paths.RepoRoot, paths.AzuriteLocation, logger, cancellationToken);
                    connection = temporary.ConnectionString;
                }
                catch (AzuriteLocationBusyException busy)
                {
                    // A `foi run` holds the data folder but has not announced itself yet: wait for it.
                    output.WriteLine("The local host is starting; waiting for it...");
                    if (await WaitForHostAsync(paths, cancellationToken) is not { } host)
                    {
                        error.WriteLine(busy.Message);
                        return 1;
                    }

                    connection = AzuriteProcess.ConnectionStringFor(host.BlobPort, host.QueuePort);
                }
            }
        }

        try
        {
            var clients = StorageClients.FromConnectionString(connection, QueueMessageWireEncoding.Base64);
            var pipeline = new PipelineStorage(clients, Options.Create(options));
            await pipeline.Intake.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            foreach (var file in files)
            {
                var upload = await IntakeUploader.UploadAsync(pipeline.Intake, file.FullName, receivedAt, cancellationToken);
                output.WriteLine(upload.AlreadyThere
                    ? $"{file.Name}: already in intake as {upload.Blob} (request {upload.DocId[..8]})"
                    : $"{file.Name}: uploaded as {options.Containers.Intake}/{upload.Blob} (request {upload.DocId[..8]})");
            }

            if (temporary is not null)
            {
                output.WriteLine("No local host is running: the letters are stored and will be processed when `foi run` starts.");
            }

            return 0;
        }
        finally
        {
            if (temporary is not null)
            {
                await temporary.DisposeAsync();
            }
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

    private static readonly TimeSpan HostStartWait = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
}
