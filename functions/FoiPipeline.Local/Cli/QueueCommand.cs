using System.Text.Json;
using FoiPipeline.Deadlines;
using FoiPipeline.Pipeline;
using FoiPipeline.Triage;
using Microsoft.Extensions.Options;

namespace FoiPipeline.Local.Cli;

/// <summary><c>foi queue</c>: the triage queue from the local index, readable while the host runs (WAL).</summary>
internal static class QueueCommand
{
    public static async Task<int> RunAsync(
        string? status, string? search, int take, string? dataDirectory, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        RequestStatus? wanted = null;
        if (status is not null)
        {
            try
            {
                wanted = JsonSerializer.Deserialize<RequestStatus>($"\"{status}\"", PipelineJson.Options);
            }
            catch (JsonException)
            {
                var known = string.Join(", ", Enum.GetValues<RequestStatus>().Select(s => JsonSerializer.Serialize(s, PipelineJson.Options).Trim('"')));
                error.WriteLine($"Unknown status '{status}'. Use one of: {known}.");
                return 1;
            }
        }

        if (take < 1)
        {
            error.WriteLine("--take must be 1 or more.");
            return 1;
        }

        var paths = LocalPaths.Discover(dataDirectory);
        var configuration = LocalConfiguration.Build(paths);
        var database = LocalConfiguration.TriageDatabase(paths, configuration);
        if (!File.Exists(database))
        {
            error.WriteLine($"There is no triage index at {database} yet: start the local pipeline with `foi run`.");
            return 1;
        }

        using var index = new SqliteTriageIndex(database);

        // A file written by an older build gains the columns this one reads (idempotent, safe beside a running host).
        await index.EnsureCreatedAsync(cancellationToken);

        // Whoever runs the CLI reads the index file itself, so clearance cannot be enforced here: the queue shows everything.
        var page = await index.SearchAsync(
            new TriageQuery { Status = wanted, Text = search, Take = take, IncludeRestricted = true }, cancellationToken);
        WorkingDays workingDays;
        try
        {
            workingDays = DeadlineOptions.From(configuration).CreateWorkingDays();
        }
        catch (OptionsValidationException ex)
        {
            error.WriteLine(string.Join(Environment.NewLine, ex.Failures));
            return 1;
        }

        QueueTable.Write(output, page, workingDays, StatutoryClock.UkDate(DateTimeOffset.UtcNow));
        return 0;
    }
}
