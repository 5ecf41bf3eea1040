using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using FoiPipeline.IntegrationTests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FoiPipeline.IntegrationTests.SharedMailbox;

/// <summary>
/// Microsoft Graph's mail API for one mailbox, as a Kestrel server on loopback https, for tests. It follows the documented
/// protocol where the connector touches it: the message delta query on a folder (https://learn.microsoft.com/graph/api/message-delta)
/// with <c>Prefer: odata.maxpagesize</c>, pages linked by <c>@odata.nextLink</c> and a round ended by <c>@odata.deltaLink</c>,
/// changes since a delta token with <c>@removed</c> for messages that left the folder, 410 Gone for an expired token;
/// <c>GET messages/{id}/$value</c> (MIME), <c>PATCH messages/{id}</c> (categories, replaced as a whole), <c>POST messages/{id}/move</c>
/// (the moved message gets a new id); 404 ErrorItemNotFound for a message that is gone; 401 without the bearer token.
/// Tests add and delete mail, expire tokens, and make chosen requests answer 429 with Retry-After (or another status).
/// </summary>
public sealed class FakeGraphMail : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FakeMessage> _messages = new(StringComparer.Ordinal);
    private readonly List<(long Seq, string Id)> _changes = [];
    private readonly Dictionary<string, Round> _rounds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deleteWhenListed = new(StringComparer.Ordinal);
    private readonly List<Fault> _faults = [];
    private readonly List<RecordedRequest> _requests = [];
    private TaskCompletionSource? _firstPagesTogether;
    private int _firstPagesAwaited;
    private int _firstPagesWanted;
    private long _seq;
    private long _expiredBefore;
    private int _ids;

    private FakeGraphMail(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The mailbox the fake serves (its user principal name).</summary>
    public string Mailbox { get; } = "foi@example.police.uk";

    /// <summary>The access token the fake accepts.</summary>
    public string Token { get; } = "fake-graph-token-" + Guid.NewGuid().ToString("N");

    /// <summary>The fake's https root, e.g. https://127.0.0.1:41234/.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>What to configure as the Graph base address.</summary>
    public Uri GraphBaseUrl => new(Endpoint, "v1.0");

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<FakeGraphMail> StartAsync()
    {
        var (fake, endpoint) = await LoopbackFake.StartAsync(app => new FakeGraphMail(app), fake => fake.HandleAsync, LoopbackCertificate.Instance);
        fake.Endpoint = endpoint;
        return fake;
    }

    /// <summary>Delivers a message to a folder of the mailbox.</summary>
    /// <returns>Its Graph id.</returns>
    public string Deliver(byte[] mime, string? internetMessageId, string folder = "inbox", DateTimeOffset? receivedAt = null)
    {
        lock (_gate)
        {
            var id = NewId();
            _messages[id] = new FakeMessage
            {
                Id = id,
                InternetMessageId = internetMessageId,
                Mime = mime,
                Folder = folder,
                ReceivedAt = receivedAt ?? new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero).AddMinutes(_messages.Count),
            };
            Changed(id);
            return id;
        }
    }

    public void Delete(string id)
    {
        lock (_gate)
        {
            if (_messages.Remove(id))
            {
                Changed(id);
            }
        }
    }

    /// <summary>The message is deleted right after the delta page listing it is served, before anyone can download it.</summary>
    public void DeleteWhenListed(string id)
    {
        lock (_gate)
        {
            _deleteWhenListed.Add(id);
        }
    }

    /// <summary>Every delta token handed out so far stops being valid (Graph's token cache dropped them).</summary>
    public void ExpireDeltaTokens()
    {
        lock (_gate)
        {
            _expiredBefore = _seq + 1;
        }
    }

    /// <summary>
    /// The first page of a full synchronisation is answered only once <paramref name="runs"/> requests for it have arrived,
    /// so that many runs are certain to list the same messages at the same moment.
    /// </summary>
    public void HoldFirstPageUntil(int runs)
    {
        lock (_gate)
        {
            _firstPagesWanted = runs;
            _firstPagesTogether = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>The next <paramref name="times"/> requests matching <paramref name="match"/> (method, path) are answered with <paramref name="status"/>.</summary>
    public void Fail(Func<string, string, bool> match, int times, int status = 429, int? retryAfterSeconds = null)
    {
        lock (_gate)
        {
            _faults.Add(new Fault(match, status, retryAfterSeconds) { Remaining = times });
        }
    }

    public static Func<string, string, bool> DownloadOf(string id) => (method, path) => method == "GET" && path.EndsWith("/messages/" + id + "/$value", StringComparison.Ordinal);

    public static Func<string, string, bool> PatchOf(string id) => (method, path) => method == "PATCH" && path.EndsWith("/messages/" + id, StringComparison.Ordinal);

    public IReadOnlyList<string> Categories(string id)
    {
        lock (_gate)
        {
            return _messages.TryGetValue(id, out var message) ? [.. message.Categories] : [];
        }
    }

    /// <summary>Graph ids of the messages now in <paramref name="folder"/>.</summary>
    public IReadOnlyList<string> InFolder(string folder)
    {
        lock (_gate)
        {
            return [.. _messages.Values.Where(m => m.Folder == folder).Select(m => m.Id)];
        }
    }

    /// <summary>Successful MIME downloads of a message.</summary>
    public int Downloads(string id) => Requests.Count(r => r.Method == "GET" && r.Path.EndsWith("/messages/" + id + "/$value", StringComparison.Ordinal) && r.Status == 200);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private string NewId() => "AAMkAGI2T" + (++_ids).ToString("D4", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..12] + "=";

    private void Changed(string id) => _changes.Add((++_seq, id));

    private async Task HandleAsync(HttpContext context)
    {
        var method = context.Request.Method;
        var path = context.Request.Path.Value ?? string.Empty;
        var query = context.Request.QueryString.Value ?? string.Empty;
        string? body = null;
        if (context.Request.ContentLength > 0 || method is "PATCH" or "POST")
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync();
        }

        if (method == "GET" && path.EndsWith("/messages/delta", StringComparison.Ordinal) && !query.Contains("token=", StringComparison.Ordinal))
        {
            Task? hold = null;
            lock (_gate)
            {
                if (_firstPagesTogether is { } together && ++_firstPagesAwaited >= _firstPagesWanted)
                {
                    together.TrySetResult();
                }

                hold = _firstPagesTogether?.Task;
            }

            if (hold is not null)
            {
                await hold.WaitAsync(TimeSpan.FromSeconds(30));
            }
        }

        var (status, headers, content, contentType) = Answer(method, path, query, context.Request.Headers, body);
        lock (_gate)
        {
            _requests.Add(new RecordedRequest(method, path, query, context.Request.Headers["Prefer"].ToString(), context.Request.Headers.Authorization.ToString(), status, DateTimeOffset.UtcNow));
        }

        context.Response.StatusCode = status;
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }

        if (content is not null)
        {
            context.Response.ContentType = contentType;
            await context.Response.Body.WriteAsync(content);
        }
    }

    private (int Status, IReadOnlyList<(string, string)> Headers, byte[]? Content, string ContentType) Answer(
        string method, string path, string query, IHeaderDictionary headers, string? body)
    {
        lock (_gate)
        {
            if (headers.Authorization.ToString() != "Bearer " + Token)
            {
                return Error(401, "InvalidAuthenticationToken", "Access token is empty or not valid.");
            }

            if (_faults.FirstOrDefault(f => f.Remaining > 0 && f.Match(method, path)) is { } fault)
            {
                fault.Remaining--;
                var error = Error(fault.Status, fault.Status == 429 ? "ApplicationThrottled" : "ServiceUnavailable", "Injected by the test.");
                return fault.RetryAfterSeconds is { } seconds
                    ? (error.Status, [("Retry-After", seconds.ToString(CultureInfo.InvariantCulture))], error.Content, error.ContentType)
                    : error;
            }

            var prefix = "/v1.0/users/" + Mailbox + "/";
            if (!path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return Error(404, "ErrorInvalidUser", "The requested user is invalid.");
            }

            var rest = path[prefix.Length..];
            var parts = rest.Split('/');
            if (method == "GET" && parts is ["mailFolders", var folder, "messages", "delta"])
            {
                return Delta(folder, query, headers["Prefer"].ToString());
            }

            if (parts is not ["messages", var messageId, ..])
            {
                return Error(400, "BadRequest", $"The fake does not serve {method} {path}.");
            }

            if (!_messages.TryGetValue(messageId, out var message))
            {
                return Error(404, "ErrorItemNotFound", "The specified object was not found in the store.");
            }

            return (method, parts) switch
            {
                ("GET", [_, _, "$value"]) => (200, [], message.Mime, "text/plain"),
                ("PATCH", [_, _]) => Patch(message, body),
                ("POST", [_, _, "move"]) => Move(message, body),
                _ => Error(400, "BadRequest", $"The fake does not serve {method} {path}."),
            };
        }
    }

    private (int, IReadOnlyList<(string, string)>, byte[]?, string) Delta(string folder, string query, string prefer)
    {
        var parameters = System.Web.HttpUtility.ParseQueryString(query);
        Round round;
        if (parameters["$skiptoken"] is { } skip)
        {
            if (!_rounds.TryGetValue(skip, out round!))
            {
                return Error(400, "SyncStateNotFound", "The skip token is not known.");
            }
        }
        else if (parameters["$deltatoken"] is { } deltaToken)
        {
            var since = long.Parse(deltaToken, CultureInfo.InvariantCulture);
            if (since < _expiredBefore)
            {
                return Error(410, "SyncStateNotFound", "The sync state generation is not found. The delta token is expired and data must be synchronized again.");
            }

            var changed = _changes.Where(c => c.Seq > since).Select(c => c.Id).Distinct().ToList();
            round = new Round(folder, changed, _seq, Full: false);
        }
        else
        {
            // A full synchronisation: what is in the folder now, oldest first.
            var all = _messages.Values.Where(m => m.Folder == folder).OrderBy(m => m.ReceivedAt).Select(m => m.Id).ToList();
            round = new Round(folder, all, _seq, Full: true);
        }

        var pageSize = prefer.StartsWith("odata.maxpagesize=", StringComparison.Ordinal)
            ? int.Parse(prefer["odata.maxpagesize=".Length..], CultureInfo.InvariantCulture)
            : 10;
        var page = round.Ids.Take(pageSize).ToList();
        var value = new JsonArray();
        foreach (var id in page)
        {
            if (_messages.TryGetValue(id, out var message) && message.Folder == round.Folder)
            {
                value.Add(message.ToJson());
            }
            else if (!round.Full)
            {
                value.Add(new JsonObject { ["@odata.type"] = "#microsoft.graph.message", ["id"] = id, ["@removed"] = new JsonObject { ["reason"] = "deleted" } });
            }
        }

        var link = new Uri(GraphBaseUrl + $"/users/{Uri.EscapeDataString(Mailbox)}/mailFolders/{folder}/messages/delta");
        var response = new JsonObject { ["@odata.context"] = GraphBaseUrl + "/$metadata#Collection(message)", ["value"] = value };
        if (round.Ids.Count > pageSize)
        {
            var skipToken = Guid.NewGuid().ToString("N");
            _rounds[skipToken] = round with { Ids = round.Ids.Skip(pageSize).ToList() };
            response["@odata.nextLink"] = link + "?$skiptoken=" + skipToken;
        }
        else
        {
            response["@odata.deltaLink"] = link + "?$deltatoken=" + round.EndSeq.ToString(CultureInfo.InvariantCulture);
        }

        foreach (var id in page.Where(_deleteWhenListed.Contains))
        {
            _deleteWhenListed.Remove(id);
            _messages.Remove(id);
            Changed(id);
        }

        return (200, [], Encoding.UTF8.GetBytes(response.ToJsonString()), "application/json");
    }

    private (int, IReadOnlyList<(string, string)>, byte[]?, string) Patch(FakeMessage message, string? body)
    {
        if (JsonNode.Parse(body ?? "{}")?["categories"] is not JsonArray categories)
        {
            return Error(400, "BadRequest", "Only categories can be patched on this fake.");
        }

        message.Categories = [.. categories.Select(c => c!.GetValue<string>())];
        Changed(message.Id);
        return (200, [], Encoding.UTF8.GetBytes(message.ToJson().ToJsonString()), "application/json");
    }

    private (int, IReadOnlyList<(string, string)>, byte[]?, string) Move(FakeMessage message, string? body)
    {
        if (JsonNode.Parse(body ?? "{}")?["destinationId"]?.GetValue<string>() is not { Length: > 0 } destination)
        {
            return Error(400, "ErrorInvalidIdMalformed", "destinationId is required.");
        }

        // A moved message is a new item with a new id; the old id leaves the source folder.
        _messages.Remove(message.Id);
        Changed(message.Id);
        var moved = new FakeMessage
        {
            Id = NewId(),
            InternetMessageId = message.InternetMessageId,
            Mime = message.Mime,
            Folder = destination,
            ReceivedAt = message.ReceivedAt,
            Categories = message.Categories,
        };
        _messages[moved.Id] = moved;
        Changed(moved.Id);
        return (201, [], Encoding.UTF8.GetBytes(moved.ToJson().ToJsonString()), "application/json");
    }

    private static (int Status, IReadOnlyList<(string, string)> Headers, byte[]? Content, string ContentType) Error(int status, string code, string message)
        => (status, [], Encoding.UTF8.GetBytes(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }.ToJsonString()), "application/json");

    public sealed record RecordedRequest(string Method, string Path, string Query, string Prefer, string Authorization, int Status, DateTimeOffset At);

    private sealed record Round(string Folder, List<string> Ids, long EndSeq, bool Full);

    private sealed record Fault(Func<string, string, bool> Match, int Status, int? RetryAfterSeconds)
    {
        public int Remaining { get; set; }
    }

    private sealed class FakeMessage
    {
        public required string Id { get; init; }

        public string? InternetMessageId { get; init; }

        public required byte[] Mime { get; init; }

        public required string Folder { get; init; }

        public DateTimeOffset ReceivedAt { get; init; }

        public List<string> Categories { get; set; } = [];

        public JsonObject ToJson() => new()
        {
            ["@odata.type"] = "#microsoft.graph.message",
            ["id"] = Id,
            ["internetMessageId"] = InternetMessageId,
            ["categories"] = new JsonArray([.. Categories.Select(c => JsonValue.Create(c))]),
            ["receivedDateTime"] = ReceivedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        };
    }
}
