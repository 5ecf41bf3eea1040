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
        await using var storageInUse = await CommandStorage.OpenAsync(paths, storage, loggers.CreateLogger("foi"), output, error, cancellationToken);
        if (storageInUse is null)
        {
            return 1;
        }

        var clients = StorageClients.FromConnectionString(storageInUse.ConnectionString, QueueMessageWireEncoding.Base64);
        var pipeline = new PipelineStorage(clients, Options.Create(options));
        await pipeline.Intake.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        foreach (var file in files)
        {
            var upload = await IntakeUploader.UploadAsync(pipeline.Intake, file.FullName, receivedAt, cancellationToken);
            output.WriteLine(upload.AlreadyThere
                ? $"{file.Name}: already in intake as {upload.Blob} (request {upload.DocId[..8]})"
                : $"{file.Name}: uploaded as {options.Containers.Intake}/{upload.Blob} (request {upload.DocId[..8]})");
        }

        if (storageInUse.WithoutHost)
        {
            output.WriteLine("No local host is running: the letters are stored and will be processed when `foi run` starts.");
        }

        return 0;
    }
}
