using FoiPipeline.IntegrationTests.Support;

namespace FoiPipeline.IntegrationTests.Reliability;

/// <summary>Settings that point a host process at the cloud-service fakes, as an operator's app settings would.</summary>
internal static class ServiceSettings
{
    /// <summary>OCR by the Document Intelligence fake, with <paramref name="maxRetries"/> retries of a throttled request when given.</summary>
    public static Dictionary<string, string> DocumentIntelligence(FakeDocumentIntelligence ocr, int? maxRetries = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["FoiPipeline:Ocr:Engine"] = "document-intelligence",
            ["FoiPipeline:Ocr:DocumentIntelligence:Endpoint"] = ocr.Endpoint.ToString(),
            ["FoiPipeline:Ocr:DocumentIntelligence:Key"] = ocr.Key,
        };
        if (maxRetries is { } retries)
        {
            settings["FoiPipeline:Ocr:DocumentIntelligence:MaxRetries"] = retries.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return settings;
    }

    /// <summary>
    /// The triage index on the https search fake (index "triage"), trusted by the host process through
    /// <see cref="LoopbackCertificate.TrustEnvironment"/>, with <paramref name="maxRetries"/> whole-request retries when given.
    /// </summary>
    public static Dictionary<string, string> AzureSearch(FakeAzureSearch search, int? maxRetries = null)
    {
        var settings = new Dictionary<string, string>(LoopbackCertificate.TrustEnvironment)
        {
            ["FoiPipeline:Index:Kind"] = "azure-search",
            ["FoiPipeline:Index:AzureSearch:Endpoint"] = search.Endpoint.ToString(),
            ["FoiPipeline:Index:AzureSearch:ApiKey"] = search.ApiKey,
            ["FoiPipeline:Index:AzureSearch:IndexName"] = IndexName,
        };
        if (maxRetries is { } retries)
        {
            settings["FoiPipeline:Index:AzureSearch:MaxRetries"] = retries.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return settings;
    }

    public const string IndexName = "triage";

    /// <summary>Both, for a host that uses every service.</summary>
    public static Dictionary<string, string> Both(FakeDocumentIntelligence ocr, int? ocrRetries, FakeAzureSearch search)
        => new(DocumentIntelligence(ocr, ocrRetries).Concat(AzureSearch(search)));
}
