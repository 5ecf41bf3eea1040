using System.Net;
using System.Reflection;
using System.Text.Json;
using FoiPipeline.Api;
using FoiPipeline.Api.Authentication;
using FoiPipeline.Functions;
using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Review;
using FoiPipeline.TestFixtures;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace FoiPipeline.IntegrationTests.Functions;

/// <summary>
/// The reviewer API's HttpTriggers match the endpoint table both hosts serve, and the Functions app's
/// services answer over HTTP through them.
/// </summary>
public sealed class ReviewFunctionsTests
{
    private static List<(MethodInfo Method, string Name, HttpTriggerAttribute Trigger)> Triggers()
        => [.. typeof(ReviewFunctions).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Select(m => (Method: m, Function: m.GetCustomAttribute<FunctionAttribute>()))
            .Where(f => f.Function is not null)
            .Select(f => (f.Method, f.Function!.Name, f.Method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).Single(a => a is not null)!))];

    [Fact]
    public void Every_endpoint_has_exactly_one_function_with_its_name_method_and_route()
    {
        var triggers = Triggers();
        foreach (var endpoint in ReviewEndpoints.All)
        {
            var (_, _, trigger) = Assert.Single(triggers, t => t.Name == endpoint.Name);
            Assert.Equal([endpoint.Method], trigger.Methods!.Select(m => m.ToUpperInvariant()));
            Assert.Equal(endpoint.Route, trigger.Route);
        }
    }

    [Fact]
    public void Beyond_the_table_functions_serve_the_openapi_document_and_the_page_and_answer_everything_else()
    {
        var extra = Triggers().Where(t => ReviewEndpoints.All.All(e => e.Name != t.Name)).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(["GetOpenApi", "NotMapped", "ServePage"], extra.Select(t => t.Name));
        Assert.Equal(["GET"], extra[0].Trigger.Methods!.Select(m => m.ToUpperInvariant()));
        Assert.Equal("openapi.json", extra[0].Trigger.Route);
        Assert.Equal("{*rest}", extra[1].Trigger.Route);
        Assert.Equal("page/{file?}", extra[2].Trigger.Route);
    }

    [Fact]
    public void Every_function_is_anonymous_because_App_Service_authentication_identifies_the_caller()
    {
        Assert.All(Triggers(), t => Assert.Equal(AuthorizationLevel.Anonymous, t.Trigger.AuthLevel));
    }

    [Fact]
    public void Every_function_binds_only_what_the_host_can_give_it()
    {
        foreach (var (method, _, trigger) in Triggers())
        {
            var routeValues = System.Text.RegularExpressions.Regex.Matches(trigger.Route!, @"\{\*?(\w+)\??\}").Select(m => m.Groups[1].Value).ToHashSet();
            Assert.All(method.GetParameters(), p => Assert.True(
                p.ParameterType == typeof(Microsoft.AspNetCore.Http.HttpRequest)
                || p.ParameterType == typeof(CancellationToken)
                || (p.ParameterType == typeof(string) && routeValues.Contains(p.Name!)),
                $"{method.Name}({p.Name})"));
        }
    }
}

/// <summary>The Functions app's services behind <see cref="FunctionsHttpHost"/>, over real Azurite.</summary>
public sealed class ReviewFunctionsHttpTests : IAsyncLifetime
{
    private TestPipeline _storage = null!;
    private ServiceProvider? _services;
    private FunctionsHttpHost? _host;
    private HttpClient? _client;

    private HttpClient Client => _client ?? throw new InvalidOperationException("Call StartAsync first.");

    public async Task InitializeAsync() => _storage = await TestPipeline.CreateAsync(startHost: false);

    /// <summary>Builds the Functions app's services (then <paramref name="configure"/>), starts them, and serves the triggers.</summary>
    private async Task StartAsync(Action<IServiceCollection>? configure = null)
    {
        _services = await FunctionsAppServices.StartAsync(_storage, after: configure);
        _host = await FunctionsHttpHost.StartAsync(_services);
        _client = new HttpClient { BaseAddress = _host.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await _storage.DisposeAsync();
    }

    [Fact]
    public async Task The_openapi_document_is_served_without_sign_in()
    {
        await StartAsync();
        using var response = await Client.GetAsync(new Uri("api/openapi.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(OpenApiDocument.Json.ToArray(), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_unauthenticated_caller_gets_no_queue()
    {
        await StartAsync();
        using var response = await Client.GetAsync(new Uri("api/requests", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(Problems.ContentType, response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(Problems.TypeOf("unauthenticated"), problem.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_signed_in_reviewer_reaches_the_handlers_with_the_route_values_bound_by_name()
    {
        await StartAsync(services =>
        {
            // Everyone is a reviewer here; the store is never reached by these two calls.
            services.AddSingleton<IReviewerAuthenticator>(new EveryoneIsAReviewer());
            services.TryAddSingleton<IReviewStore, UnusedReviewStore>();
        });

        using var queue = await Client.GetAsync(new Uri("api/requests?take=5", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, queue.StatusCode);
        using (var page = JsonDocument.Parse(await queue.Content.ReadAsStringAsync()))
        {
            Assert.Equal(0, page.RootElement.GetProperty("total").GetInt64());
            Assert.Equal(5, page.RootElement.GetProperty("take").GetInt32());
        }

        using var request = await Client.GetAsync(new Uri("api/requests/not-a-request-id", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, request.StatusCode);
        Assert.Equal(Problems.ContentType, request.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await request.Content.ReadAsStringAsync());
        Assert.StartsWith("\"not-a-request-id\" is not a request id", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_lists_an_auto_reply_the_functions_held_and_releases_it_through_the_held_triggers()
    {
        await StartAsync();
        await _storage.Intake.UploadBlobAsync("gmail-vacation.eml", new BinaryData(MailLoopFixtures.GmailVacationResponder));
        var docId = FoiPipeline.Pipeline.DocId.Of(MailLoopFixtures.GmailVacationResponder);
        await ActivatorUtilities.CreateInstance<IntakeFunction>(_services!).RunAsync(_storage.Intake.GetBlobClient("gmail-vacation.eml"), CancellationToken.None);
        var analyze = await ReceiveAsync(_storage.Names.Queues.Analyze);
        await ActivatorUtilities.CreateInstance<AnalyzeFunction>(_services!).RunAsync(analyze, CancellationToken.None);
        await _storage.Queue(_storage.Names.Queues.Analyze).DeleteMessageAsync(analyze.MessageId, analyze.PopReceipt);

        using (var refused = await Client.SendAsync(SignedIn(HttpMethod.Get, "api/admin/held", ReviewerRoles.Reviewer)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using (var held = await Client.SendAsync(SignedIn(HttpMethod.Get, "api/admin/held", ReviewerRoles.Admin)))
        {
            Assert.Equal(HttpStatusCode.OK, held.StatusCode);
            using var list = JsonDocument.Parse(await held.Content.ReadAsStringAsync());
            var item = Assert.Single(list.RootElement.GetProperty("items").EnumerateArray());
            Assert.Equal(docId, item.GetProperty("docId").GetString());
            Assert.Equal("gmail-vacation.eml", item.GetProperty("sourceBlob").GetString());
        }

        using (var release = await Client.SendAsync(SignedIn(HttpMethod.Post, $"api/admin/held/{docId}/release", ReviewerRoles.Admin)))
        {
            Assert.Equal(HttpStatusCode.OK, release.StatusCode);
            using var released = JsonDocument.Parse(await release.Content.ReadAsStringAsync());
            Assert.Equal("admin-1", released.RootElement.GetProperty("releasedBy").GetString());
        }

        // Released: the letter goes back to the analyze stage, which now treats it as a letter.
        var again = await ReceiveAsync(_storage.Names.Queues.Analyze);
        Assert.Equal(docId, FoiPipeline.Pipeline.StageMessage.Parse(again.Body.ToString()).DocId);
    }

    /// <summary>A request as App Service authentication passes it on for a signed-in Entra ID user with one app role.</summary>
    private static HttpRequestMessage SignedIn(HttpMethod method, string path, string role)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        var principal = new
        {
            auth_typ = "aad",
            name_typ = "name",
            role_typ = "roles",
            claims = new object[]
            {
                new { typ = "http://schemas.microsoft.com/identity/claims/objectidentifier", val = role + "-1" },
                new { typ = "name", val = "Ada " + role },
                new { typ = "roles", val = role },
            },
        };
        request.Headers.Add("X-MS-CLIENT-PRINCIPAL", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(principal))));
        request.Headers.Add("X-MS-CLIENT-PRINCIPAL-ID", role + "-1");
        return request;
    }

    private async Task<Azure.Storage.Queues.Models.QueueMessage> ReceiveAsync(string queue)
        => await Eventually.GetAsync(async () => (await _storage.Queue(queue).ReceiveMessagesAsync(1)).Value.FirstOrDefault(), $"a message on {queue}");

    private sealed class EveryoneIsAReviewer : IReviewerAuthenticator
    {
        public AuthenticationOutcome Authenticate(Microsoft.AspNetCore.Http.HttpRequest request)
            => AuthenticationOutcome.Success(new Reviewer("r-1", "Rita Reviewer", new HashSet<string> { ReviewerRoles.Reviewer }));
    }

    private sealed class UnusedReviewStore : IReviewStore
    {
        public Task EnsureCreatedAsync(CancellationToken cancellationToken) => throw Unused();

        public Task<VersionedReview?> GetAsync(string requestId, CancellationToken cancellationToken) => throw Unused();

        public Task<string?> TryCommitAsync(string requestId, string? expectedVersion, ReviewChange change, CancellationToken cancellationToken) => throw Unused();

        public Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(string requestId, CancellationToken cancellationToken) => throw Unused();

        public Task<IReadOnlyList<CorrectionRecord>> ReadCorrectionsAsync(DateTimeOffset since, int take, CancellationToken cancellationToken) => throw Unused();

        private static NotSupportedException Unused() => new("These tests never reach the review store.");
    }
}
