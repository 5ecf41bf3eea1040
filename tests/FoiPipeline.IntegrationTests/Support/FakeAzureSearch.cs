using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FoiPipeline.IntegrationTests.Support;

/// <summary>
/// Azure AI Search's index and document REST API (2023-11-01) as a Kestrel server on loopback, for tests.
/// It follows the documented protocol where our implementation touches it: create-or-update index (PUT), index
/// batches (upload, merge, mergeOrUpload, delete; 200, or 207 with per-document status; at most 1000 actions),
/// search (simple query, all words required; the OData filter subset we emit; facets; highlights; orderby;
/// skip/top; count) and lookup by key. Both the documented paths (<c>/indexes/x/docs/index</c>) and the OData
/// forms the .NET SDK sends (<c>/indexes('x')/docs/search.index</c>) are served. Filters it cannot parse are a
/// 400, as on the service, never a silent match. Tests inject per-document failures and whole-request 503s.
/// </summary>
public sealed partial class FakeAzureSearch : IAsyncDisposable
{
    public const int MaxBatchSize = 1000;

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<JsonObject> _indexBatches = [];
    private readonly Dictionary<string, FakeIndex> _indexes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<DocumentFault>> _documentFaults = new(StringComparer.Ordinal);
    private int _unavailable;
    private (int Count, int RetryAfterSeconds, string? Index) _indexingThrottles;

    private FakeAzureSearch(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The service endpoint, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The admin key the fake accepts in the api-key header.</summary>
    public string ApiKey { get; } = "fake-search-key-" + Guid.NewGuid().ToString("N");

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

    /// <summary>The bodies of the docs/index requests the fake accepted (not the injected 503s), in order.</summary>
    public IReadOnlyList<JsonObject> IndexBatches
    {
        get
        {
            lock (_gate)
            {
                return [.. _indexBatches.Select(batch => batch.DeepClone().AsObject())];
            }
        }
    }

    /// <param name="https">
    /// Serve https with <see cref="LoopbackCertificate"/>, for a client in another process (the SDK refuses http
    /// endpoints); that process must trust the certificate (<see cref="LoopbackCertificate.TrustEnvironment"/>).
    /// </param>
    public static async Task<FakeAzureSearch> StartAsync(bool https = false)
    {
        var (fake, endpoint) = await LoopbackFake.StartAsync(
            app => new FakeAzureSearch(app), fake => fake.HandleAsync, https ? LoopbackCertificate.Instance : null);
        fake.Endpoint = endpoint;
        return fake;
    }

    /// <summary>The schema the index was last created or updated with, as sent; null when there is no such index.</summary>
    public JsonObject? IndexDefinition(string indexName)
    {
        lock (_gate)
        {
            return _indexes.TryGetValue(indexName, out var index) ? index.Definition.DeepClone().AsObject() : null;
        }
    }

    /// <summary>A stored document as the service would return it; null when missing.</summary>
    public JsonObject? Document(string indexName, string key)
    {
        lock (_gate)
        {
            return _indexes.TryGetValue(indexName, out var index) && index.Documents.TryGetValue(key, out var document)
                ? document.DeepClone().AsObject()
                : null;
        }
    }

    /// <summary>
    /// The next <paramref name="times"/> index actions on <paramref name="key"/> fail on their own with
    /// <paramref name="status"/> (409, 422 and 503 are the retryable ones; 400 is a bad document), inside a 207.
    /// </summary>
    public void FailDocument(string key, int times, int status = 503, string message = "Service is too busy to process the document.")
    {
        lock (_gate)
        {
            if (!_documentFaults.TryGetValue(key, out var faults))
            {
                _documentFaults[key] = faults = new Queue<DocumentFault>();
            }

            for (var i = 0; i < times; i++)
            {
                faults.Enqueue(new DocumentFault(status, message));
            }
        }
    }

    /// <summary>The next <paramref name="count"/> requests of any kind are answered 503 with Retry-After: 0.</summary>
    public void FailRequests(int count)
    {
        lock (_gate)
        {
            _unavailable += count;
        }
    }

    /// <summary>
    /// The next <paramref name="count"/> docs/index requests (to <paramref name="index"/> only, when given) are answered
    /// 503 with Retry-After, as a search service under indexing load answers ("Service under load"); other requests are served.
    /// </summary>
    public void ThrottleIndexing(int count, int retryAfterSeconds, string? index = null)
    {
        lock (_gate)
        {
            _indexingThrottles = (count, retryAfterSeconds, index);
        }
    }

    /// <summary>How long a docs/index request takes to be answered (a slow or loaded service); zero by default.</summary>
    public TimeSpan IndexingDelay { get; set; }

    /// <summary>The one index <see cref="IndexingDelay"/> applies to; every index when null.</summary>
    public string? IndexingDelayIndex { get; set; }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);

        Answer answer;
        lock (_gate)
        {
            try
            {
                answer = Route(request, body);
            }
            catch (BadRequest bad)
            {
                answer = Error(400, bad.Message);
            }

            _requests.Add(RecordedRequest.Of(request, Uri.UnescapeDataString(request.Path.Value ?? ""), _clock.Elapsed, answer.Status));
        }

        if (IndexingDelay > TimeSpan.Zero && request.Method == "POST" && IsIndexing(request.Path.Value)
            && (IndexingDelayIndex is null || IndexNameOf(request.Path.Value) == IndexingDelayIndex))
        {
            await Task.Delay(IndexingDelay, context.RequestAborted);
        }

        await RecordedRequest.AnswerAsync(context.Response, answer.Status, answer.Headers, answer.Body, "application/json; odata.metadata=minimal");
    }

    private Answer Route(HttpRequest request, string body)
    {
        if (request.Headers["api-key"].ToString() != ApiKey)
        {
            // The service answers 403 for a wrong key and 401 for none.
            return Error(string.IsNullOrEmpty(request.Headers["api-key"]) ? 401 : 403, "Authentication failed.");
        }

        if (request.Query["api-version"].ToString() != "2023-11-01")
        {
            return Error(400, $"Invalid or missing api-version query string parameter: '{request.Query["api-version"]}'.");
        }

        if (_unavailable > 0)
        {
            _unavailable--;
            return new Answer(503, Error(503, "Service unavailable.").Body) { Headers = { ["Retry-After"] = "0" } };
        }

        var path = Uri.UnescapeDataString(request.Path.Value ?? "");
        var match = IndexPath().Match(path);
        if (!match.Success)
        {
            return Error(404, $"No route for {path}.");
        }

        var name = match.Groups["quoted"].Success ? match.Groups["quoted"].Value : match.Groups["plain"].Value;
        var rest = match.Groups["rest"].Value;
        if (rest.Length == 0)
        {
            return request.Method == "PUT" ? PutIndex(name, body) : Error(405, "Only PUT is served on an index.");
        }

        if (!_indexes.TryGetValue(name, out var index))
        {
            return Error(404, $"The index '{name}' for service 'fake' was not found.");
        }

        return (request.Method, rest) switch
        {
            ("POST", "/docs/index" or "/docs/search.index") when _indexingThrottles.Count > 0 && (_indexingThrottles.Index ?? name) == name => ThrottledIndexing(),
            ("POST", "/docs/index" or "/docs/search.index") => IndexDocuments(index, body),
            ("POST", "/docs/search" or "/docs/search.post.search") => Search(index, body),
            ("GET", _) when DocPath().Match(rest) is { Success: true } doc =>
                GetDocument(index, doc.Groups["quoted"].Success ? doc.Groups["quoted"].Value.Replace("''", "'", StringComparison.Ordinal) : doc.Groups["plain"].Value),
            _ => Error(404, $"No route for {request.Method} {path}."),
        };
    }

    /// <summary>The index a request path names (<c>/indexes/x/...</c> or <c>/indexes('x')/...</c>), or null.</summary>
    public static string? IndexNameOf(string? path)
        => IndexPath().Match(Uri.UnescapeDataString(path ?? "")) is { Success: true } match
            ? (match.Groups["quoted"].Success ? match.Groups["quoted"].Value : match.Groups["plain"].Value)
            : null;

    private static bool IsIndexing(string? path)
        => Uri.UnescapeDataString(path ?? "").EndsWith("/docs/index", StringComparison.Ordinal) || Uri.UnescapeDataString(path ?? "").EndsWith("/docs/search.index", StringComparison.Ordinal);

    private Answer ThrottledIndexing()
    {
        _indexingThrottles.Count--;
        return new Answer(503, Error(503, "Service is too busy to process the request.").Body)
        {
            Headers = { ["Retry-After"] = _indexingThrottles.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
    }

    [GeneratedRegex(@"^/indexes(?:\('(?<quoted>[^']+)'\)|/(?<plain>[^/('']+))(?<rest>/.*)?$")]
    private static partial Regex IndexPath();

    [GeneratedRegex(@"^/docs(?:\('(?<quoted>(?:[^']|'')+)'\)|/(?<plain>[^/]+))$")]
    private static partial Regex DocPath();

    private Answer PutIndex(string name, string body)
    {
        var definition = JsonNode.Parse(body)?.AsObject() ?? throw new BadRequest("The request body is empty.");
        if ((string?)definition["name"] != name)
        {
            throw new BadRequest($"The index name '{definition["name"]}' in the body does not match '{name}' in the URL.");
        }

        var fields = new Dictionary<string, FieldInfo>(StringComparer.Ordinal);
        foreach (var field in definition["fields"]?.AsArray() ?? throw new BadRequest("The index has no fields."))
        {
            var info = new FieldInfo(
                (string)field!["name"]!,
                (string)field["type"]!,
                (bool?)field["key"] ?? false,
                (bool?)field["searchable"] ?? false,
                (bool?)field["filterable"] ?? false,
                (bool?)field["sortable"] ?? false,
                (bool?)field["facetable"] ?? false);
            if (info.Type.StartsWith("Collection(", StringComparison.Ordinal) && info.Sortable)
            {
                throw new BadRequest($"The field '{info.Name}' is a collection and cannot be sortable.");
            }

            fields.Add(info.Name, info);
        }

        if (fields.Values.Count(f => f.Key) != 1 || fields.Values.Single(f => f.Key).Type != "Edm.String")
        {
            throw new BadRequest("The index must have exactly one key field, of type Edm.String.");
        }

        var created = !_indexes.TryGetValue(name, out var index);
        if (index is null)
        {
            _indexes[name] = index = new FakeIndex();
        }
        else if (index.Fields.Keys.Except(fields.Keys).FirstOrDefault() is { } dropped)
        {
            throw new BadRequest($"Existing field(s) '{dropped}' cannot be removed from the index.");
        }

        index.Fields = fields;
        index.Definition = definition.DeepClone().AsObject();
        index.Definition["@odata.etag"] = $"\"0x{index.Fields.Count:X}{_clock.ElapsedTicks:X}\"";
        return new Answer(created ? 201 : 200, index.Definition.DeepClone());
    }

    private Answer IndexDocuments(FakeIndex index, string body)
    {
        var batch = JsonNode.Parse(body)?.AsObject() ?? throw new BadRequest("The request body is empty.");
        var actions = batch["value"]?.AsArray() ?? throw new BadRequest("The request is missing 'value'.");
        if (actions.Count == 0 || actions.Count > MaxBatchSize)
        {
            throw new BadRequest($"The request must have between 1 and {MaxBatchSize} index actions; it has {actions.Count}.");
        }

        _indexBatches.Add(batch.DeepClone().AsObject());
        var keyField = index.Fields.Values.Single(f => f.Key).Name;
        var results = new JsonArray();
        var anyFailed = false;
        foreach (var node in actions)
        {
            var action = node!.AsObject();
            var kind = (string?)action["@search.action"] ?? "upload";
            var key = (string?)action[keyField] ?? throw new BadRequest($"Document is missing the key field '{keyField}'.");
            if (!ValidKey().IsMatch(key))
            {
                results.Add(Result(key, 400, "Invalid document key: '" + key + "'. Keys can only contain letters, digits, underscore (_), dash (-), or equal sign (=)."));
                anyFailed = true;
                continue;
            }

            var document = new JsonObject();
            foreach (var (property, value) in action)
            {
                if (property == "@search.action")
                {
                    continue;
                }

                if (!index.Fields.ContainsKey(property))
                {
                    throw new BadRequest($"The property '{property}' does not exist on type 'search.documentFields'. Make sure to only use property names that are defined by the type.");
                }

                document[property] = value?.DeepClone();
            }

            if (_documentFaults.TryGetValue(key, out var faults) && faults.TryDequeue(out var fault))
            {
                results.Add(Result(key, fault.Status, fault.Message));
                anyFailed = true;
                continue;
            }

            var exists = index.Documents.TryGetValue(key, out var stored);
            switch (kind)
            {
                case "upload":
                    index.Documents[key] = document;
                    results.Add(Result(key, exists ? 200 : 201, null));
                    break;
                case "merge" when !exists:
                    results.Add(Result(key, 404, "Document not found."));
                    anyFailed = true;
                    break;
                case "merge" or "mergeOrUpload":
                    if (exists)
                    {
                        foreach (var (property, value) in document)
                        {
                            stored![property] = value?.DeepClone();
                        }
                    }
                    else
                    {
                        index.Documents[key] = document;
                    }

                    results.Add(Result(key, exists ? 200 : 201, null));
                    break;
                case "delete":
                    index.Documents.Remove(key);
                    results.Add(Result(key, 200, null));
                    break;
                default:
                    throw new BadRequest($"Unknown @search.action '{kind}'.");
            }
        }

        return new Answer(anyFailed ? 207 : 200, new JsonObject { ["value"] = results });
    }

    [GeneratedRegex("^[A-Za-z0-9_=-]+$")]
    private static partial Regex ValidKey();

    private static JsonObject Result(string key, int status, string? error) => new()
    {
        ["key"] = key,
        ["status"] = status is 200 or 201,
        ["errorMessage"] = error,
        ["statusCode"] = status,
    };

    private static Answer GetDocument(FakeIndex index, string key) =>
        index.Documents.TryGetValue(key, out var document)
            ? new Answer(200, document.DeepClone())
            : Error(404, $"Document with key '{key}' not found.");

    private static Answer Search(FakeIndex index, string body)
    {
        var request = JsonNode.Parse(body)?.AsObject() ?? new JsonObject();
        var known = new[] { "search", "searchMode", "queryType", "searchFields", "filter", "facets", "highlight", "highlightPreTag", "highlightPostTag", "orderby", "skip", "top", "count", "select" };
        if (request.Select(p => p.Key).FirstOrDefault(k => !known.Contains(k)) is { } unknown)
        {
            throw new BadRequest($"The parameter '{unknown}' is not supported by this fake.");
        }

        if ((string?)request["queryType"] is { } queryType && queryType != "simple")
        {
            throw new BadRequest("Only queryType 'simple' is supported by this fake.");
        }

        var searchable = index.Fields.Values.Where(f => f.Searchable).Select(f => f.Name).ToList();
        if ((string?)request["searchFields"] is { } searchFields)
        {
            searchable = [.. searchFields.Split(',', StringSplitOptions.TrimEntries).Select(name => RequireField(index, name, f => f.Searchable, "searchable"))];
        }

        var terms = Terms((string?)request["search"]);
        var allTerms = ((string?)request["searchMode"] ?? "any") == "all";
        var filter = (string?)request["filter"] is { Length: > 0 } filterText ? new FilterParser(filterText, index).Parse() : null;

        var hits = new List<(JsonObject Document, double Score)>();
        foreach (var document in index.Documents.Values)
        {
            if (filter is not null && !filter(document))
            {
                continue;
            }

            var score = 0.0;
            if (terms.Count > 0)
            {
                var tokens = searchable.SelectMany(field => Values(document[field])).SelectMany(Tokens).ToList();
                var matched = terms.Select(term => tokens.Count(token => term.Matches(token))).ToList();
                if (allTerms ? matched.Any(count => count == 0) : matched.All(count => count == 0))
                {
                    continue;
                }

                score = matched.Sum(count => Math.Log(1 + count));
            }

            hits.Add((document, score));
        }

        var ordered = Order(hits, (string?)request["orderby"], index);
        var response = new JsonObject();
        if ((bool?)request["count"] == true)
        {
            response["@odata.count"] = hits.Count;
        }

        if (request["facets"] is JsonArray facets && facets.Count > 0)
        {
            var facetResults = new JsonObject();
            foreach (var facet in facets.Select(f => (string)f!))
            {
                var parts = facet.Split(',');
                var field = RequireField(index, parts[0].Trim(), f => f.Facetable, "facetable");
                var count = 10;
                foreach (var option in parts.Skip(1))
                {
                    var pair = option.Split(':', 2);
                    if (pair is not ["count", var value] || !int.TryParse(value, CultureInfo.InvariantCulture, out count))
                    {
                        throw new BadRequest($"Invalid facet expression '{facet}': only 'count:n' is supported by this fake.");
                    }
                }

                facetResults[field] = new JsonArray([.. hits
                    .SelectMany(hit => Values(hit.Document[field]).Distinct())
                    .GroupBy(value => value, StringComparer.Ordinal)
                    .OrderByDescending(group => group.Count()).ThenBy(group => group.Key, StringComparer.Ordinal)
                    .Take(count)
                    .Select(group => (JsonNode)new JsonObject { ["count"] = group.Count(), ["value"] = FacetValue(index.Fields[field], group.Key) })]);
            }

            response["@search.facets"] = facetResults;
        }

        var highlightFields = ((string?)request["highlight"])?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(name => RequireField(index, name, f => f.Searchable, "searchable")).ToList() ?? [];
        var pre = (string?)request["highlightPreTag"] ?? "<em>";
        var post = (string?)request["highlightPostTag"] ?? "</em>";

        var skip = (int?)request["skip"] ?? 0;
        var top = (int?)request["top"] ?? 50;
        if (skip < 0 || top < 0 || skip > 100_000 || top > 1000)
        {
            throw new BadRequest("skip must be between 0 and 100000 and top between 0 and 1000.");
        }

        var values = new JsonArray();
        foreach (var (document, score) in ordered.Skip(skip).Take(top))
        {
            var item = document.DeepClone().AsObject();
            item["@search.score"] = terms.Count > 0 ? score : 1.0;
            if (highlightFields.Count > 0 && terms.Count > 0)
            {
                var highlights = new JsonObject();
                foreach (var field in highlightFields)
                {
                    var fragments = Values(document[field]).Select(value => Highlight(value, terms, pre, post)).OfType<string>().ToList();
                    if (fragments.Count > 0)
                    {
                        highlights[field] = new JsonArray([.. fragments.Select(f => (JsonNode)f)]);
                    }
                }

                if (highlights.Count > 0)
                {
                    item["@search.highlights"] = highlights;
                }
            }

            values.Add(item);
        }

        response["value"] = values;
        return new Answer(200, response);
    }

    private static JsonValue FacetValue(FieldInfo field, string value) => field.Type switch
    {
        "Edm.Boolean" => JsonValue.Create(value == "true"),
        "Edm.Int32" or "Edm.Int64" => JsonValue.Create(long.Parse(value, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(value),
    };

    private static string RequireField(FakeIndex index, string name, Func<FieldInfo, bool> capability, string what) =>
        index.Fields.TryGetValue(name, out var field) && capability(field)
            ? name
            : throw new BadRequest($"The field '{name}' is not {what} in the index (or does not exist).");

    private static IEnumerable<(JsonObject Document, double Score)> Order(List<(JsonObject Document, double Score)> hits, string? orderBy, FakeIndex index)
    {
        var clauses = (orderBy ?? "search.score() desc").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (clauses.Length > 32)
        {
            throw new BadRequest("$orderby may have at most 32 clauses.");
        }

        IOrderedEnumerable<(JsonObject Document, double Score)>? ordered = null;
        foreach (var clause in clauses)
        {
            var parts = clause.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var descending = parts.Length == 2 && parts[1] == "desc";
            if (parts.Length > 2 || (parts.Length == 2 && parts[1] is not ("asc" or "desc")))
            {
                throw new BadRequest($"Invalid $orderby clause '{clause}'.");
            }

            Func<(JsonObject Document, double Score), IComparable?> keyOf;
            if (parts[0] == "search.score()")
            {
                keyOf = hit => hit.Score;
            }
            else
            {
                var field = index.Fields[RequireField(index, parts[0], f => f.Sortable, "sortable")];
                keyOf = hit => Comparable(field, hit.Document[field.Name]);
            }

            // Nulls first ascending, last descending, as the service orders them.
            var comparer = Comparer<IComparable?>.Create((a, b) => a is null ? (b is null ? 0 : -1) : b is null ? 1 : a.CompareTo(b));
            ordered = ordered is null
                ? descending ? hits.OrderByDescending(keyOf, comparer) : hits.OrderBy(keyOf, comparer)
                : descending ? ordered.ThenByDescending(keyOf, comparer) : ordered.ThenBy(keyOf, comparer);
        }

        return ordered ?? (IEnumerable<(JsonObject, double)>)hits;
    }

    private static IComparable? Comparable(FieldInfo field, JsonNode? value) => value switch
    {
        null => null,
        _ when field.Type == "Edm.DateTimeOffset" => DateTimeOffset.Parse((string)value!, CultureInfo.InvariantCulture),
        _ when field.Type is "Edm.Int32" or "Edm.Int64" or "Edm.Double" => (double)value,
        _ when field.Type == "Edm.Boolean" => (bool)value,
        _ => (string?)value,
    };

    private static IEnumerable<string> Values(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => array.SelectMany(Values),
        JsonValue value when value.GetValueKind() == JsonValueKind.True => ["true"],
        JsonValue value when value.GetValueKind() == JsonValueKind.False => ["false"],
        JsonValue value when value.GetValueKind() == JsonValueKind.String => [(string)value!],
        _ => [node.ToJsonString()],
    };

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();

    private static IEnumerable<string> Tokens(string text) => Word().Matches(text).Select(m => m.Value.ToLowerInvariant());

    private sealed record Term(string Text, bool Prefix)
    {
        public bool Matches(string token) => Prefix ? token.StartsWith(Text, StringComparison.Ordinal) : token == Text;
    }

    /// <summary>The simple query syntax as far as we use it: words, optionally with a trailing * for a prefix.</summary>
    private static List<Term> Terms(string? search)
    {
        if (string.IsNullOrWhiteSpace(search) || search.Trim() == "*")
        {
            return [];
        }

        var terms = new List<Term>();
        foreach (var part in search.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var prefix = part.EndsWith('*');
            var word = prefix ? part[..^1] : part;
            if (!Word().IsMatch(word) || Word().Match(word).Value != word)
            {
                throw new BadRequest($"The search term '{part}' uses query syntax this fake does not implement.");
            }

            terms.Add(new Term(word.ToLowerInvariant(), prefix));
        }

        return terms;
    }

    /// <summary>The field's text with every matching word wrapped in the tags; null when no word matches.</summary>
    private static string? Highlight(string text, List<Term> terms, string pre, string post)
    {
        var any = false;
        var marked = Word().Replace(text, m =>
        {
            if (!terms.Any(term => term.Matches(m.Value.ToLowerInvariant())))
            {
                return m.Value;
            }

            any = true;
            return pre + m.Value + post;
        });
        return any ? marked : null;
    }

    private static Answer Error(int status, string message) =>
        new(status, new JsonObject { ["error"] = new JsonObject { ["code"] = "", ["message"] = message } });

    private sealed record Answer(int Status, JsonNode? Body)
    {
        public Dictionary<string, string> Headers { get; } = [];
    }

    private sealed record DocumentFault(int Status, string Message);

    private sealed record FieldInfo(string Name, string Type, bool Key, bool Searchable, bool Filterable, bool Sortable, bool Facetable);

    private sealed class FakeIndex
    {
        public Dictionary<string, FieldInfo> Fields { get; set; } = [];

        public JsonObject Definition { get; set; } = [];

        public Dictionary<string, JsonObject> Documents { get; } = new(StringComparer.Ordinal);
    }

    private sealed class BadRequest(string message) : Exception(message);

    /// <summary>
    /// The OData $filter subset our index emits: <c>and</c>, <c>or</c>, <c>not</c>, parentheses, <c>eq ne lt le gt ge</c>
    /// between a simple field and a literal, <c>field/any(t: t eq 'x')</c> and <c>search.in(field, 'a,b')</c>.
    /// Anything else is a 400.
    /// </summary>
    private sealed partial class FilterParser(string text, FakeIndex index)
    {
        private readonly List<string> _tokens = Tokenize(text);
        private int _at;

        public Func<JsonObject, bool> Parse()
        {
            var result = Or();
            if (_at != _tokens.Count)
            {
                throw new BadRequest($"Invalid expression: syntax error at '{_tokens[_at]}' in filter '{text}'.");
            }

            return result;
        }

        [GeneratedRegex(@"\s*('(?:[^']|'')*'|\(|\)|,|:|[A-Za-z_][A-Za-z0-9_./]*(?:\(\))?|-?[0-9][0-9T:.+\-Z]*)")]
        private static partial Regex Token();

        private static List<string> Tokenize(string text)
        {
            var tokens = new List<string>();
            var at = 0;
            while (at < text.Length)
            {
                if (char.IsWhiteSpace(text[at]))
                {
                    at++;
                    continue;
                }

                var match = Token().Match(text, at);
                if (!match.Success || match.Index != at)
                {
                    throw new BadRequest($"Invalid expression: unexpected character at position {at} in filter '{text}'.");
                }

                tokens.Add(match.Groups[1].Value);
                at = match.Index + match.Length;
            }

            return tokens;
        }

        private string Peek() => _at < _tokens.Count ? _tokens[_at] : "";

        private string Next() => _at < _tokens.Count ? _tokens[_at++] : throw new BadRequest($"Invalid expression: unexpected end of filter '{text}'.");

        private void Expect(string token)
        {
            if (Next() != token)
            {
                throw new BadRequest($"Invalid expression: expected '{token}' in filter '{text}'.");
            }
        }

        private Func<JsonObject, bool> Or()
        {
            var left = And();
            while (Peek() == "or")
            {
                _at++;
                var (a, b) = (left, And());
                left = d => a(d) || b(d);
            }

            return left;
        }

        private Func<JsonObject, bool> And()
        {
            var left = Unary();
            while (Peek() == "and")
            {
                _at++;
                var (a, b) = (left, Unary());
                left = d => a(d) && b(d);
            }

            return left;
        }

        private Func<JsonObject, bool> Unary()
        {
            var token = Next();
            if (token == "not")
            {
                var inner = Unary();
                return d => !inner(d);
            }

            if (token == "(")
            {
                var inner = Or();
                Expect(")");
                return inner;
            }

            if (token == "search.in")
            {
                Expect("(");
                var field = Field(Next(), collection: false);
                Expect(",");
                var values = Literal(Next()) as string ?? throw new BadRequest("search.in takes a string of values.");
                var separators = ", ";
                if (Peek() == ",")
                {
                    _at++;
                    separators = Literal(Next()) as string ?? throw new BadRequest("search.in's delimiters are a string.");
                }

                Expect(")");
                var set = values.Split(separators.ToCharArray(), StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
                return d => Values(d[field.Name]).Any(set.Contains);
            }

            if (token.EndsWith("/any", StringComparison.Ordinal))
            {
                var field = Field(token[..^4], collection: true);
                Expect("(");
                var variable = Next();
                Expect(":");
                var inner = Next();
                if (inner == "search.in")
                {
                    Expect("(");
                    if (Next() != variable)
                    {
                        throw new BadRequest("search.in inside any() must test the range variable.");
                    }

                    Expect(",");
                    var values = Literal(Next()) as string ?? throw new BadRequest("search.in takes a string of values.");
                    var delimiters = ", ";
                    if (Peek() == ",")
                    {
                        _at++;
                        delimiters = Literal(Next()) as string ?? throw new BadRequest("search.in's delimiters are a string.");
                    }

                    Expect(")");
                    Expect(")");
                    var set = values.Split(delimiters.ToCharArray(), StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
                    return d => Values(d[field.Name]).Any(set.Contains);
                }

                if (inner != variable || Next() != "eq")
                {
                    throw new BadRequest($"Only '{variable} eq literal' or search.in is supported inside any() by this fake.");
                }

                var literal = Literal(Next());
                Expect(")");
                return d => Values(d[field.Name]).Any(v => Equals(Convert(field, v), literal));
            }

            var simple = Field(token, collection: false);
            var op = Next();
            if (op is not ("eq" or "ne" or "lt" or "le" or "gt" or "ge"))
            {
                throw new BadRequest($"Invalid expression: unsupported operator '{op}' in filter '{text}'.");
            }

            var right = Literal(Next());
            return d =>
            {
                var left = Comparable(simple, d[simple.Name]);
                var compared = left is null || right is null
                    ? (left is null ? 0 : 1) - (right is null ? 0 : 1)
                    : left.CompareTo(right is IComparable c && c.GetType() == left.GetType() ? c : throw new BadRequest($"Type mismatch comparing '{simple.Name}'."));
                return op switch
                {
                    "eq" => compared == 0,
                    "ne" => compared != 0,
                    // Comparisons with null are false, as in OData.
                    _ when left is null || right is null => false,
                    "lt" => compared < 0,
                    "le" => compared <= 0,
                    "gt" => compared > 0,
                    _ => compared >= 0,
                };
            };
        }

        private FieldInfo Field(string name, bool collection)
        {
            if (!index.Fields.TryGetValue(name, out var field))
            {
                throw new BadRequest($"Invalid expression: Could not find a property named '{name}' on type 'search.document'.");
            }

            if (!field.Filterable)
            {
                throw new BadRequest($"Invalid expression: The field '{name}' is not filterable.");
            }

            if (collection != field.Type.StartsWith("Collection(", StringComparison.Ordinal))
            {
                throw new BadRequest($"Invalid expression: '{name}' {(collection ? "is not" : "is")} a collection here.");
            }

            return field;
        }

        private static IComparable? Convert(FieldInfo field, string value) =>
            field.Type.Contains("DateTimeOffset", StringComparison.Ordinal) ? DateTimeOffset.Parse(value, CultureInfo.InvariantCulture) : value;

        private object? Literal(string token)
        {
            if (token.StartsWith('\''))
            {
                return token[1..^1].Replace("''", "'", StringComparison.Ordinal);
            }

            if (token is "true" or "false")
            {
                return token == "true";
            }

            if (token == "null")
            {
                return null;
            }

            if (token.Contains('T', StringComparison.Ordinal) && DateTimeOffset.TryParse(token, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            {
                return instant;
            }

            if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return number;
            }

            throw new BadRequest($"Invalid expression: '{token}' is not a literal in filter '{text}'.");
        }
    }
}
