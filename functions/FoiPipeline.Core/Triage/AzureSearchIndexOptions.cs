using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Core.Serialization;
using Azure.Identity;
using Azure.Search.Documents;
using Azure.Search.Documents.Indexes;

namespace FoiPipeline.Triage;

/// <summary>
/// Where the Azure AI Search triage index lives, bound from <c>FoiPipeline:Index:AzureSearch</c>. Without
/// <see cref="ApiKey"/> the index signs in with Entra ID (DefaultAzureCredential: managed identity in Azure), which
/// needs the Search Index Data Contributor role; a key is an explicit opt-in for development and tests.
/// </summary>
public sealed partial class AzureSearchIndexOptions
{
    /// <summary>The service endpoint, e.g. https://foi-search.search.windows.net.</summary>
    public string? Endpoint { get; set; }

    public string IndexName { get; set; } = "triage";

    /// <summary>
    /// The index holding request fingerprints for duplicate and round-robin matching; empty means
    /// <c>{IndexName}-fingerprints</c>. Kept apart from the triage index so fingerprints never show in the queue.
    /// </summary>
    public string? FingerprintIndexName { get; set; }

    public string FingerprintIndex => string.IsNullOrEmpty(FingerprintIndexName) ? IndexName + "-fingerprints" : FingerprintIndexName;

    /// <summary>An admin key; leave empty to use Entra ID.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Retries of a whole request (408, 429, 5xx) by the Azure.Core pipeline, which owns them.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first back-off, for both request and per-document retries; it doubles each time.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(0.8);

    /// <summary>Resends of documents a 207 answer reported as transiently failed (409, 422, 503).</summary>
    public int MaxDocumentRetries { get; set; } = 5;

    /// <summary>What is wrong with these options, in words an operator can act on; empty when nothing is.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        // The SDK accepts only https endpoints, whatever the credential.
        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme != Uri.UriSchemeHttps)
        {
            problems.Add("FoiPipeline__Index__AzureSearch__Endpoint (FoiPipeline:Index:AzureSearch:Endpoint in JSON settings) must be the search " +
                "service's https URL when FoiPipeline__Index__Kind is azure-search, e.g. https://<service>.search.windows.net.");
        }

        if (!IndexNameRule().IsMatch(IndexName ?? string.Empty))
        {
            problems.Add($"FoiPipeline:Index:AzureSearch:IndexName '{IndexName}' must be 2-128 lowercase letters, digits or dashes, starting with a letter or digit.");
        }

        if (!IndexNameRule().IsMatch(FingerprintIndex))
        {
            problems.Add($"FoiPipeline:Index:AzureSearch:FingerprintIndexName '{FingerprintIndex}' must be 2-128 lowercase letters, digits or dashes, starting with a letter or digit.");
        }

        if (MaxRetries is < 0 or > 10 || MaxDocumentRetries is < 0 or > 10)
        {
            problems.Add("FoiPipeline:Index:AzureSearch:MaxRetries and MaxDocumentRetries must be between 0 and 10.");
        }

        if (RetryDelay < TimeSpan.Zero || RetryDelay > TimeSpan.FromMinutes(1))
        {
            problems.Add("FoiPipeline:Index:AzureSearch:RetryDelay must be between 0 and 1 minute.");
        }

        return problems;
    }

    /// <summary>
    /// Clients for one index of this service, with this retry policy: the API key when one is set, otherwise the
    /// given Entra ID credential (DefaultAzureCredential when null).
    /// </summary>
    /// <param name="indexName">The index the document client writes and reads.</param>
    /// <param name="serializer">The one serializer for schema and documents, so field names agree.</param>
    /// <param name="credential">Used when there is no API key.</param>
    /// <param name="transport">Replaces the HTTP transport (tests deliver to a loopback fake; the SDK only accepts https endpoints).</param>
    internal (SearchIndexClient Indexes, SearchClient Documents) CreateClients(
        string indexName, JsonObjectSerializer serializer, TokenCredential? credential, HttpPipelineTransport? transport)
    {
        var clientOptions = new SearchClientOptions(SearchClientOptions.ServiceVersion.V2023_11_01) { Serializer = serializer };
        clientOptions.Retry.MaxRetries = MaxRetries;
        clientOptions.Retry.Delay = RetryDelay;
        clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(30);
        clientOptions.Retry.Mode = RetryMode.Exponential;
        if (transport is not null)
        {
            clientOptions.Transport = transport;
        }

        var endpoint = new Uri(Endpoint!);
        if (!string.IsNullOrEmpty(ApiKey))
        {
            var key = new AzureKeyCredential(ApiKey);
            return (new SearchIndexClient(endpoint, key, clientOptions), new SearchClient(endpoint, indexName, key, clientOptions));
        }

        credential ??= new DefaultAzureCredential();
        return (new SearchIndexClient(endpoint, credential, clientOptions), new SearchClient(endpoint, indexName, credential, clientOptions));
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,127}$")]
    private static partial Regex IndexNameRule();
}
