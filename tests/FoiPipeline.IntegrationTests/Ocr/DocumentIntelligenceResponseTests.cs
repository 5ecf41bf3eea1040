using FoiPipeline.Ocr.DocumentIntelligence;

namespace FoiPipeline.IntegrationTests.Ocr;

/// <summary>How the engine reads the service's answers, from JSON and headers written here rather than served.</summary>
public sealed class DocumentIntelligenceResponseTests
{
    private static readonly DateTimeOffset Now = new(2015, 10, 21, 7, 28, 0, TimeSpan.Zero);

    [Fact]
    public void A_succeeded_poll_maps_word_confidences_onto_lines_and_handwriting_styles_onto_the_lines_they_cover()
    {
        const string Json = """
            {
              "status": "succeeded",
              "analyzeResult": {
                "apiVersion": "2024-11-30", "modelId": "prebuilt-read", "stringIndexType": "utf16CodeUnit",
                "content": "Freedom of Information request\nJ. Smith",
                "pages": [{
                  "pageNumber": 1, "angle": 0.1, "width": 8.5, "height": 11, "unit": "inch",
                  "spans": [{ "offset": 0, "length": 39 }],
                  "words": [
                    { "content": "Freedom", "polygon": [1, 1, 1.6, 1, 1.6, 1.2, 1, 1.2], "confidence": 0.99, "span": { "offset": 0, "length": 7 } },
                    { "content": "of", "confidence": 0.98, "span": { "offset": 8, "length": 2 } },
                    { "content": "Information", "confidence": 0.97, "span": { "offset": 11, "length": 11 } },
                    { "content": "request", "confidence": 0.96, "span": { "offset": 23, "length": 7 } },
                    { "_note": "not a word the service sends: no span, no confidence" },
                    { "content": "J.", "confidence": 0.7, "span": { "offset": 31, "length": 2 } },
                    { "content": "Smith", "confidence": 0.8, "span": { "offset": 34, "length": 5 } }
                  ],
                  "lines": [
                    { "content": "Freedom of Information request", "polygon": [1, 1, 3.5, 1, 3.5, 1.2, 1, 1.2], "spans": [{ "offset": 0, "length": 30 }] },
                    { "content": "J. Smith", "spans": [{ "offset": 31, "length": 8 }] }
                  ]
                }],
                "paragraphs": [{ "role": "title", "content": "Freedom of Information request", "spans": [{ "offset": 0, "length": 30 }] }],
                "styles": [
                  { "isHandwritten": true, "confidence": 0.9, "spans": [{ "offset": 31, "length": 8 }] },
                  { "fontWeight": "bold", "confidence": 0.8, "spans": [{ "offset": 0, "length": 30 }] }
                ]
              }
            }
            """;

        var state = AnalyzeResultReader.ReadOperation(BinaryData.FromString(Json), firstPageNumber: 1);

        Assert.Equal(AnalyzeStatus.Succeeded, state.Status);
        var page = Assert.Single(state.Pages!);
        Assert.Equal(1, page.PageNumber);
        Assert.Equal("Freedom of Information request\nJ. Smith", page.Text);
        Assert.Equal(0.975, page.Lines[0].Confidence!.Value, 6);
        Assert.False(page.Lines[0].Handwritten);
        Assert.Equal(0.75, page.Lines[1].Confidence!.Value, 6);
        Assert.True(page.Lines[1].Handwritten);
        Assert.True(page.HasHandwriting);
        Assert.Equal(6, page.WordCount);
        Assert.Equal(0.9, page.MeanConfidence!.Value, 6);
    }

    [Fact]
    public void A_result_without_lines_is_cut_into_lines_from_its_content_by_UTF16_offsets()
    {
        // DOCX and HTML results have no lines and no words; the page spans still index content.
        const string Json = """
            {
              "status": "succeeded",
              "analyzeResult": {
                "content": "Dear Sir \uD83D\uDCCE\nI write to ask\nPlease send the report.",
                "pages": [
                  { "pageNumber": 1, "spans": [{ "offset": 0, "length": 26 }] },
                  { "pageNumber": 2, "spans": [{ "offset": 27, "length": 23 }] }
                ]
              }
            }
            """;

        var pages = AnalyzeResultReader.ReadOperation(BinaryData.FromString(Json), firstPageNumber: 3).Pages!;

        Assert.Equal([3, 4], pages.Select(page => page.PageNumber));
        Assert.Equal(["Dear Sir \U0001F4CE", "I write to ask"], pages[0].Lines.Select(line => line.Text));
        Assert.Equal("Please send the report.", Assert.Single(pages[1].Lines).Text);
        Assert.All(pages.SelectMany(page => page.Lines), line => Assert.Null(line.Confidence));
        Assert.All(pages, page =>
        {
            Assert.Equal(0, page.WordCount);
            Assert.Null(page.MeanConfidence);
            Assert.False(page.HasHandwriting);
        });
    }

    [Fact]
    public void A_result_missing_every_optional_field_still_reads_as_an_empty_page()
    {
        var state = AnalyzeResultReader.ReadOperation(
            BinaryData.FromString("""{ "status": "succeeded", "analyzeResult": { "pages": [{ "pageNumber": 1 }] } }"""), firstPageNumber: 1);

        var page = Assert.Single(state.Pages!);
        Assert.Empty(page.Lines);
        Assert.Null(page.MeanConfidence);
        Assert.Equal(0, page.WordCount);
    }

    [Theory]
    [InlineData("notStarted", nameof(AnalyzeStatus.NotStarted))]
    [InlineData("running", nameof(AnalyzeStatus.Running))]
    [InlineData("canceled", nameof(AnalyzeStatus.Canceled))]
    [InlineData("skipped", nameof(AnalyzeStatus.Skipped))]
    [InlineData("paused", nameof(AnalyzeStatus.Unknown))]
    public void A_poll_status_is_read_without_pages_until_it_succeeds(string status, string expected)
    {
        var state = AnalyzeResultReader.ReadOperation(BinaryData.FromString($$"""{ "status": "{{status}}" }"""), firstPageNumber: 1);

        Assert.Equal(expected, state.Status.ToString());
        Assert.Null(state.Pages);
    }

    [Fact]
    public void A_failed_operation_keeps_the_top_level_code_and_names_the_detailed_errors()
    {
        const string Json = """
            {
              "status": "failed",
              "error": {
                "code": "InternalServerError", "message": "An unexpected error occurred.",
                "details": [
                  { "code": "InternalServerError", "message": "An unexpected error occurred." },
                  { "code": "InvalidContentDimensions", "message": "The input image dimensions are out of range.", "target": "2" }
                ]
              }
            }
            """;

        var error = AnalyzeResultReader.ReadOperation(BinaryData.FromString(Json), firstPageNumber: 1).Error!;

        Assert.Equal("InternalServerError", error.Code);
        Assert.Contains("InvalidContentDimensions (target 2): The input image dimensions are out of range.", error.Description);
    }

    [Fact]
    public void An_error_body_gives_its_innermost_code_and_a_body_that_is_not_JSON_gives_none()
    {
        var error = AnalyzeResultReader.ReadError(BinaryData.FromString(
            """{ "error": { "code": "InvalidRequest", "message": "Invalid request.", "innererror": { "code": "InvalidContent", "message": "The file is corrupted." } } }"""));

        Assert.Equal("InvalidRequest", error!.Code);
        Assert.Equal("InvalidContent", error.InnermostCode);
        Assert.Equal("InvalidRequest: Invalid request. [InvalidContent: The file is corrupted.]", error.Description);
        Assert.Null(AnalyzeResultReader.ReadError(BinaryData.FromString("<html>Bad gateway</html>")));
        Assert.Null(AnalyzeResultReader.ReadError(BinaryData.FromString("")));
    }

    [Theory]
    [InlineData("3", null, 3000)]
    [InlineData(" 0 ", null, 0)]
    [InlineData("3", "1500", 1500)]
    [InlineData("Wed, 21 Oct 2015 07:28:02 GMT", null, 2000)]
    [InlineData("Wed, 21 Oct 2015 07:27:00 GMT", null, 0)]
    public void Retry_After_is_read_as_seconds_an_HTTP_date_or_Azure_milliseconds(string? retryAfter, string? retryAfterMs, int expectedMilliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), ServiceResponse.ParseRetryAfter(retryAfter, retryAfterMs, Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("soon")]
    [InlineData("-5")]
    public void A_missing_or_unreadable_Retry_After_leaves_the_wait_to_the_back_off(string? retryAfter)
    {
        Assert.Null(ServiceResponse.ParseRetryAfter(retryAfter, null, Now));
    }

    [Theory]
    [InlineData("https://foi.cognitiveservices.azure.com/", "2024-11-30",
        "https://foi.cognitiveservices.azure.com/documentintelligence/documentModels/prebuilt-read:analyze?api-version=2024-11-30&stringIndexType=utf16CodeUnit")]
    [InlineData("https://foi.cognitiveservices.azure.com", "2023-07-31",
        "https://foi.cognitiveservices.azure.com/formrecognizer/documentModels/prebuilt-read:analyze?api-version=2023-07-31&stringIndexType=utf16CodeUnit")]
    public void The_analyze_URL_follows_the_api_version(string endpoint, string apiVersion, string expected)
    {
        Assert.Equal(expected, DocumentIntelligenceOcrEngine.AnalyzeUri(new Uri(endpoint), apiVersion, "prebuilt-read").AbsoluteUri);
    }
}
