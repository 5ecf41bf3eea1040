using FoiPipeline.Correspondence;
using FoiPipeline.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FoiPipeline.Api;

/// <summary>
/// The admin endpoints for mail held out of the queue (auto-replies, out-of-office notices, bounces): list it
/// with counts by kind, and release one that was held wrongly so it is analysed as a request.
/// </summary>
public sealed partial class ReviewApi
{
    /// <summary>The most held items one list returns; the counts cover all of them.</summary>
    public const int MaxHeldItems = 100;

    public Task<IResult> ListHeldAsync(HttpRequest request, CancellationToken cancellationToken)
        => WithHeldAdmin(request, async _ =>
        {
            if (request.Query.Keys.FirstOrDefault() is { } unknown)
            {
                return Problems.BadRequest($"Unknown parameter \"{JsonBody.Clip(unknown)}\": this list takes none.");
            }

            return ApiJson.Ok(await _correspondence.ListHeldAsync(MaxHeldItems, cancellationToken));
        });

    public Task<IResult> ReleaseHeldAsync(HttpRequest request, string id, CancellationToken cancellationToken)
        => WithHeldAdmin(request, async admin =>
        {
            if (!DocId.IsValid(id))
            {
                return Problems.BadRequest($"\"{JsonBody.Clip(id)}\" is not a request id, which is what a held message is known by: ids are {IdRule}.");
            }

            var released = await _correspondence.ReleaseAsync(id, admin.Id, _clock.GetUtcNow(), cancellationToken);
            if (released is null)
            {
                return Problems.NotFound($"Nothing is held under {id}; GET /api/admin/held lists what is.");
            }

            _logger.LogInformation("Admin {Reviewer} released held message {DocId} ({Kind}) into the queue", admin.Id, id, CorrespondenceStore.KindName(released.Kind));
            return ApiJson.Ok(released);
        });

    private Task<IResult> WithHeldAdmin(HttpRequest request, Func<Review.Reviewer, Task<IResult>> handle)
        => WithReviewer(request, reviewer => reviewer.IsAdmin
            ? handle(reviewer)
            : Task.FromResult(Problems.Forbidden("Only an admin may list or release held auto-replies and bounces.")));
}
