using FoiPipeline.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FoiPipeline.Functions;

/// <summary>
/// The reviewer API in the Functions app: one HttpTrigger per entry of <see cref="ReviewEndpoints.All"/> (same
/// function name, method and route), each binding the request and calling the same <see cref="ReviewApi"/>
/// handler the local host calls. A test holds the two lists together.
/// </summary>
/// <remarks>
/// Every trigger is <see cref="AuthorizationLevel.Anonymous"/> on purpose. App Service authentication in front
/// of the app signs reviewers in with Entra ID and passes their identity and roles on, and the handlers refuse
/// any caller it has not identified. A function key would add nothing but a shared secret that every reviewer's
/// browser would have to carry, where anyone could copy it.
/// </remarks>
public sealed class ReviewFunctions
{
    private readonly ReviewApi _api;

    public ReviewFunctions(ReviewApi api) => _api = api;

    [Function("GetCaller")]
    public async Task<IActionResult> GetCallerAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me")] HttpRequest request, CancellationToken cancellationToken)
        => Answer(await _api.MeAsync(request, cancellationToken));

    [Function("ListThemes")]
    public async Task<IActionResult> ListThemesAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "themes")] HttpRequest request, CancellationToken cancellationToken)
        => Answer(await _api.ThemesAsync(request, cancellationToken));

    [Function("ListRequests")]
    public async Task<IActionResult> ListRequestsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "requests")] HttpRequest request, CancellationToken cancellationToken)
        => Answer(await _api.ListAsync(request, cancellationToken));

    [Function("GetRequest")]
    public async Task<IActionResult> GetRequestAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "requests/{id}")] HttpRequest request, string id, CancellationToken cancellationToken)
        => Answer(await _api.GetAsync(request, id, cancellationToken));

    [Function("GetOriginal")]
    public async Task<IActionResult> GetOriginalAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "requests/{id}/original")] HttpRequest request, string id, CancellationToken cancellationToken)
        => Answer(await _api.OriginalAsync(request, id, cancellationToken));

    [Function("GetAudit")]
    public async Task<IActionResult> GetAuditAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "requests/{id}/audit")] HttpRequest request, string id, CancellationToken cancellationToken)
        => Answer(await _api.AuditAsync(request, id, cancellationToken));

    [Function("ClaimRequest")]
    public async Task<IActionResult> ClaimRequestAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "requests/{id}/claim")] HttpRequest request, string id, CancellationToken cancellationToken)
        => Answer(await _api.ClaimAsync(request, id, cancellationToken));

    [Function("ReleaseRequest")]
    public async Task<IActionResult> ReleaseRequestAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "requests/{id}/release")] HttpRequest request, string id, CancellationToken cancellationToken)
        => Answer(await _api.ReleaseAsync(request, id, cancellationToken));

    [Function("EditQuestions")]
    public async Task<IActionResult> EditQuestionsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "requests/{id}/questions")] HttpRequest request, string id, CancellationToken cancellationToken)
        => Answer(await _api.EditQuestionsAsync(request, id, cancellationToken));

    [Function("EditThemes")]
    public async Task<IActionResult> EditThemesAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "requests/{id}/themes")] HttpRequest request, string id, CancellationToken cancellationToken)
        => Answer(await _api.EditThemesAsync(request, id, cancellationToken));

    [Function("SetStatus")]
    public async Task<IActionResult> SetStatusAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "requests/{id}/status")] HttpRequest request, string id, CancellationToken cancellationToken)
        => Answer(await _api.SetStatusAsync(request, id, cancellationToken));

    [Function("AddNote")]
    public async Task<IActionResult> AddNoteAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "requests/{id}/notes")] HttpRequest request, string id, CancellationToken cancellationToken)
        => Answer(await _api.AddNoteAsync(request, id, cancellationToken));

    [Function("ListCorrections")]
    public async Task<IActionResult> ListCorrectionsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "corrections")] HttpRequest request, CancellationToken cancellationToken)
        => Answer(await _api.CorrectionsAsync(request, cancellationToken));

    [Function("ListReplay")]
    public async Task<IActionResult> ListReplayAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/replay")] HttpRequest request, CancellationToken cancellationToken)
        => Answer(await _api.ListReplayAsync(request, cancellationToken));

    [Function("Replay")]
    public async Task<IActionResult> ReplayAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/replay")] HttpRequest request, CancellationToken cancellationToken)
        => Answer(await _api.ReplayAsync(request, cancellationToken));

    [Function("ListHeld")]
    public async Task<IActionResult> ListHeldAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/held")] HttpRequest request, CancellationToken cancellationToken)
        => Answer(await _api.ListHeldAsync(request, cancellationToken));

    [Function("ReleaseHeld")]
    public async Task<IActionResult> ReleaseHeldAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/held/{id}/release")] HttpRequest request, string id, CancellationToken cancellationToken)
        => Answer(await _api.ReleaseHeldAsync(request, id, cancellationToken));

    /// <summary>
    /// The OpenAPI document, open to anyone as on the local host. Static, so the host needs none of the API's
    /// services to serve it: the description stays readable even when sign-in or storage is misconfigured.
    /// </summary>
    [Function("GetOpenApi")]
    public static IActionResult GetOpenApi(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request)
        => Answer(OpenApiDocument.Result());

    /// <summary>The reviewer page and its script and styles (see <see cref="ReviewPage"/>).</summary>
    [Function("ServePage")]
    public static IActionResult ServePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "page/{file?}")] HttpRequest request, string? file)
        => Answer(ReviewPage.Serve(file));

    /// <summary>
    /// Any other path or method under <c>/api</c>: a problem+json 404 or 405 rather than the host's empty page.
    /// A catch-all route has the lowest precedence, so every route above still wins.
    /// </summary>
    [Function("NotMapped")]
    public static IActionResult NotMapped(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", Route = "{*rest}")] HttpRequest request)
        => Answer(ReviewEndpoints.NotMapped(request));

    private static ApiActionResult Answer(IResult result) => new(result);
}
