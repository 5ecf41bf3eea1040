using System.Diagnostics;
using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Ocr;
using FoiPipeline.Ocr.DocumentIntelligence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly.CircuitBreaker;

namespace FoiPipeline.IntegrationTests.Ocr;

/// <summary>The Document Intelligence engine over real HTTP on loopback, against <see cref="FakeDocumentIntelligence"/>.</summary>
public sealed class DocumentIntelligenceEngineTests : IAsyncLifetime
{
    // Just the signatures the service (and the fake) check; the fake reads its text from FakePage, not from pixels.
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52];
    private static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"u8.ToArray();

    private readonly List<DocumentIntelligenceOcrEngine> _engines = [];
    private FakeDocumentIntelligence _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeDocumentIntelligence.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var engine in _engines)
        {
            engine.Dispose();
        }

        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task A_scan_is_submitted_once_and_polled_at_its_Operation_Location_until_it_succeeds()
    {
        var engine = CreateEngine();

        var result = await engine.RecognizeAsync(new OcrInput(Png, OcrInputFormat.Png), Guard());

        var submit = Assert.Single(_fake.AnalyzeRequests);
        Assert.Equal("/documentintelligence/documentModels/prebuilt-read:analyze", submit.Path);
        Assert.Equal("2024-11-30", submit.QueryValue("api-version"));
        Assert.Equal("utf16CodeUnit", submit.QueryValue("stringIndexType"));
        Assert.Equal("image/png", submit.Header("Content-Type"));
        Assert.Equal(_fake.Key, submit.Header("Ocp-Apim-Subscription-Key"));
        Assert.Equal(202, submit.Status);

        // notStarted, running, succeeded: each poll at the Operation-Location exactly as the service gave it.
        var polls = _fake.Polls;
        Assert.Equal(3, polls.Count);
        Assert.All(polls, poll =>
        {
            Assert.StartsWith("/documentintelligence/documentModels/prebuilt-read/analyzeResults/", poll.Path);
            Assert.Equal("?api-version=2024-11-30", poll.Query);
            Assert.Equal(200, poll.Status);
        });
        Assert.Single(polls.Select(poll => poll.Path).Distinct());

        Assert.Equal("ocr-azure", result.Method);
        Assert.Equal("Freedom of Information request", Assert.Single(result.Pages).Text);
    }

    [Fact]
    public async Task The_result_maps_text_page_numbers_line_and_word_confidence_and_handwriting()
    {
        _fake.Pages =
        [
            new FakePage(
                new FakeLine("Freedom of Information request", 0.99),
                new FakeLine("Please send me the 2024 budget report.") { WordConfidences = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3] }),
            new FakePage(
                new FakeLine("Yours faithfully", 0.95),
                new FakeLine("J. Smith", 0.6, Handwritten: true)),
        ];
        var engine = CreateEngine();

        var result = await engine.RecognizeAsync(new OcrInput(Png, OcrInputFormat.Png), Guard());

        Assert.Equal([1, 2], result.Pages.Select(page => page.PageNumber));

        var letter = result.Pages[0];
        Assert.Equal("Freedom of Information request\nPlease send me the 2024 budget report.", letter.Text);
        Assert.Equal(0.99, letter.Lines[0].Confidence!.Value, 6);
        Assert.Equal(0.6, letter.Lines[1].Confidence!.Value, 6);
        Assert.Equal(11, letter.WordCount);
        Assert.Equal(((4 * 0.99) + 4.2) / 11, letter.MeanConfidence!.Value, 6);
        Assert.False(letter.HasHandwriting);
        Assert.DoesNotContain(letter.Lines, line => line.Handwritten);

        var signOff = result.Pages[1];
        Assert.Equal("Yours faithfully\nJ. Smith", signOff.Text);
        Assert.False(signOff.Lines[0].Handwritten);
        Assert.True(signOff.Lines[1].Handwritten);
        Assert.Equal(0.6, signOff.Lines[1].Confidence!.Value, 6);
        Assert.True(signOff.HasHandwriting);
        Assert.Equal(4, signOff.WordCount);
        Assert.Equal(0.775, signOff.MeanConfidence!.Value, 6);
    }

    [Fact]
    public async Task Text_outside_ASCII_comes_through_intact_with_its_confidences()
    {
        _fake.Pages =
        [
            new FakePage(
                new FakeLine("Caf\u00e9 \U0001F4CE attached", 0.5),
                new FakeLine("Nai\u0308ve re\u0301sume\u0301 request", 0.9)),
        ];
        var engine = CreateEngine();

        var page = Assert.Single((await engine.RecognizeAsync(new OcrInput(Png, OcrInputFormat.Png), Guard())).Pages);

        Assert.Equal("Caf\u00e9 \U0001F4CE attached\nNai\u0308ve re\u0301sume\u0301 request", page.Text);
        Assert.Equal(0.5, page.Lines[0].Confidence!.Value, 6);
        Assert.Equal(0.9, page.Lines[1].Confidence!.Value, 6);
        Assert.Equal(6, page.WordCount);
    }

    [Fact]
    public async Task A_PDF_is_sent_as_application_pdf_and_its_pages_are_numbered_from_FirstPageNumber()
    {
        _fake.Pages = [new FakePage(new FakeLine("Page seven")), new FakePage(new FakeLine("Page eight"))];
        var engine = CreateEngine();

        var result = await engine.RecognizeAsync(new OcrInput(Pdf, OcrInputFormat.Pdf, FirstPageNumber: 7), Guard());

        Assert.Equal("application/pdf", Assert.Single(_fake.AnalyzeRequests).Header("Content-Type"));
        Assert.Equal([7, 8], result.Pages.Select(page => page.PageNumber));
        Assert.Equal(["Page seven", "Page eight"], result.Pages.Select(page => page.Text));
        Assert.True(engine.AcceptsPdf);
    }

    [Fact]
    public async Task A_throttled_analyze_request_is_retried_after_the_wait_the_service_asked_for()
    {
        _fake.ThrottleAnalyzeRequests(1, retryAfterSeconds: 1);
        // Our own back-off would be a few milliseconds, so a one-second gap can only come from Retry-After.
        var engine = CreateEngine(options => options.RetryDelay = TimeSpan.FromMilliseconds(5));

        var result = await engine.RecognizeAsync(new OcrInput(Png, OcrInputFormat.Png), Guard());

        var submits = _fake.AnalyzeRequests;
        Assert.Equal([429, 202], submits.Select(request => request.Status));
        var gap = submits[1].At - submits[0].At;
        Assert.InRange(gap, TimeSpan.FromMilliseconds(950), TimeSpan.FromSeconds(3));
        Assert.Single(result.Pages);
    }

    [Fact]
    public async Task Polls_wait_as_long_as_the_service_asks_rather_than_the_default_interval()
    {
        _fake.AnalyzeRetryAfterSeconds = 1;
        _fake.PollRetryAfterSeconds = 1;
        _fake.PollsBeforeDone = 1;
        var engine = CreateEngine(options => options.DefaultPollInterval = TimeSpan.FromMilliseconds(5));

        await engine.RecognizeAsync(new OcrInput(Png, OcrInputFormat.Png), Guard());

        var requests = _fake.Requests;
        Assert.Equal(["POST", "GET", "GET"], requests.Select(request => request.Method));
        Assert.InRange(requests[1].At - requests[0].At, TimeSpan.FromMilliseconds(950), TimeSpan.FromSeconds(2));
        Assert.InRange(requests[2].At - requests[1].At, TimeSpan.FromMilliseconds(950), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Throttling_that_outlasts_the_retries_is_a_transient_failure()
    {
        _fake.ThrottleAnalyzeRequests(10, retryAfterSeconds: 0);
        var engine = CreateEngine(options => options.MaxRetries = 2);

        var failure = await Assert.ThrowsAsync<OcrException>(() => engine.RecognizeAsync(new OcrInput(Png, OcrInputFormat.Png), Guard()));

        Assert.True(failure.IsTransient);
        Assert.Contains("429", failure.Message);
        Assert.Equal(3, _fake.AnalyzeRequests.Count);
    }

    [Fact]
    public async Task A_poll_answered_503_is_retried_and_the_analysis_still_succeeds()
    {
        _fake.FailPolls(2, status: 503);
        var engine = CreateEngine();

        var result = await engine.RecognizeAsync(new OcrInput(Png, OcrInputFormat.Png), Guard());

        Assert.Single(result.Pages);
        Assert.Single(_fake.AnalyzeRequests);
        Assert.Equal([503, 503, 200, 200, 200], _fake.Polls.Select(poll => poll.Status));
    }

    [Fact]
    public async Task A_failed_analysis_is_a_permanent_failure_that_carries_the_service_error_code()
    {
        _fake.FailOperations("InvalidRequest", "Invalid request.", "InvalidContentDimensions",
            "The input image dimensions are out of range. Refer to documentation for supported image dimensions.");
        var engine = CreateEngine();

        var failure = await Assert.ThrowsAsync<OcrException>(() => engine.RecognizeAsync(new OcrInput(Png, OcrInputFormat.Png), Guard()));

        Assert.False(failure.IsTransient);
        Assert.Contains("InvalidRequest", failure.Message);
        Assert.Contains("InvalidContentDimensions", failure.Message);
        Assert.Contains("dimensions are out of range", failure.Message);
    }

    [Fact]
    public async Task An_analysis_the_service_failed_on_its_side_is_worth_trying_again_later()
    {
        _fake.FailOperations("InternalServerError", "An unexpected error occurred.");
        var engine = CreateEngine();

        var failure = await Assert.ThrowsAsync<OcrException>(() => engine.RecognizeAsync(new OcrInput(Png, OcrInputFormat.Png), Guard()));

        Assert.True(failure.IsTransient);
        Assert.Contains("InternalServerError", failure.Message);
    }

    [Fact]
    public async Task A_corrupt_document_is_rejected_as_InvalidContent_without_retrying()
    {
        var engine = CreateEngine();
        var notAPng = "this is not a PNG"u8.ToArray();

        var failure = await Assert.ThrowsAsync<OcrException>(() => engine.RecognizeAsync(new OcrInput(notAPng, OcrInputFormat.Png), Guard()));

        Assert.False(failure.IsTransient);
        Assert.Contains("InvalidContent", failure.Message);
        Assert.Contains("corrupted or format is unsupported", failure.Message);
        Assert.Equal(400, Assert.Single(_fake.Requests).Status);
    }

    [Fact]
    public async Task An_analysis_that_outlasts_OperationTimeout_is_a_transient_failure()
    {
        _fake.NeverFinish();
        var engine = CreateEngine(options => options.OperationTimeout = TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<OcrException>(() => engine.RecognizeAsync(new OcrInput(Png, OcrInputFormat.Png), Guard()));

        Assert.True(failure.IsTransient);
        Assert.Contains("did not finish", failure.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(3));
        Assert.True(_fake.Polls.Count >= 2);
    }

    [Fact]
    public async Task Cancelling_the_callers_token_is_a_cancellation_not_an_OCR_failure()
    {
        _fake.NeverFinish();
        var engine = CreateEngine();
        using var cancellation = new CancellationTokenSource();
        var recognizing = engine.RecognizeAsync(new OcrInput(Png, OcrInputFormat.Png), cancellation.Token);

        // Cancel while the engine is polling, however long the submission took on a busy machine.
        await FoiPipeline.IntegrationTests.Support.Eventually.TrueAsync(() => Task.FromResult(_fake.Polls.Count > 0), "a first poll of the analysis");
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => recognizing);
    }

    [Fact]
    public async Task A_wrong_key_is_a_transient_failure_that_tells_the_operator_what_to_check()
    {
        var engine = CreateEngine(options => options.Key = "not-the-resource-key");

        var failure = await Assert.ThrowsAsync<OcrException>(() => engine.RecognizeAsync(new OcrInput(Png, OcrInputFormat.Png), Guard()));

        Assert.True(failure.IsTransient);
        Assert.Contains("401", failure.Message);
        Assert.Contains("Key", failure.Message);
        Assert.Contains("Cognitive Services User", failure.Message);
        Assert.Contains("not at fault", failure.Message);
        Assert.DoesNotContain("not-the-resource-key", failure.Message);
        Assert.Equal(401, Assert.Single(_fake.Requests).Status);
    }

    [Fact]
    public async Task The_2023_07_31_api_version_is_served_under_formrecognizer()
    {
        var engine = CreateEngine(options => options.ApiVersion = "2023-07-31");

        var result = await engine.RecognizeAsync(new OcrInput(Png, OcrInputFormat.Png), Guard());

        var submit = Assert.Single(_fake.AnalyzeRequests);
        Assert.Equal("/formrecognizer/documentModels/prebuilt-read:analyze", submit.Path);
        Assert.Equal("2023-07-31", submit.QueryValue("api-version"));
        Assert.All(_fake.Polls, poll => Assert.StartsWith("/formrecognizer/documentModels/prebuilt-read/analyzeResults/", poll.Path));
        Assert.Equal("Freedom of Information request", Assert.Single(result.Pages).Text);
    }

    [Fact]
    public async Task Repeated_service_failures_open_the_circuit_and_later_documents_fail_fast_without_a_request()
    {
        _fake.FailAnalyzeRequests(100, status: 503);
        var engine = CreateEngine(options => options.MaxRetries = 0);

        for (var i = 0; i < DocumentIntelligenceResilience.CircuitMinimumThroughput; i++)
        {
            var unavailable = await Assert.ThrowsAsync<OcrException>(() => engine.RecognizeAsync(new OcrInput(Png, OcrInputFormat.Png), Guard()));
            Assert.True(unavailable.IsTransient);
            Assert.Contains("503", unavailable.Message);
        }

        var failFast = await Assert.ThrowsAsync<OcrException>(() => engine.RecognizeAsync(new OcrInput(Png, OcrInputFormat.Png), Guard()));

        Assert.True(failFast.IsTransient);
        Assert.Contains("failing", failFast.Message);
        Assert.IsType<BrokenCircuitException>(failFast.InnerException);
        Assert.True(failFast.IsThrottled, "an open circuit should hold letters back, not count against them");
        Assert.Equal(DocumentIntelligenceResilience.CircuitBreakDuration, failFast.RetryAfter);
        Assert.Equal(DocumentIntelligenceResilience.CircuitMinimumThroughput, _fake.AnalyzeRequests.Count);
    }

    [Fact]
    public async Task An_unreachable_service_is_a_transient_failure_after_the_retries()
    {
        Uri closedEndpoint;
        await using (var gone = await FakeDocumentIntelligence.StartAsync())
        {
            closedEndpoint = gone.Endpoint;
        }

        var engine = CreateEngine(options =>
        {
            options.Endpoint = closedEndpoint;
            options.MaxRetries = 2;
        });

        var failure = await Assert.ThrowsAsync<OcrException>(() => engine.RecognizeAsync(new OcrInput(Png, OcrInputFormat.Png), Guard()));

        Assert.True(failure.IsTransient);
        Assert.Contains("Could not reach Document Intelligence", failure.Message);
        Assert.NotNull(failure.InnerException);
    }

    [Fact]
    public async Task At_most_MaxConcurrency_documents_are_in_analysis_at_once()
    {
        var engine = CreateEngine(options => options.MaxConcurrency = 2);

        var results = await Task.WhenAll(Enumerable.Range(0, 5)
            .Select(_ => engine.RecognizeAsync(new OcrInput(Png, OcrInputFormat.Png), Guard())));

        Assert.Equal(5, results.Length);
        Assert.Equal(5, _fake.AnalyzeRequests.Count);
        Assert.Equal(2, _fake.MaxOperationsInFlight);
    }

    [Fact]
    public async Task Analyze_requests_are_paced_to_RequestsPerSecond()
    {
        // Four at once (one second's allowance), then one every quarter second.
        var engine = CreateEngine(options =>
        {
            options.RequestsPerSecond = 4;
            options.MaxConcurrency = 6;
        });

        await Task.WhenAll(Enumerable.Range(0, 6)
            .Select(_ => engine.RecognizeAsync(new OcrInput(Png, OcrInputFormat.Png), Guard())));

        var submits = _fake.AnalyzeRequests.OrderBy(request => request.At).ToList();
        Assert.Equal(6, submits.Count);
        Assert.True(submits[^1].At - submits[0].At >= TimeSpan.FromMilliseconds(350),
            $"6 analyze requests at 4 per second took only {submits[^1].At - submits[0].At}");
    }

    [Fact]
    public async Task Without_a_key_a_bearer_token_for_Cognitive_Services_is_sent_instead()
    {
        // The bearer policy refuses http, so the engine talks to an https name that the transport delivers to the fake.
        var publicEndpoint = new Uri("https://foi-ocr.cognitiveservices.test/");
        _fake.PublicEndpoint = publicEndpoint;
        _fake.AcceptedBearerToken = "entra-token-" + Guid.NewGuid().ToString("N");
        var credential = new StaticTokenCredential(_fake.AcceptedBearerToken);
        var options = Options(options =>
        {
            options.Endpoint = publicEndpoint;
            options.Key = null;
        });
        using var transport = new LoopbackTransport(_fake.Endpoint);
        var engine = Track(new DocumentIntelligenceOcrEngine(options, NullLogger<DocumentIntelligenceOcrEngine>.Instance, credential, transport));

        var result = await engine.RecognizeAsync(new OcrInput(Png, OcrInputFormat.Png), Guard());

        Assert.Single(result.Pages);
        Assert.All(_fake.Requests, request =>
        {
            Assert.Equal("Bearer " + _fake.AcceptedBearerToken, request.Header("Authorization"));
            Assert.Null(request.Header("Ocp-Apim-Subscription-Key"));
        });
        Assert.Contains(DocumentIntelligenceOcrEngine.TokenScope, credential.RequestedScopes);
        Assert.Equal("https://cognitiveservices.azure.com/.default", DocumentIntelligenceOcrEngine.TokenScope);
    }

    [Fact]
    public async Task The_key_is_never_written_to_the_logs()
    {
        _fake.ThrottleAnalyzeRequests(1, retryAfterSeconds: 0);
        _fake.FailPolls(1);
        var logger = new CollectingLogger<DocumentIntelligenceOcrEngine>();
        var engine = CreateEngine(logger: logger);
        var wrongKeyLogger = new CollectingLogger<DocumentIntelligenceOcrEngine>();
        var wrongKey = CreateEngine(options => options.Key = "wrong-key-" + Guid.NewGuid().ToString("N"), wrongKeyLogger);

        await engine.RecognizeAsync(new OcrInput(Png, OcrInputFormat.Png), Guard());
        await Assert.ThrowsAsync<OcrException>(() => wrongKey.RecognizeAsync(new OcrInput(Png, OcrInputFormat.Png), Guard()));

        Assert.Contains(logger.Entries, entry => entry.StartsWith("Warning:", StringComparison.Ordinal) && entry.Contains("retry 1 of 3"));
        Assert.Contains(wrongKeyLogger.Entries, entry => entry.Contains("refused"));
        Assert.DoesNotContain(logger.Entries, entry => entry.Contains(_fake.Key));
        Assert.DoesNotContain(wrongKeyLogger.Entries, entry => entry.Contains("wrong-key-"));
    }

    [Fact]
    public void An_engine_without_an_endpoint_cannot_be_built()
    {
        var options = Options(options => options.Endpoint = null);

        var problem = Assert.Throws<InvalidOperationException>(() => new DocumentIntelligenceOcrEngine(options, NullLogger<DocumentIntelligenceOcrEngine>.Instance));

        Assert.Contains("FoiPipeline:Ocr:DocumentIntelligence:Endpoint", problem.Message);
    }

    [Fact]
    public void An_engine_with_neither_a_key_nor_a_credential_cannot_be_built()
    {
        var options = Options(options => options.Key = "");

        var problem = Assert.Throws<InvalidOperationException>(() => new DocumentIntelligenceOcrEngine(options, NullLogger<DocumentIntelligenceOcrEngine>.Instance));

        Assert.Contains("FoiPipeline:Ocr:DocumentIntelligence:Key", problem.Message);
        Assert.Contains("credential", problem.Message);
    }

    [Fact]
    public void Entra_ID_over_plain_http_is_refused_when_the_engine_is_built()
    {
        var options = Options(options => options.Key = null);

        var problem = Assert.Throws<InvalidOperationException>(() =>
            new DocumentIntelligenceOcrEngine(options, NullLogger<DocumentIntelligenceOcrEngine>.Instance, new StaticTokenCredential("token")));

        Assert.Contains("https", problem.Message);
    }

    private static CancellationToken Guard() => new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token;

    private DocumentIntelligenceOptions Options(Action<DocumentIntelligenceOptions>? configure = null)
    {
        var options = new DocumentIntelligenceOptions
        {
            Endpoint = _fake.Endpoint,
            Key = _fake.Key,
            DefaultPollInterval = TimeSpan.FromMilliseconds(20),
            RetryDelay = TimeSpan.FromMilliseconds(20),
            MaxRetries = 3,
            OperationTimeout = TimeSpan.FromSeconds(8),
        };
        configure?.Invoke(options);
        return options;
    }

    private DocumentIntelligenceOcrEngine CreateEngine(
        Action<DocumentIntelligenceOptions>? configure = null, ILogger<DocumentIntelligenceOcrEngine>? logger = null) =>
        Track(new DocumentIntelligenceOcrEngine(Options(configure), logger ?? NullLogger<DocumentIntelligenceOcrEngine>.Instance));

    private DocumentIntelligenceOcrEngine Track(DocumentIntelligenceOcrEngine engine)
    {
        _engines.Add(engine);
        return engine;
    }
}
