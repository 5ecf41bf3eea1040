using System.CommandLine;

namespace FoiPipeline.Local.Cli;

/// <summary>The <c>foi</c> command line: run the local pipeline, put letters in, look at the queue, analyse a file.</summary>
public static class FoiCli
{
    public static async Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            // Leave time on Ctrl+C to stop the host and Azurite cleanly rather than orphan them.
            ProcessTerminationTimeout = TimeSpan.FromSeconds(30),
        };
        return await Root().Parse(args).InvokeAsync(configuration, cancellationToken);
    }

    private static RootCommand Root()
    {
        var dataDir = new Option<string?>("--data-dir") { Description = $"Folder for Azurite's data and the triage index (default .foi in the repository, or ${LocalPaths.DataDirectoryVariable})." };
        var storage = new Option<string?>("--storage") { Description = "Use this storage connection string instead of starting Azurite." };

        var samples = new Option<bool>("--samples") { Description = "Ingest the sample letters in samples/letters, wait until they are indexed and print the queue." };
        var once = new Option<bool>("--once") { Description = "Exit after printing the queue instead of serving until Ctrl+C." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log at Debug level." };
        var apiPort = new Option<int>("--api-port") { Description = "Loopback port of the reviewer API (0 picks a free one).", DefaultValueFactory = _ => RunCommand.DefaultApiPort };
        apiPort.Validators.Add(result =>
        {
            if (result.GetValue(apiPort) is < 0 or > 65535)
            {
                result.AddError("--api-port must be from 0 to 65535.");
            }
        });
        var dropbox = new Option<string?>("--dropbox") { Description = "Also watch this folder and ingest every letter placed in it (.eml, .pdf, .docx, .txt, images); files move to its processed or failed folder." };
        var run = new Command("run", "Start the local pipeline: Azurite, the intake watcher, the stage workers and the reviewer API.") { samples, once, storage, dataDir, verbose, apiPort, dropbox };
        run.SetAction((parse, token) => RunCommand.RunAsync(
            new RunArguments(parse.GetValue(samples), parse.GetValue(once), parse.GetValue(storage), parse.GetValue(dataDir), parse.GetValue(verbose), parse.GetValue(apiPort)) { Dropbox = parse.GetValue(dropbox) },
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            token));

        var files = new Argument<FileInfo[]>("files") { Description = "Letters to put in the intake container (.eml, .txt, ...).", Arity = ArgumentArity.OneOrMore };
        var received = new Option<DateTimeOffset?>("--received") { Description = "The date of receipt when it is earlier than now, e.g. the post room's date stamp (ISO 8601)." };
        var ingest = new Command("ingest", "Upload letters to the intake container of the local pipeline.") { files, received, storage, dataDir };
        ingest.SetAction((parse, token) => IngestCommand.RunAsync(
            parse.GetValue(files)!, parse.GetValue(received), parse.GetValue(storage), parse.GetValue(dataDir),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, token));

        var status = new Option<string?>("--status") { Description = "Only requests with this status (new, in-review, referred, awaiting-clarification, ready, closed, rejected, duplicate)." };
        var search = new Option<string?>("--search", "-s") { Description = "Only requests containing all these words." };
        var take = new Option<int>("--take") { Description = $"How many requests to show (at most {FoiPipeline.Triage.TriageQuery.MaxTake}).", DefaultValueFactory = _ => 50 };
        var queue = new Command("queue", "Print the triage queue, soonest deadline first.") { status, search, take, dataDir };
        queue.SetAction((parse, token) => QueueCommand.RunAsync(
            parse.GetValue(status), parse.GetValue(search), parse.GetValue(take), parse.GetValue(dataDir),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, token));

        var letters = new Argument<FileInfo[]>("files") { Description = "Letters to analyse.", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per file, one per line (the contract in DESIGN.md)." };
        var full = new Option<bool>("--full") { Description = "Print the whole analysis as one JSON object per line: spans, context, fallback, flags, referrals, regions, warnings and the text." };
        var analyze = new Command(
            "analyze",
            "Analyse letters without storing anything: requester, questions, themes, due date, handling, and repeats or round-robins among the files given.")
        {
            letters, json, full,
        };
        analyze.SetAction((parse, token) => AnalyzeCommand.RunAsync(
            parse.GetValue(letters)!,
            parse.GetValue(full) ? AnalyzeFormat.Full : parse.GetValue(json) ? AnalyzeFormat.Json : AnalyzeFormat.Text,
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            token));

        var role = new Option<string[]>("--role") { Description = $"A role the token grants; repeat for more ({string.Join(", ", FoiPipeline.Review.ReviewerRoles.All)})." };
        var name = new Option<string?>("--name") { Description = "The reviewer's display name (default: the user id)." };
        var user = new Option<string?>("--user") { Description = "The reviewer's user id (default: your login name)." };
        var hours = new Option<int?>("--hours") { Description = $"How long the token lasts, in hours (default FoiPipeline:Api:Authentication:DevTokenLifetime, 8 hours; at most {TokenCommand.MaxHours})." };
        var token = new Command("token", "Print a signed development token for the local reviewer API (send it as `Authorization: Bearer <token>`).")
        {
            role, name, user, hours, dataDir,
        };
        token.SetAction(parse => TokenCommand.Run(
            parse.GetValue(role) ?? [], parse.GetValue(name), parse.GetValue(user), parse.GetValue(hours), parse.GetValue(dataDir),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));

        var all = new Option<bool>("--all") { Description = "Replay everything waiting that the other options select (at most --max)." };
        var items = new Option<string[]>("--item") { Description = "Replay this poison message id or quarantined letter name; repeat for more." };
        var poison = new Option<bool>("--poison") { Description = "Only poison messages (and letters the Functions host gave up on)." };
        var quarantine = new Option<bool>("--quarantine") { Description = "Only quarantined letters." };
        var queues = new Option<string[]>("--queue") { Description = "Only poison messages of this work queue (analyze, index); repeat for more." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would be replayed and change nothing." };
        var max = new Option<int>("--max") { Description = $"Replay at most this many items in one run (1 to {FoiPipeline.Replay.ReplayFilter.MostMax}).", DefaultValueFactory = _ => FoiPipeline.Replay.ReplayFilter.DefaultMax };
        var replay = new Command(
            "replay",
            "List poison messages and quarantined letters; after fixing the cause, put them back with --all or --item (without either, only lists).")
        {
            all, items, poison, quarantine, queues, dryRun, max, storage, dataDir,
        };
        replay.SetAction((parse, token) => ReplayCommand.RunAsync(
            new ReplayArguments
            {
                All = parse.GetValue(all),
                Items = parse.GetValue(items) ?? [],
                Poison = parse.GetValue(poison),
                Quarantine = parse.GetValue(quarantine),
                Queues = parse.GetValue(queues) ?? [],
                DryRun = parse.GetValue(dryRun),
                Max = parse.GetValue(max),
                Storage = parse.GetValue(storage),
                DataDirectory = parse.GetValue(dataDir),
            },
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            token));

        return new RootCommand("FoiPipeline: Freedom of Information requests from intake to a triage queue.") { run, ingest, queue, analyze, token, replay };
    }
}
