using System.Text.Json;
using FoiPipeline.Pipeline;
using FoiPipeline.Replay;
using FoiPipeline.Review;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FoiPipeline.Api;

/// <summary>The admin endpoints that list and replay what failed: poison messages and quarantined letters.</summary>
public sealed partial class ReviewApi
{
    internal static readonly string[] ReplayFields = ["all", "items", "kinds", "queues", "dryRun", "max"];

    /// <summary>The names of <see cref="ReplayKind"/> as the API reads and writes them.</summary>
    internal static IReadOnlyList<string> ReplayKindNames { get; } = [.. Enum.GetValues<ReplayKind>().Select(KindName)];

    /// <summary>Everything waiting to be replayed (the first 100), changing nothing.</summary>
    public Task<IResult> ListReplayAsync(HttpRequest request, CancellationToken cancellationToken)
        => WithAdmin(request, async _ =>
        {
            if (request.Query.Keys.FirstOrDefault() is { } unknown)
            {
                return Problems.BadRequest($"Unknown parameter \"{JsonBody.Clip(unknown)}\": this list takes none; POST with \"dryRun\": true to filter it.");
            }

            return ApiJson.Ok(await _replay.RunAsync(new ReplayFilter { DryRun = true }, cancellationToken));
        });

    /// <summary>Replays what the body selects (<c>"all": true</c> or <c>"items"</c>), or with <c>"dryRun": true</c> only lists it.</summary>
    public Task<IResult> ReplayAsync(HttpRequest request, CancellationToken cancellationToken)
        => WithAdmin(request, async admin =>
        {
            var (body, bodyProblem) = await JsonBody.ReadAsync(request, ReplayFields, optional: false, cancellationToken);
            if (body is null)
            {
                return bodyProblem!;
            }

            if (ReadReplayFilter(body, out var all, out var problem) is not { } filter)
            {
                return Problems.BadRequest(problem!);
            }

            if (!all && filter.Items.Count == 0 && !filter.DryRun)
            {
                return Problems.BadRequest("Say what to replay: \"items\" with poison message ids or quarantined letter names, or \"all\": true (at most \"max\", 100 by default). Send \"dryRun\": true to see what would be replayed.");
            }

            var report = await _replay.RunAsync(filter, cancellationToken);
            if (!report.DryRun)
            {
                _logger.LogInformation("Admin {Reviewer} replayed {Replayed} items ({Failed} failed, {Skipped} skipped)",
                    admin.Id, report.Count(ReplayOutcome.Replayed), report.Count(ReplayOutcome.Failed), report.Count(ReplayOutcome.Skipped));
            }

            return ApiJson.Ok(report);
        });

    private ReplayFilter? ReadReplayFilter(JsonBody body, out bool all, out string? problem)
    {
        int? max = null;
        var dryRun = false;
        List<string> items = [], kinds = [], queues = [];
        if (!body.TryBoolean("all", out all, out problem)
            || !body.TryBoolean("dryRun", out dryRun, out problem)
            || !body.TryInteger("max", 1, ReplayFilter.MostMax, out max, out problem)
            || !body.TryOptionalStrings("items", ReplayFilter.MostMax, 1024, out items, out problem)
            || !body.TryOptionalStrings("kinds", ReplayKindNames.Count, 40, out kinds, out problem)
            || !body.TryOptionalStrings("queues", 10, 63, out queues, out problem))
        {
            return null;
        }

        if (kinds.FirstOrDefault(k => !ReplayKindNames.Contains(k)) is { } kind)
        {
            problem = $"\"{JsonBody.Clip(kind)}\" is not a kind; the kinds are {string.Join(", ", ReplayKindNames)}.";
            return null;
        }

        var known = _storage.Names.Queues.All.ToList();
        if (queues.FirstOrDefault(q => !known.Contains(q)) is { } queue)
        {
            problem = $"\"{JsonBody.Clip(queue)}\" is not a pipeline queue; the queues are {string.Join(", ", known)}.";
            return null;
        }

        return new ReplayFilter
        {
            Kinds = kinds.Select(k => Enum.GetValues<ReplayKind>().Single(v => KindName(v) == k)).ToHashSet(),
            Queues = queues.ToHashSet(StringComparer.Ordinal),
            Items = items.ToHashSet(StringComparer.Ordinal),
            DryRun = dryRun,
            Max = max ?? ReplayFilter.DefaultMax,
        };
    }

    private static string KindName(ReplayKind kind) => JsonSerializer.Serialize(kind, PipelineJson.Options).Trim('"');

    private Task<IResult> WithAdmin(HttpRequest request, Func<Reviewer, Task<IResult>> handle)
        => WithReviewer(request, reviewer => reviewer.IsAdmin
            ? handle(reviewer)
            : Task.FromResult(Problems.Forbidden("Only an admin may list or replay poison messages and quarantined letters.")));
}
