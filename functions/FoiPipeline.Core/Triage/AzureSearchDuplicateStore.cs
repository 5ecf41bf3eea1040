using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Core.Serialization;
using Azure.Search.Documents;
using Azure.Search.Documents.Indexes;
using Azure.Search.Documents.Indexes.Models;
using Azure.Search.Documents.Models;
using FoiPipeline.Analysis.Duplicates;

namespace FoiPipeline.Triage;

/// <summary>
/// The <see cref="IDuplicateStore"/> for the Functions app: one document per request in an index of its own
/// (<see cref="AzureSearchIndexOptions.FingerprintIndex"/>) on the triage index's search service, its band keys in
/// a filterable collection. Every instance of the app matches against the same fingerprints, which survive
/// recycles; a SQLite file on an instance's disk would give each instance its own partial memory of earlier requests.
/// </summary>
/// <remarks>
/// The service makes a new document searchable about a second after it is written, so two copies of a round-robin
/// letter analysed within that second may miss each other; the next copy finds both. Re-adding a request uploads
/// its whole document, so band keys of an earlier analysis do not linger.
/// </remarks>
public sealed class AzureSearchDuplicateStore : IDuplicateStore, IDisposable
{
    // How many candidates one search returns; a page this full is followed by the next.
    private const int PageSize = 1000;

    // The service refuses $skip beyond 100,000: more candidates than that for one letter means the banding is broken.
    private const int MaxSkip = 100_000;

    private static readonly JsonObjectSerializer Serializer = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    });

    private readonly AzureSearchIndexOptions _options;
    private readonly LshBanding _banding;
    private readonly SearchIndexClient _indexClient;
    private readonly SearchClient _client;
    private readonly SemaphoreSlim _creating = new(1, 1);
    private volatile bool _created;

    /// <param name="options">The search service (validated here); the fingerprints go to its <see cref="AzureSearchIndexOptions.FingerprintIndex"/>.</param>
    /// <param name="credential">Entra ID credential when there is no API key; DefaultAzureCredential when null.</param>
    /// <param name="banding">The banding the stored keys are computed with; <see cref="LshBanding.Default"/> unless given.</param>
    /// <param name="transport">Replaces the HTTP transport (tests deliver to a loopback fake).</param>
    public AzureSearchDuplicateStore(
        AzureSearchIndexOptions options,
        TokenCredential? credential = null,
        LshBanding? banding = null,
        HttpPipelineTransport? transport = null)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        _options = options;
        _banding = banding ?? LshBanding.Default;
        (_indexClient, _client) = options.CreateClients(options.FingerprintIndex, Serializer, credential, transport);
    }

    /// <summary>The index definition this build creates or updates.</summary>
    internal static SearchIndex Definition(string name) => new(name, new FieldBuilder { Serializer = Serializer }.Build(typeof(IndexedFingerprint)));

    /// <summary>Creates or updates the fingerprint index; the other methods call it once themselves.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await _creating.WaitAsync(cancellationToken);
        try
        {
            if (!_created)
            {
                await _indexClient.CreateOrUpdateIndexAsync(Definition(_options.FingerprintIndex), allowIndexDowntime: false, onlyIfUnchanged: false, cancellationToken);
                _created = true;
            }
        }
        finally
        {
            _creating.Release();
        }
    }

    public async Task AddAsync(FingerprintRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await EnsureCreatedAsync(cancellationToken);
        var document = new IndexedFingerprint
        {
            Id = record.RequestId,
            RequesterEmail = record.RequesterEmail,
            RequesterName = record.RequesterName,
            ReceivedAt = record.ReceivedAt.ToUniversalTime(),
            Signature = record.Signature.ToBase64(),
            BandKeys = [.. record.BandKeys.Select(key => key.ToString())],
        };

        // Upload replaces the whole document, dropping the band keys of an earlier analysis of the same letter.
        var response = await _client.IndexDocumentsAsync(
            IndexDocumentsBatch.Upload([document]), new IndexDocumentsOptions { ThrowOnAnyError = false }, cancellationToken);
        if (response.Value.Results.FirstOrDefault(result => !result.Succeeded) is { } failure)
        {
            // 409/422/503 are the service's "try again" for a document; the stage's message is delivered again for them.
            throw new AzureSearchIndexingException(
                $"Azure AI Search index '{_options.FingerprintIndex}' could not store the fingerprint of request {failure.Key}: {failure.Status} {failure.ErrorMessage}",
                [failure.Key]);
        }
    }

    public async Task<IReadOnlyList<FingerprintRecord>> CandidatesAsync(IReadOnlyCollection<BandKey> bandKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bandKeys);
        var candidates = new List<FingerprintRecord>();
        if (bandKeys.Count == 0)
        {
            return candidates;
        }

        await EnsureCreatedAsync(cancellationToken);

        // Band keys are hex digits, so they need no quoting inside search.in's comma-separated list.
        var keys = string.Join(",", bandKeys.Distinct().Select(key => key.ToString()));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var skip = 0; skip <= MaxSkip; skip += PageSize)
        {
            var options = new SearchOptions
            {
                Filter = $"bandKeys/any(k: search.in(k, '{keys}', ','))",
                Size = PageSize,
                Skip = skip,
            };
            var response = await _client.SearchAsync<IndexedFingerprint>("*", options, cancellationToken);
            var onPage = 0;
            await foreach (var result in response.Value.GetResultsAsync().WithCancellation(cancellationToken))
            {
                onPage++;
                var found = result.Document;
                if (seen.Add(found.Id) && TryRecord(found, out var record))
                {
                    candidates.Add(record);
                }

                if (onPage == PageSize)
                {
                    break;
                }
            }

            if (onPage < PageSize)
            {
                break;
            }
        }

        return candidates;
    }

    public void Dispose() => _creating.Dispose();

    private bool TryRecord(IndexedFingerprint found, out FingerprintRecord record)
    {
        record = null!;
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(found.Signature ?? string.Empty);
        }
        catch (FormatException)
        {
            return false;
        }

        // A signature of another format version no longer compares; re-analysing that letter writes it again.
        if (!MinHashSignature.TryFromBytes(bytes, out var signature))
        {
            return false;
        }

        record = FingerprintRecord.Create(found.Id, signature, found.RequesterEmail, found.RequesterName, found.ReceivedAt, _banding);
        return true;
    }
}

/// <summary>One request's fingerprint as the fingerprint index stores it. Requester details are kept for s14(2) matching, never searchable.</summary>
internal sealed class IndexedFingerprint
{
    [SimpleField(IsKey = true, IsFilterable = true)]
    public string Id { get; set; } = string.Empty;

    [SimpleField]
    public string? RequesterEmail { get; set; }

    [SimpleField]
    public string? RequesterName { get; set; }

    [SimpleField(IsFilterable = true, IsSortable = true)]
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>The MinHash signature, base64 of <see cref="MinHashSignature.ToBytes"/>.</summary>
    [SimpleField]
    public string? Signature { get; set; }

    /// <summary>The signature's band keys as 16 hex digits each (<see cref="BandKey.ToString()"/>).</summary>
    [SimpleField(IsFilterable = true)]
    public string[] BandKeys { get; set; } = [];
}
