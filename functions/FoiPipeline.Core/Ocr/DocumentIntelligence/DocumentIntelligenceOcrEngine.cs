using System.Text.Json;
using System.Threading.RateLimiting;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;

namespace FoiPipeline.Ocr.DocumentIntelligence;

/// <summary>
/// OCR with Azure AI Document Intelligence's read model over REST: submit the bytes, poll the long-running
/// operation, and map its lines, word confidences and handwriting styles onto <see cref="OcrPage"/>.
/// </summary>
/// <remarks>
/// Polly owns retries (Azure.Core's are switched off so the two do not multiply), with a circuit breaker in
/// front of a failing service; a semaphore and a token bucket keep this instance within the resource's limits.
/// </remarks>
public sealed class DocumentIntelligenceOcrEngine : IOcrEngine, IDisposable
{
    public const string MethodName = "ocr-azure";

    /// <summary>The Entra ID scope for Azure AI services; the identity needs the Cognitive Services User role.</summary>
    public const string TokenScope = "https://cognitiveservices.azure.com/.default";

    private const string AnalyzeRequest = "analyze";
    private const string PollRequest = "poll";

    private static readonly string OptionsPath = $"{OcrOptions.SectionName}:DocumentIntelligence";

    private readonly ILogger<DocumentIntelligenceOcrEngine> _logger;
    private readonly TimeProvider _timeProvider;
    private readonly HttpPipeline _pipeline;
    private readonly ResiliencePipeline<ServiceResponse> _resilience;
    private readonly SemaphoreSlim _documentSlots;
    private readonly TokenBucketRateLimiter _analyzeRequests;
    private readonly Uri _analyzeUri;
    private readonly string _modelId;
    private readonly string _apiVersion;
    private readonly int _maxRetries;
    private readonly TimeSpan _operationTimeout;
    private readonly TimeSpan _defaultPollInterval;

    /// <param name="options">Endpoint, API version, model, limits and timeouts.</param>
    /// <param name="logger">Where progress, retries and failures are logged (never the key or a token).</param>
    /// <param name="credential">Entra ID credential (e.g. a managed identity), used when <see cref="DocumentIntelligenceOptions.Key"/> is empty.</param>
    /// <param name="transport">The HTTP transport; null for Azure.Core's default. Tests pass one to reach a local fake.</param>
    /// <param name="timeProvider">The clock for polling waits, back-off and the operation timeout; null for the system clock.</param>
    /// <exception cref="InvalidOperationException">The options name no endpoint, no way to authenticate, or impossible limits.</exception>
    public DocumentIntelligenceOcrEngine(
        DocumentIntelligenceOptions options,
        ILogger<DocumentIntelligenceOcrEngine> logger,
        TokenCredential? credential = null,
        HttpPipelineTransport? transport = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        var endpoint = Validate(options, credential);

        _logger = logger;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _modelId = options.ModelId;
        _apiVersion = options.ApiVersion;
        _maxRetries = options.MaxRetries;
        _operationTimeout = options.OperationTimeout;
        _defaultPollInterval = options.DefaultPollInterval;
        _analyzeUri = AnalyzeUri(endpoint, options.ApiVersion, options.ModelId);

        var clientOptions = new EngineClientOptions();
        clientOptions.Retry.MaxRetries = 0;
        if (transport is not null)
        {
            clientOptions.Transport = transport;
        }

        HttpPipelinePolicy authentication = string.IsNullOrWhiteSpace(options.Key)
            ? new BearerTokenAuthenticationPolicy(credential!, TokenScope)
            : new SubscriptionKeyPolicy(options.Key);
        _pipeline = HttpPipelineBuilder.Build(clientOptions, authentication);
        _resilience = DocumentIntelligenceResilience.Build(options.MaxRetries, options.RetryDelay, _timeProvider, logger);

        _documentSlots = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
        _analyzeRequests = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            // A burst of up to one second's allowance, then one request every 1/RequestsPerSecond seconds.
            TokenLimit = Math.Max(1, (int)Math.Floor(options.RequestsPerSecond)),
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, (long)(TimeSpan.TicksPerSecond / options.RequestsPerSecond))),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    public string Method => MethodName;

    public bool AcceptsPdf => true;

    /// <summary>JPEG: a 300 dpi scanned page is about 2 MB to upload, against about 7 MB as PNG and 9 MB raw.</summary>
    public OcrInputFormat PageFormat => OcrInputFormat.Jpeg;

    public async Task<OcrResult> RecognizeAsync(OcrInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Path is not null)
        {
            // The service needs the bytes in the request; a file input is read once here.
            input = input with { Content = await input.ReadAsync(cancellationToken), Path = null };
        }

        await _documentSlots.WaitAsync(cancellationToken);
        try
        {
            return await RecognizeWithinTimeoutAsync(input, cancellationToken);
        }
        finally
        {
            _documentSlots.Release();
        }
    }

    public void Dispose()
    {
        _analyzeRequests.Dispose();
        _documentSlots.Dispose();
    }

    /// <summary>The analyze URL: API versions before 2023-10-31 live under /formrecognizer, later ones under /documentintelligence.</summary>
    internal static Uri AnalyzeUri(Uri endpoint, string apiVersion, string modelId)
    {
        var service = string.CompareOrdinal(apiVersion, "2023-10-31") < 0 ? "formrecognizer" : "documentintelligence";
        return new Uri(
            $"{endpoint.AbsoluteUri.TrimEnd('/')}/{service}/documentModels/{Uri.EscapeDataString(modelId)}:analyze" +
            $"?api-version={Uri.EscapeDataString(apiVersion)}&stringIndexType=utf16CodeUnit");
    }

    private async Task<OcrResult> RecognizeWithinTimeoutAsync(OcrInput input, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_operationTimeout, _timeProvider);
        using var operation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var started = _timeProvider.GetTimestamp();
        try
        {
            var (operationLocation, firstWait) = await SubmitAsync(input, operation.Token);
            var pages = await WaitForPagesAsync(operationLocation, firstWait, input.FirstPageNumber, operation.Token);
            _logger.LogInformation(
                "Document Intelligence read {Pages} pages ({Words} words) of a {Format} document in {Elapsed}",
                pages.Count, pages.Sum(page => page.WordCount), input.Format, _timeProvider.GetElapsedTime(started));
            return new OcrResult(pages, MethodName);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Document Intelligence did not finish a {Format} document within {Timeout}", input.Format, _operationTimeout);
            throw new OcrException(
                $"Document Intelligence did not finish reading the document within {_operationTimeout}; it will be tried again later.",
                isTransient: true, ex);
        }
        catch (BrokenCircuitException ex)
        {
            // The pipeline treats the pause as the service's own request to slow down: letters wait it out rather
            // than using up their tries and ending in quarantine while the service is down.
            throw new OcrException(
                "Document Intelligence is failing (too many recent requests errored), so calls to it are paused " +
                $"for up to {DocumentIntelligenceResilience.CircuitBreakDuration} rather than adding load; the document will be tried again later.",
                isTransient: true, ex)
            {
                IsThrottled = true,
                RetryAfter = DocumentIntelligenceResilience.CircuitBreakDuration,
            };
        }
    }

    private async Task<(Uri OperationLocation, TimeSpan? FirstWait)> SubmitAsync(OcrInput input, CancellationToken cancellationToken)
    {
        var response = await SendWithRetriesAsync(AnalyzeRequest, token => PostAnalyzeAsync(input, token), cancellationToken);
        if (response.Status != 202)
        {
            throw Failure(response, AnalyzeRequest);
        }

        if (!Uri.TryCreate(response.OperationLocation, UriKind.Absolute, out var operationLocation))
        {
            throw new OcrException(
                "Document Intelligence accepted the document but sent no usable Operation-Location to poll; it will be tried again later.",
                isTransient: true);
        }

        _logger.LogDebug(
            "Submitted a {Format} document ({Bytes} bytes) to Document Intelligence as operation {OperationId}",
            input.Format, input.Content.Length, operationLocation.Segments[^1]);
        return (operationLocation, response.RetryAfter);
    }

    private async Task<IReadOnlyList<OcrPage>> WaitForPagesAsync(
        Uri operationLocation, TimeSpan? firstWait, int firstPageNumber, CancellationToken cancellationToken)
    {
        var wait = firstWait ?? _defaultPollInterval;
        while (true)
        {
            await Task.Delay(wait, _timeProvider, cancellationToken);
            var response = await SendWithRetriesAsync(PollRequest, token => GetOperationAsync(operationLocation, token), cancellationToken);
            if (response.Status != 200)
            {
                throw Failure(response, PollRequest);
            }

            AnalyzeOperationState state;
            try
            {
                state = AnalyzeResultReader.ReadOperation(response.Content, firstPageNumber);
            }
            catch (JsonException ex)
            {
                throw new OcrException(
                    "Document Intelligence answered a poll with JSON that is not an analyze operation; it will be tried again later.",
                    isTransient: true, ex);
            }

            switch (state.Status)
            {
                case AnalyzeStatus.NotStarted or AnalyzeStatus.Running:
                    wait = response.RetryAfter ?? _defaultPollInterval;
                    _logger.LogDebug("Operation {OperationId} is {Status}; polling again in {Wait}", operationLocation.Segments[^1], state.RawStatus, wait);
                    continue;
                case AnalyzeStatus.Succeeded when state.Pages is { } pages:
                    return pages;
                case AnalyzeStatus.Succeeded:
                    throw new OcrException("Document Intelligence reported success but sent no analyzeResult; it will be tried again later.", isTransient: true);
                case AnalyzeStatus.Failed:
                    throw FailedOperation(state.Error);
                default:
                    throw new OcrException(
                        $"Document Intelligence ended the analysis as '{state.RawStatus}' without a result; it will be tried again later.",
                        isTransient: true);
            }
        }
    }

    private async Task<ServiceResponse> SendWithRetriesAsync(
        string request, Func<CancellationToken, ValueTask<ServiceResponse>> send, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(DocumentIntelligenceResilience.RequestName, request);
        try
        {
            return await _resilience.ExecuteAsync(static (context, send) => send(context.CancellationToken), context, send);
        }
        catch (Exception ex) when (DocumentIntelligenceResilience.IsTransportFailure(ex))
        {
            _logger.LogWarning(ex, "Could not reach Document Intelligence for the {Request} request", request);
            throw new OcrException(
                $"Could not reach Document Intelligence ({ex.Message}) after {_maxRetries} retries; the document will be tried again later.",
                isTransient: true, ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<ServiceResponse> PostAnalyzeAsync(OcrInput input, CancellationToken cancellationToken)
    {
        // Every attempt, retries included, counts against the resource's analyze TPS.
        using (var lease = await _analyzeRequests.AcquireAsync(1, cancellationToken))
        {
            if (!lease.IsAcquired)
            {
                throw new OcrException("Too many documents are waiting to be sent to Document Intelligence; it will be tried again later.", isTransient: true);
            }
        }

        using var message = _pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Post;
        message.Request.Uri.Reset(_analyzeUri);
        message.Request.Headers.SetValue("Content-Type", ContentType(input.Format));
        message.Request.Content = RequestContent.Create(input.Content);
        return await SendOnceAsync(message, cancellationToken);
    }

    private async ValueTask<ServiceResponse> GetOperationAsync(Uri operationLocation, CancellationToken cancellationToken)
    {
        using var message = _pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Get;
        message.Request.Uri.Reset(operationLocation);
        return await SendOnceAsync(message, cancellationToken);
    }

    private async ValueTask<ServiceResponse> SendOnceAsync(HttpMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await _pipeline.SendAsync(message, cancellationToken);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Azure.Core cancels a request that outlasts its network timeout; that is a transport failure, not ours.
            throw new TimeoutException("Document Intelligence did not answer within the network timeout.", ex);
        }

        return ServiceResponse.From(message.Response, _timeProvider.GetUtcNow());
    }

    private OcrException Failure(ServiceResponse response, string request)
    {
        var status = response.Status;
        var error = AnalyzeResultReader.ReadError(response.Content);
        var detail = error is null ? $"HTTP {status}" : $"HTTP {status} {error.Description}";

        if (status is 401 or 403)
        {
            _logger.LogError("Document Intelligence refused our credentials ({Status} {Code})", status, error?.Code);
            return new OcrException(
                $"Document Intelligence refused this app's credentials ({detail}). Check the API key ({OptionsPath}:Key) or, " +
                "with a managed identity, that it has the 'Cognitive Services User' role on the resource and the endpoint is " +
                "the resource's custom subdomain. The letter is not at fault; it will be tried again.",
                isTransient: true);
        }

        if (status == 404)
        {
            _logger.LogError("Document Intelligence answered 404 to the {Request} request ({Code})", request, error?.Code);
            return new OcrException(
                request == AnalyzeRequest
                    ? $"Document Intelligence has no model '{_modelId}' for api-version {_apiVersion} at this endpoint ({detail}). " +
                      $"Check {OptionsPath}:Endpoint, ApiVersion and ModelId; the letter is not at fault."
                    : $"Document Intelligence no longer has the analysis result ({detail}); the document will be submitted again when it is retried.",
                isTransient: true);
        }

        if (DocumentIntelligenceResilience.IsRetryableStatus(status))
        {
            var what = status == 429 ? "throttling requests" : "unavailable";
            return new OcrException(
                $"Document Intelligence is still {what} ({detail}) after {_maxRetries} retries; the document will be tried again later.",
                isTransient: true)
            {
                IsThrottled = status is 429 or 503,
                RetryAfter = response.RetryAfter,
            };
        }

        if (status is >= 400 and < 500)
        {
            _logger.LogWarning("Document Intelligence rejected a document: {Status} {Code} ({InnerCode})", status, error?.Code, error?.InnermostCode);
            return new OcrException($"Document Intelligence cannot read this document ({detail}).", isTransient: false);
        }

        return new OcrException(
            $"Document Intelligence answered the {request} request unexpectedly ({detail}); the document will be tried again later.",
            isTransient: true);
    }

    private OcrException FailedOperation(ServiceError? error)
    {
        var detail = error?.Description ?? "no error details";

        // The top-level code is the most severe error; these say the service, not the document, failed.
        if (error?.Code is "InternalServerError" or "ServiceUnavailable" or "Timeout" or "TooManyRequests")
        {
            _logger.LogWarning("Document Intelligence failed an analysis on its side: {Code}", error.Code);
            return new OcrException($"Document Intelligence failed while reading the document ({detail}); it will be tried again later.", isTransient: true);
        }

        _logger.LogWarning("Document Intelligence could not read a document: {Code} ({InnerCode})", error?.Code, error?.InnermostCode);
        return new OcrException($"Document Intelligence could not read this document ({detail}).", isTransient: false);
    }

    private static string ContentType(OcrInputFormat format) => format switch
    {
        OcrInputFormat.Pdf => "application/pdf",
        OcrInputFormat.Png => "image/png",
        OcrInputFormat.Jpeg => "image/jpeg",
        OcrInputFormat.Tiff => "image/tiff",
        OcrInputFormat.Bmp => "image/bmp",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Document Intelligence is not given this format."),
    };

    private static Uri Validate(DocumentIntelligenceOptions options, TokenCredential? credential)
    {
        if (options.Endpoint is not { IsAbsoluteUri: true } endpoint)
        {
            throw new InvalidOperationException(
                $"{OptionsPath}:Endpoint must be the resource's absolute URL, e.g. https://my-resource.cognitiveservices.azure.com/.");
        }

        if (string.IsNullOrWhiteSpace(options.Key))
        {
            if (credential is null)
            {
                throw new InvalidOperationException(
                    $"Document Intelligence needs {OptionsPath}:Key or an Entra ID credential (a managed identity with the 'Cognitive Services User' role).");
            }

            if (endpoint.Scheme != Uri.UriSchemeHttps)
            {
                throw new InvalidOperationException(
                    $"Entra ID tokens are only sent over https, but {OptionsPath}:Endpoint is {endpoint}; use the resource's https custom subdomain.");
            }
        }

        Require(!string.IsNullOrWhiteSpace(options.ApiVersion), "ApiVersion", "must be set, e.g. 2024-11-30");
        Require(!string.IsNullOrWhiteSpace(options.ModelId), "ModelId", "must be set, e.g. prebuilt-read");
        Require(options.MaxConcurrency >= 1, "MaxConcurrency", "must be at least 1");
        Require(options.RequestsPerSecond > 0 && double.IsFinite(options.RequestsPerSecond), "RequestsPerSecond", "must be a positive number");
        Require(options.MaxRetries >= 0, "MaxRetries", "cannot be negative");
        Require(options.RetryDelay >= TimeSpan.Zero, "RetryDelay", "cannot be negative");
        Require(options.OperationTimeout > TimeSpan.Zero, "OperationTimeout", "must be positive");
        Require(options.DefaultPollInterval >= TimeSpan.Zero, "DefaultPollInterval", "cannot be negative");
        return endpoint;

        static void Require(bool condition, string name, string rule)
        {
            if (!condition)
            {
                throw new InvalidOperationException($"{OptionsPath}:{name} {rule}.");
            }
        }
    }

    /// <summary>Azure.Core pipeline options; only to switch its retries off and plug in a transport.</summary>
    private sealed class EngineClientOptions : ClientOptions
    {
    }
}
