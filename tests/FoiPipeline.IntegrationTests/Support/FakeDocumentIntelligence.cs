using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FoiPipeline.IntegrationTests.Support;

/// <summary>A line the fake "recognises". Its words get <see cref="Confidence"/> unless <see cref="WordConfidences"/> gives one per word.</summary>
public sealed record FakeLine(string Text, double Confidence = 0.98, bool Handwritten = false)
{
    public IReadOnlyList<double>? WordConfidences { get; init; }
}

/// <summary>A page of the fake's analyze result.</summary>
public sealed record FakePage(params FakeLine[] Lines);

/// <summary>
/// Azure AI Document Intelligence's analyze API (2024-11-30 under /documentintelligence, 2023-07-31 under
/// /formrecognizer) as a Kestrel server on loopback, for tests. It does what the documented service does:
/// checks the key, api-version, stringIndexType, Content-Type and that the body looks like the format it
/// claims; answers 202 with Operation-Location; reports notStarted, running, then succeeded with pages, lines,
/// words, spans (in the unit asked for) and handwriting styles built from <see cref="Pages"/>. Tests script
/// throttling, 5xx answers, failed and never-ending operations; every request is recorded.
/// </summary>
public sealed class FakeDocumentIntelligence : IAsyncDisposable
{
    private const string AccessDenied =
        "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an " +
        "active subscription and use a correct regional API endpoint for your resource.";

    private static readonly Dictionary<string, string> ServiceByApiVersion = new()
    {
        ["2024-11-30"] = "documentintelligence",
        ["2023-07-31"] = "formrecognizer",
    };

    private static readonly string[] ModelIds = ["prebuilt-read", "prebuilt-layout"];

    private static readonly string[] StringIndexTypes = ["textElements", "unicodeCodePoint", "utf16CodeUnit"];

    // The binary types the service takes that this fake can recognise (not HEIF, HTML or Office documents).
    private static readonly string[] ContentTypes = ["application/pdf", "image/png", "image/jpeg", "image/tiff", "image/bmp", "application/octet-stream"];

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<RecordedRequest> _requests = [];
    private readonly Dictionary<string, Operation> _operations = [];
    private readonly Queue<Fault> _analyzeFaults = new();
    private readonly Queue<Fault> _pollFaults = new();
    private JsonObject? _operationError;
    private int _inFlight;
    private int _maxInFlight;

    private FakeDocumentIntelligence(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The base address to give the engine, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The one API key the fake accepts in Ocp-Apim-Subscription-Key.</summary>
    public string Key { get; } = "fake-di-key-" + Guid.NewGuid().ToString("N");

    /// <summary>An Entra ID access token the fake also accepts as <c>Authorization: Bearer</c>; null accepts none.</summary>
    public string? AcceptedBearerToken { get; set; }

    /// <summary>The address the service believes it has, for Operation-Location; null for <see cref="Endpoint"/>.</summary>
    public Uri? PublicEndpoint { get; set; }

    /// <summary>What every analysis submitted from now on reads.</summary>
    public IReadOnlyList<FakePage> Pages { get; set; } = [new FakePage(new FakeLine("Freedom of Information request"))];

    /// <summary>Polls of an operation answered notStarted, then running, before it ends.</summary>
    public int PollsBeforeDone { get; set; } = 2;

    /// <summary>Retry-After on the 202 (the service sends one); null sends none.</summary>
    public int? AnalyzeRetryAfterSeconds { get; set; } = 0;

    /// <summary>Retry-After on polls that find the operation still running; null sends none.</summary>
    public int? PollRetryAfterSeconds { get; set; }

    /// <summary>Requests in the order they were answered.</summary>
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

    public IReadOnlyList<RecordedRequest> AnalyzeRequests => [.. Requests.Where(request => request.Method == "POST")];

    public IReadOnlyList<RecordedRequest> Polls => [.. Requests.Where(request => request.Method == "GET")];

    /// <summary>The most operations that were submitted and not yet finished at any one time.</summary>
    public int MaxOperationsInFlight
    {
        get
        {
            lock (_gate)
            {
                return _maxInFlight;
            }
        }
    }

    public static async Task<FakeDocumentIntelligence> StartAsync()
    {
        var (fake, endpoint) = await LoopbackFake.StartAsync(app => new FakeDocumentIntelligence(app), fake => fake.HandleAsync);
        fake.Endpoint = endpoint;
        return fake;
    }

    /// <summary>The next <paramref name="count"/> analyze requests are throttled: 429 with Retry-After.</summary>
    public void ThrottleAnalyzeRequests(int count, int retryAfterSeconds = 1) =>
        Script(_analyzeFaults, count, new Fault(429, retryAfterSeconds));

    /// <summary>The next <paramref name="count"/> analyze requests fail with <paramref name="status"/> (a 5xx).</summary>
    public void FailAnalyzeRequests(int count, int status = 503) => Script(_analyzeFaults, count, new Fault(status, null));

    /// <summary>The next <paramref name="count"/> polls fail with <paramref name="status"/> (a 5xx).</summary>
    public void FailPolls(int count, int status = 503) => Script(_pollFaults, count, new Fault(status, null));

    /// <summary>Operations submitted from now on end as <c>failed</c> with this error instead of succeeding.</summary>
    public void FailOperations(string code, string message, string? innerCode = null, string? innerMessage = null)
    {
        lock (_gate)
        {
            _operationError = Error(code, message, innerCode, innerMessage);
        }
    }

    /// <summary>Operations stay running for ever.</summary>
    public void NeverFinish() => PollsBeforeDone = int.MaxValue;

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }

    private void Script(Queue<Fault> faults, int count, Fault fault)
    {
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                faults.Enqueue(fault);
            }
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);

        Answer answer;
        lock (_gate)
        {
            answer = Route(request, body.ToArray());
            _requests.Add(RecordedRequest.Of(request, request.Path.Value ?? "", _clock.Elapsed, answer.Status));
        }

        await RecordedRequest.AnswerAsync(context.Response, answer.Status, answer.Headers, answer.Body, "application/json; charset=utf-8");
    }

    private Answer Route(HttpRequest request, byte[] body)
    {
        // {service}/documentModels/{modelId}:analyze  or  {service}/documentModels/{modelId}/analyzeResults/{resultId}
        var segments = (request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        var isAnalyze = HttpMethods.IsPost(request.Method) && segments is [_, "documentModels", var model]
            && model.EndsWith(":analyze", StringComparison.Ordinal);
        var isPoll = HttpMethods.IsGet(request.Method) && segments is [_, "documentModels", _, "analyzeResults", _];
        if (!isAnalyze && !isPoll)
        {
            return ResourceNotFound();
        }

        if (!IsAuthorized(request))
        {
            return new Answer(401, Error("401", AccessDenied));
        }

        var apiVersion = request.Query["api-version"].ToString();
        if (!ServiceByApiVersion.TryGetValue(apiVersion, out var service) || service != segments[0])
        {
            return ResourceNotFound();
        }

        var modelId = isAnalyze ? segments[2][..^":analyze".Length] : segments[2];
        if (!ModelIds.Contains(modelId))
        {
            return new Answer(404, Error("NotFound", "Resource not found.", "ModelNotFound", $"The requested model '{modelId}' was not found."));
        }

        return isAnalyze ? Analyze(request, body, service, apiVersion, modelId) : Poll(segments[4]);
    }

    private bool IsAuthorized(HttpRequest request)
    {
        if (request.Headers["Ocp-Apim-Subscription-Key"].ToString() == Key)
        {
            return true;
        }

        return AcceptedBearerToken is not null && request.Headers.Authorization.ToString() == "Bearer " + AcceptedBearerToken;
    }

    private Answer Analyze(HttpRequest request, byte[] body, string service, string apiVersion, string modelId)
    {
        if (_analyzeFaults.TryDequeue(out var fault))
        {
            return fault.ToAnswer();
        }

        var stringIndexType = request.Query.TryGetValue("stringIndexType", out var requested) ? requested.ToString() : "textElements";
        if (!StringIndexTypes.Contains(stringIndexType))
        {
            return new Answer(400, Error("InvalidArgument", "Invalid argument.", "InvalidParameter", $"The parameter stringIndexType is invalid: {stringIndexType}."));
        }

        var contentType = (request.ContentType ?? "").Split(';')[0].Trim();
        if (!ContentTypes.Contains(contentType))
        {
            return new Answer(415, Error("UnsupportedMediaType", $"Content type '{contentType}' is not supported."));
        }

        if (body.Length == 0)
        {
            return new Answer(400, Error("InvalidRequest", "Invalid request.", "EmptyRequest", "Request body must not be empty."));
        }

        if (!LooksLike(contentType, body))
        {
            return new Answer(400, Error("InvalidRequest", "Invalid request.", "InvalidContent",
                "The file is corrupted or format is unsupported. Refer to documentation for the list of supported formats."));
        }

        var id = Guid.NewGuid().ToString();
        _operations[id] = new Operation(Pages, apiVersion, modelId, stringIndexType, contentType == "application/pdf", DateTimeOffset.UtcNow, _operationError);
        _maxInFlight = Math.Max(_maxInFlight, ++_inFlight);

        var headers = new Dictionary<string, string>
        {
            ["Operation-Location"] = $"{(PublicEndpoint ?? Endpoint).AbsoluteUri.TrimEnd('/')}/{service}/documentModels/{modelId}/analyzeResults/{id}?api-version={apiVersion}",
            ["apim-request-id"] = id,
        };
        if (AnalyzeRetryAfterSeconds is { } retryAfter)
        {
            headers["Retry-After"] = retryAfter.ToString(CultureInfo.InvariantCulture);
        }

        return new Answer(202, null, headers);
    }

    private Answer Poll(string id)
    {
        if (!_operations.TryGetValue(id, out var operation))
        {
            return new Answer(404, Error("NotFound", "Resource not found.", "OperationNotFound", "The requested operation was not found. The identifier may be invalid or the operation may have expired."));
        }

        if (_pollFaults.TryDequeue(out var fault))
        {
            return fault.ToAnswer();
        }

        operation.Polls++;
        var answer = new JsonObject
        {
            ["createdDateTime"] = operation.Created.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["lastUpdatedDateTime"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        };

        if (operation.Polls <= PollsBeforeDone)
        {
            answer["status"] = operation.Polls == 1 ? "notStarted" : "running";
            var headers = PollRetryAfterSeconds is { } retryAfter
                ? new Dictionary<string, string> { ["Retry-After"] = retryAfter.ToString(CultureInfo.InvariantCulture) }
                : [];
            return new Answer(200, answer, headers);
        }

        if (!operation.Finished)
        {
            operation.Finished = true;
            _inFlight--;
        }

        if (operation.Error is { } error)
        {
            answer["status"] = "failed";
            answer["error"] = error.DeepClone();
        }
        else
        {
            answer["status"] = "succeeded";
            answer["analyzeResult"] = AnalyzeResult(operation);
        }

        return new Answer(200, answer);
    }

    /// <summary>The read model's result for the operation's pages: content is every line joined by "\n".</summary>
    private static JsonObject AnalyzeResult(Operation operation)
    {
        var content = string.Join('\n', operation.Pages.SelectMany(page => page.Lines).Select(line => line.Text));
        var index = IndexMap(content, operation.StringIndexType);
        JsonObject Span(int offset, int length) => new() { ["offset"] = index[offset], ["length"] = index[offset + length] - index[offset] };

        // PDFs are measured in inches, images in pixels.
        var scale = operation.IsPdf ? 1.0 : 150.0;
        JsonArray Box(double left, double top, double right, double bottom) =>
            [left * scale, top * scale, right * scale, top * scale, right * scale, bottom * scale, left * scale, bottom * scale];

        var pages = new JsonArray();
        var handwritten = new JsonArray();
        var offset = 0;
        foreach (var (page, pageIndex) in operation.Pages.Select((page, i) => (page, i)))
        {
            var pageStart = offset;
            var words = new JsonArray();
            var lines = new JsonArray();
            foreach (var (line, lineIndex) in page.Lines.Select((line, i) => (line, i)))
            {
                var top = 1 + (0.4 * lineIndex);
                var wordIndex = 0;
                for (var i = 0; i < line.Text.Length;)
                {
                    if (line.Text[i] == ' ')
                    {
                        i++;
                        continue;
                    }

                    var start = i;
                    while (i < line.Text.Length && line.Text[i] != ' ')
                    {
                        i++;
                    }

                    words.Add(new JsonObject
                    {
                        ["content"] = line.Text[start..i],
                        ["polygon"] = Box(1 + (0.08 * start), top, 1 + (0.08 * i), top + 0.18),
                        ["confidence"] = line.WordConfidences?[wordIndex] ?? line.Confidence,
                        ["span"] = Span(offset + start, i - start),
                    });
                    wordIndex++;
                }

                lines.Add(new JsonObject
                {
                    ["content"] = line.Text,
                    ["polygon"] = Box(1, top, 1 + (0.08 * line.Text.Length), top + 0.18),
                    ["spans"] = new JsonArray(Span(offset, line.Text.Length)),
                });
                if (line.Handwritten)
                {
                    handwritten.Add(Span(offset, line.Text.Length));
                }

                offset += line.Text.Length + 1;
            }

            pages.Add(new JsonObject
            {
                ["pageNumber"] = pageIndex + 1,
                ["angle"] = 0,
                ["width"] = 8.5 * scale,
                ["height"] = 11 * scale,
                ["unit"] = operation.IsPdf ? "inch" : "pixel",
                ["spans"] = new JsonArray(Span(pageStart, Math.Max(0, offset - 1 - pageStart))),
                ["words"] = words,
                ["lines"] = lines,
            });
        }

        var result = new JsonObject
        {
            ["apiVersion"] = operation.ApiVersion,
            ["modelId"] = operation.ModelId,
            ["stringIndexType"] = operation.StringIndexType,
        };
        if (operation.ApiVersion != "2023-07-31")
        {
            result["contentFormat"] = "text";
        }

        result["content"] = content;
        result["pages"] = pages;
        result["styles"] = handwritten.Count > 0
            ? new JsonArray(new JsonObject { ["isHandwritten"] = true, ["confidence"] = 0.9, ["spans"] = handwritten })
            : new JsonArray();
        return result;
    }

    /// <summary>
    /// index[i] is UTF-16 offset i expressed in the unit the client asked for: code units as they are, code
    /// points (a surrogate pair is one), or text elements (grapheme clusters, the service's default).
    /// </summary>
    private static int[] IndexMap(string content, string stringIndexType)
    {
        var index = new int[content.Length + 1];
        switch (stringIndexType)
        {
            case "utf16CodeUnit":
                for (var i = 0; i <= content.Length; i++)
                {
                    index[i] = i;
                }

                break;
            case "unicodeCodePoint":
                for (var i = 1; i <= content.Length; i++)
                {
                    var secondHalfOfPair = char.IsLowSurrogate(content[i - 1]) && i >= 2 && char.IsHighSurrogate(content[i - 2]);
                    index[i] = index[i - 1] + (secondHalfOfPair ? 0 : 1);
                }

                break;
            default:
                var starts = StringInfo.ParseCombiningCharacters(content);
                var next = 0;
                for (var i = 0; i <= content.Length; i++)
                {
                    while (next < starts.Length && starts[next] < i)
                    {
                        next++;
                    }

                    index[i] = next;
                }

                break;
        }

        return index;
    }

    /// <summary>Whether the body starts with the signature of the format its Content-Type names.</summary>
    private static bool LooksLike(string contentType, byte[] body)
    {
        bool Starts(params byte[] magic) => body.AsSpan().StartsWith(magic);
        bool Pdf() => Starts("%PDF-"u8.ToArray());
        bool Png() => Starts(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A);
        bool Jpeg() => Starts(0xFF, 0xD8, 0xFF);
        bool Tiff() => Starts(0x49, 0x49, 0x2A, 0x00) || Starts(0x4D, 0x4D, 0x00, 0x2A);
        bool Bmp() => Starts(0x42, 0x4D);

        return contentType switch
        {
            "application/pdf" => Pdf(),
            "image/png" => Png(),
            "image/jpeg" => Jpeg(),
            "image/tiff" => Tiff(),
            "image/bmp" => Bmp(),
            _ => Pdf() || Png() || Jpeg() || Tiff() || Bmp(),
        };
    }

    private static Answer ResourceNotFound() => new(404, Error("404", "Resource not found"));

    private static JsonObject Error(string code, string message, string? innerCode = null, string? innerMessage = null)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (innerCode is not null)
        {
            error["innererror"] = new JsonObject { ["code"] = innerCode, ["message"] = innerMessage ?? "" };
        }

        return new JsonObject { ["error"] = error };
    }

    private sealed record Answer(int Status, JsonObject? Body, Dictionary<string, string>? ExtraHeaders = null)
    {
        public IReadOnlyDictionary<string, string> Headers => ExtraHeaders ?? [];
    }

    private sealed record Fault(int Status, int? RetryAfterSeconds)
    {
        public Answer ToAnswer()
        {
            var (code, message) = Status switch
            {
                429 => ("429", "Requests to the Analyze Document Operation under Document Intelligence API have exceeded rate limit of your current pricing tier. " +
                               $"Please retry after {RetryAfterSeconds ?? 1} seconds."),
                408 => ("Timeout", "The operation was timed out."),
                503 => ("ServiceUnavailable", "Service temporarily unavailable."),
                _ => ("InternalServerError", "An unexpected error occurred."),
            };
            var headers = RetryAfterSeconds is { } retryAfter
                ? new Dictionary<string, string> { ["Retry-After"] = retryAfter.ToString(CultureInfo.InvariantCulture) }
                : null;
            return new Answer(Status, Error(code, message), headers);
        }
    }

    private sealed class Operation(
        IReadOnlyList<FakePage> pages, string apiVersion, string modelId, string stringIndexType, bool isPdf, DateTimeOffset created, JsonObject? error)
    {
        public IReadOnlyList<FakePage> Pages { get; } = pages;

        public string ApiVersion { get; } = apiVersion;

        public string ModelId { get; } = modelId;

        public string StringIndexType { get; } = stringIndexType;

        public bool IsPdf { get; } = isPdf;

        public DateTimeOffset Created { get; } = created;

        public JsonObject? Error { get; } = error?["error"]?.AsObject();

        public int Polls { get; set; }

        public bool Finished { get; set; }
    }
}
