using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Core.Serialization;
using Azure.Search.Documents;
using Azure.Search.Documents.Indexes;
using Azure.Search.Documents.Indexes.Models;
using Azure.Search.Documents.Models;
using FoiPipeline.Analysis;
using FoiPipeline.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FoiPipeline.Triage;

/// <summary>
/// The triage index on Azure AI Search. The pipeline writes its fields with <c>mergeOrUpload</c> and reviewers'
/// fields are written with <c>merge</c>, so neither overwrites the other's (the service has no document
/// concurrency control, so each side writes only what it owns).
/// </summary>
/// <remarks>
/// Retries have one owner per kind of failure. A whole request that fails (408, 429, 5xx, including 503) is
/// retried by the Azure.Core pipeline (<see cref="AzureSearchIndexOptions.MaxRetries"/>); this class never
/// retries a request. A 207 answer, where the request succeeded but some documents did not, is invisible to
/// Azure.Core: this class resends only the documents whose status the service documents as transient (409,
/// 422, 503) with back-off, and reports the others (400, 404, 429 quota) at once.
/// </remarks>
public sealed partial class AzureSearchTriageIndex : ITriageIndex
{
    /// <summary>The service's limit on actions in one docs/index request.</summary>
    public const int MaxBatchSize = 1000;

    // Control characters never occur in indexed letters' highlights, so they mark matches unambiguously
    // while the rest of the fragment is HTML-escaped.
    private const char PreMark = '\u0001';
    private const char PostMark = '\u0002';
    private static readonly string PreTag = PreMark.ToString();
    private static readonly string PostTag = PostMark.ToString();

    private static readonly DateTimeOffset FarFuture = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    private static readonly int[] TransientDocumentStatuses = [409, 422, 503];

    private static readonly string[] SearchFields =
        [Field(nameof(IndexedRequest.Subject)), Field(nameof(IndexedRequest.RequesterName)), Field(nameof(IndexedRequest.RequesterEmail)),
         Field(nameof(IndexedRequest.QuestionTexts)), Field(nameof(IndexedRequest.Text))];

    private static readonly string[] HighlightFields =
        [Field(nameof(IndexedRequest.Subject)), Field(nameof(IndexedRequest.QuestionTexts)), Field(nameof(IndexedRequest.Text))];

    /// <summary>Facet names of the contract, by the index field that counts them.</summary>
    private static readonly Dictionary<string, string> FacetFields = new()
    {
        [Field(nameof(IndexedRequest.Status))] = TriageFacets.Status,
        [Field(nameof(IndexedRequest.Themes))] = TriageFacets.Theme,
        [Field(nameof(IndexedRequest.Sensitivity))] = TriageFacets.Sensitivity,
        [Field(nameof(IndexedRequest.Referral))] = TriageFacets.Referral,
        [Field(nameof(IndexedRequest.Assignee))] = TriageFacets.Assignee,
        [Field(nameof(IndexedRequest.Deadline))] = TriageFacets.Deadline,
    };

    private readonly AzureSearchIndexOptions _options;
    private readonly SearchIndexClient _indexClient;
    private readonly SearchClient _client;
    private readonly ILogger _logger;

    /// <param name="options">The service, index and retry settings (validated here).</param>
    /// <param name="credential">Entra ID credential when there is no API key; DefaultAzureCredential when null.</param>
    /// <param name="logger">For transient per-document retries.</param>
    /// <param name="transport">Replaces the HTTP transport (tests deliver to a loopback fake; the SDK only accepts https endpoints).</param>
    public AzureSearchTriageIndex(
        AzureSearchIndexOptions options,
        TokenCredential? credential = null,
        ILogger<AzureSearchTriageIndex>? logger = null,
        HttpPipelineTransport? transport = null)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        (_indexClient, _client) = options.CreateClients(options.IndexName, Serializer, credential, transport);
    }

    /// <summary>
    /// camelCase on the wire, for the schema (<see cref="FieldBuilder"/>) and for documents alike; a serializer used
    /// for one and not the other leaves PascalCase names that do not match.
    /// </summary>
    internal static JsonObjectSerializer Serializer { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    });

    /// <summary>The index definition this build creates or updates.</summary>
    internal static SearchIndex Definition(string name) => new(name, new FieldBuilder { Serializer = Serializer }.Build(typeof(IndexedRequest)));

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        // Adding fields is an in-place update; changing or removing one is refused by the service, which is what we want:
        // a schema change of that kind is a new index and a re-index, not something to do at start-up.
        await _indexClient.CreateOrUpdateIndexAsync(Definition(_options.IndexName), allowIndexDowntime: false, onlyIfUnchanged: false, cancellationToken);
    }

    public Task UpsertAsync(TriageEntry entry, CancellationToken cancellationToken) => UpsertManyAsync([entry], cancellationToken);

    /// <summary>Adds or refreshes many requests' pipeline fields, in batches within the service's limits.</summary>
    public async Task UpsertManyAsync(IReadOnlyList<TriageEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var chunk in entries.Chunk(MaxBatchSize))
        {
            var outcomes = await IndexAsync(IndexActionType.MergeOrUpload, [.. chunk.Select(PipelineFields)], cancellationToken);
            ThrowOnFailures(outcomes.Values, "index");

            // A document the service created (201) has no reviewer fields yet; it starts in the queue as New. Documents
            // that already existed (200) keep whatever reviewers set.
            var created = outcomes.Values.Where(result => result.Status == 201).Select(result => result.Key).ToList();
            if (created.Count > 0)
            {
                var initial = created.Select(key => new SearchDocument
                {
                    [Field(nameof(IndexedRequest.Id))] = key,
                    [Field(nameof(IndexedRequest.Status))] = Enum(RequestStatus.New),
                    [Field(nameof(IndexedRequest.NoteCount))] = 0,
                }).ToList();
                ThrowOnFailures((await IndexAsync(IndexActionType.Merge, initial, cancellationToken)).Values, "set the initial status of");
            }
        }
    }

    public async Task<bool> SetReviewerFieldsAsync(string id, ReviewerFields fields, CancellationToken cancellationToken)
    {
        RequireKey(id);
        var document = new SearchDocument
        {
            [Field(nameof(IndexedRequest.Id))] = id,
            [Field(nameof(IndexedRequest.Status))] = Enum(fields.Status),
            [Field(nameof(IndexedRequest.Assignee))] = fields.Assignee,
            [Field(nameof(IndexedRequest.EditedQuestionsJson))] = fields.EditedQuestions is null ? null : Json(fields.EditedQuestions),
            [Field(nameof(IndexedRequest.EditedThemes))] = fields.EditedThemes?.ToArray(),
            [Field(nameof(IndexedRequest.Decision))] = fields.Decision,
            [Field(nameof(IndexedRequest.NoteCount))] = fields.NoteCount,
            [Field(nameof(IndexedRequest.ReviewRestricted))] = fields.Restricted,
        };

        // A finished request has no deadline to meet: closing it clears the flag at once rather than at the next sweep.
        if (!DeadlineWatch.IsOpen(fields.Status))
        {
            document[Field(nameof(IndexedRequest.Deadline))] = null;
        }

        // The reviewer's tags replace the analyzer's in the filterable, facetable theme list (the analyzer's tags and
        // evidence stay in themeTagsJson). Re-indexing writes the analyzer's list back; the index stage then applies
        // the stored review again, so the reviewer's tags return within the same stage run.
        if (fields.EditedThemes is { } edited)
        {
            document[Field(nameof(IndexedRequest.Themes))] = edited.Distinct().ToArray();
        }

        var outcome = (await IndexAsync(IndexActionType.Merge, [document], cancellationToken))[id];
        if (outcome.Status == 404)
        {
            return false;
        }

        ThrowOnFailures([outcome], "write reviewer fields of");
        return true;
    }

    public async Task<bool> SetDeadlineAsync(string id, DeadlineStatus? deadline, CancellationToken cancellationToken)
    {
        RequireKey(id);

        // A merge names only the fields it sets, so nothing else in the document changes (a null clears the field).
        var document = new SearchDocument
        {
            [Field(nameof(IndexedRequest.Id))] = id,
            [Field(nameof(IndexedRequest.Deadline))] = deadline is { } value ? Enum(value) : null,
        };
        var outcome = (await IndexAsync(IndexActionType.Merge, [document], cancellationToken))[id];
        if (outcome.Status == 404)
        {
            return false;
        }

        ThrowOnFailures([outcome], "write the deadline of");
        return true;
    }

    public async Task<TriageEntry?> GetAsync(string id, CancellationToken cancellationToken)
    {
        RequireKey(id);
        try
        {
            var response = await _client.GetDocumentAsync<IndexedRequest>(id, cancellationToken: cancellationToken);
            return ToEntry(response.Value);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<TriagePage> SearchAsync(TriageQuery query, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(query.Skip);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Take);

        var text = SearchText(query.Text);
        var options = new SearchOptions
        {
            Filter = Filter(query),
            IncludeTotalCount = true,
            Skip = query.Skip,
            Size = Math.Min(query.Take, TriageQuery.MaxTake),
            QueryType = SearchQueryType.Simple,
            SearchMode = SearchMode.All,
        };
        foreach (var field in SearchFields)
        {
            options.SearchFields.Add(field);
        }

        foreach (var clause in OrderBy(query.Sort, text is not null))
        {
            options.OrderBy.Add(clause);
        }

        if (query.IncludeFacets)
        {
            foreach (var field in FacetFields.Keys)
            {
                options.Facets.Add($"{field},count:100");
            }
        }

        var highlight = query.IncludeHighlights && text is not null;
        if (highlight)
        {
            foreach (var field in HighlightFields)
            {
                options.HighlightFields.Add(field);
            }

            options.HighlightPreTag = PreTag;
            options.HighlightPostTag = PostTag;
        }

        var response = await _client.SearchAsync<IndexedRequest>(text ?? "*", options, cancellationToken);
        var results = response.Value;
        var items = new List<TriageEntry>();
        var highlights = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        await foreach (var result in results.GetResultsAsync().WithCancellation(cancellationToken))
        {
            items.Add(ToEntry(result.Document));
            if (highlight && result.Highlights is { Count: > 0 } fragments)
            {
                // A one-question letter's question is its text: the same fragment comes back from both fields.
                highlights[result.Document.Id] =
                    [.. HighlightFields.Where(fragments.ContainsKey).SelectMany(field => fragments[field]).Select(MarkFragment).Distinct(StringComparer.Ordinal)];
            }

            // One page is all we asked for; the pageable would otherwise fetch the next one.
            if (items.Count == options.Size)
            {
                break;
            }
        }

        var facets = new Dictionary<string, IReadOnlyList<FacetCount>>(StringComparer.Ordinal);
        if (query.IncludeFacets && results.Facets is not null)
        {
            foreach (var (field, name) in FacetFields)
            {
                facets[name] = results.Facets.TryGetValue(field, out var values)
                    ? [.. values.Select(v => new FacetCount(FacetValue(v.Value), v.Count ?? 0)).OrderByDescending(f => f.Count).ThenBy(f => f.Value, StringComparer.Ordinal)]
                    : [];
            }
        }

        return new TriagePage(results.TotalCount ?? items.Count, items) { Facets = facets, Highlights = highlights };
    }

    /// <summary>The OData filter for a query; restricted requests are filtered out by the service, so they never reach counts or facets.</summary>
    internal static string? Filter(TriageQuery query)
    {
        var clauses = new List<string>();
        // A request is restricted when the analyzer said so or a reviewer tagged a restricted theme (reviewRestricted,
        // null on documents no reviewer has touched: "ne true" holds for them).
        var restricted = $"{Field(nameof(IndexedRequest.Sensitivity))} eq {Literal(Enum(Sensitivity.Restricted))} or {Field(nameof(IndexedRequest.ReviewRestricted))} eq true";
        var standard = $"{Field(nameof(IndexedRequest.Sensitivity))} ne {Literal(Enum(Sensitivity.Restricted))} and {Field(nameof(IndexedRequest.ReviewRestricted))} ne true";
        if (!query.IncludeRestricted)
        {
            clauses.Add(standard);
        }

        if (query.Status is { } status)
        {
            clauses.Add($"{Field(nameof(IndexedRequest.Status))} eq {Literal(Enum(status))}");
        }

        if (query.Statuses.Count > 0)
        {
            clauses.Add(In(Field(nameof(IndexedRequest.Status)), query.Statuses.Select(s => Enum(s))));
        }

        if (query.Themes.Count > 0)
        {
            clauses.Add($"{Field(nameof(IndexedRequest.Themes))}/any(t: {In("t", query.Themes)})");
        }

        if (query.Sensitivities.Count > 0)
        {
            var any = query.Sensitivities.Distinct().Select(s => s == Sensitivity.Restricted ? restricted : standard).ToList();
            clauses.Add(any.Count == 1 ? any[0] : string.Join(" or ", any.Select(clause => $"({clause})")));
        }

        if (query.Referral is { } referral)
        {
            clauses.Add($"{Field(nameof(IndexedRequest.Referral))} eq {(referral ? "true" : "false")}");
        }

        if (query.Deadlines.Count > 0)
        {
            clauses.Add(In(Field(nameof(IndexedRequest.Deadline)), query.Deadlines.Select(d => Enum(d))));
        }

        if (query.DueBefore is { } dueBefore)
        {
            clauses.Add($"{Field(nameof(IndexedRequest.DueAt))} le {Instant(DueInstant(dueBefore))}");
        }

        if (query.Assignee is { } assignee)
        {
            clauses.Add($"{Field(nameof(IndexedRequest.Assignee))} eq {Literal(assignee)}");
        }

        return clauses.Count == 0 ? null : string.Join(" and ", clauses.Select(c => $"({c})"));
    }

    /// <summary>
    /// The simple-syntax query for what a person typed: its words only (so query operators in the input are just
    /// text), each prefix-matched as the embedded index does; all words must match (searchMode all). Null for no words.
    /// </summary>
    internal static string? SearchText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var words = Word().Matches(text).Select(m => m.Value + "*").ToList();
        return words.Count == 0 ? null : string.Join(' ', words);
    }

    internal static IReadOnlyList<string> OrderBy(TriageSort sort, bool hasText) => sort switch
    {
        TriageSort.ReceivedNewest => [$"{Field(nameof(IndexedRequest.ReceivedAt))} desc", $"{Field(nameof(IndexedRequest.Id))} asc"],
        TriageSort.Relevance when hasText => ["search.score() desc", .. QueueOrder],
        _ => QueueOrder,
    };

    private static readonly string[] QueueOrder =
        [$"{Field(nameof(IndexedRequest.DueOrder))} asc", $"{Field(nameof(IndexedRequest.ReceivedAt))} asc", $"{Field(nameof(IndexedRequest.Id))} asc"];

    /// <summary>A highlight fragment from the service, HTML-escaped, with our marks where the service put its tags.</summary>
    internal static string MarkFragment(string fragment)
    {
        var escaped = new StringBuilder(fragment.Length + 16);
        foreach (var c in fragment)
        {
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                PreMark => TriageFacets.HighlightStart,
                PostMark => TriageFacets.HighlightEnd,
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    /// <summary>
    /// Sends index actions, resending only the documents that failed transiently, and returns each document's
    /// final result (a success, or the failure that stopped it).
    /// </summary>
    private async Task<Dictionary<string, IndexingResult>> IndexAsync(IndexActionType action, IReadOnlyList<SearchDocument> documents, CancellationToken cancellationToken)
    {
        var outcomes = new Dictionary<string, IndexingResult>(StringComparer.Ordinal);
        var pending = documents;
        for (var attempt = 0; ; attempt++)
        {
            var batch = IndexDocumentsBatch.Create([.. pending.Select(document => new IndexDocumentsAction<SearchDocument>(action, document))]);
            var response = await _client.IndexDocumentsAsync(batch, new IndexDocumentsOptions { ThrowOnAnyError = false }, cancellationToken);
            var retry = new List<SearchDocument>();
            foreach (var result in response.Value.Results)
            {
                outcomes[result.Key] = result;
                if (!result.Succeeded && TransientDocumentStatuses.Contains(result.Status) && attempt < _options.MaxDocumentRetries)
                {
                    retry.Add(pending.First(document => (string)document[Field(nameof(IndexedRequest.Id))] == result.Key));
                }
            }

            if (retry.Count == 0)
            {
                return outcomes;
            }

            var delay = TimeSpan.FromTicks(Math.Min(_options.RetryDelay.Ticks * (1L << Math.Min(attempt, 16)), TimeSpan.FromSeconds(30).Ticks));
            _logger.LogWarning("Azure AI Search failed {Count} of {Total} documents transiently; resending them in {Delay} (attempt {Attempt})",
                retry.Count, pending.Count, delay, attempt + 1);
            await Task.Delay(delay, cancellationToken);
            pending = retry;
        }
    }

    private void ThrowOnFailures(IEnumerable<IndexingResult> results, string what)
    {
        var failures = results.Where(result => !result.Succeeded).ToList();
        if (failures.Count > 0)
        {
            throw new AzureSearchIndexingException(
                $"Azure AI Search index '{_options.IndexName}' could not {what} {failures.Count} request(s): " +
                string.Join("; ", failures.Select(f => $"{f.Key}: {f.Status} {f.ErrorMessage}")),
                [.. failures.Select(f => f.Key)]);
        }
    }

    private static SearchDocument PipelineFields(TriageEntry entry)
    {
        RequireKey(entry.Id);
        return new SearchDocument
        {
            [Field(nameof(IndexedRequest.Id))] = entry.Id,
            [Field(nameof(IndexedRequest.ReceivedAt))] = entry.ReceivedAt.ToUniversalTime(),
            [Field(nameof(IndexedRequest.DueAt))] = entry.DueAt is { } due ? DueInstant(due) : null,
            [Field(nameof(IndexedRequest.DueOrder))] = entry.DueAt is { } order ? DueInstant(order) : FarFuture,
            [Field(nameof(IndexedRequest.Subject))] = entry.Subject,
            [Field(nameof(IndexedRequest.RequesterName))] = entry.Requester.Name,
            [Field(nameof(IndexedRequest.RequesterEmail))] = entry.Requester.Email,
            [Field(nameof(IndexedRequest.Text))] = entry.Text,
            [Field(nameof(IndexedRequest.QuestionTexts))] = entry.Questions.Select(q => q.Text).ToArray(),
            [Field(nameof(IndexedRequest.QuestionsJson))] = Json(entry.Questions),
            [Field(nameof(IndexedRequest.Themes))] = entry.Themes.Select(t => t.Id).Distinct().ToArray(),
            [Field(nameof(IndexedRequest.ThemeTagsJson))] = Json(entry.Themes),
            [Field(nameof(IndexedRequest.Sensitivity))] = Enum(entry.Sensitivity),
            [Field(nameof(IndexedRequest.Referral))] = entry.Referral,
            [Field(nameof(IndexedRequest.SuggestedExemptions))] = entry.SuggestedExemptions.ToArray(),
            [Field(nameof(IndexedRequest.DuplicatesJson))] = Json(entry.Duplicates),
            [Field(nameof(IndexedRequest.SourceBlob))] = entry.SourceBlob,
            [Field(nameof(IndexedRequest.ExtractionMethod))] = entry.ExtractionMethod,
            [Field(nameof(IndexedRequest.PipelineVersion))] = entry.PipelineVersion,
            [Field(nameof(IndexedRequest.IndexedAt))] = entry.IndexedAt.ToUniversalTime(),
            [Field(nameof(IndexedRequest.Reference))] = entry.Reference,
            [Field(nameof(IndexedRequest.Flags))] = entry.Flags.ToArray(),
            [Field(nameof(IndexedRequest.ExtractionConfidence))] = entry.ExtractionConfidence,
            [Field(nameof(IndexedRequest.Deadline))] = entry.Deadline is { } deadline ? Enum(deadline) : null,
        };
    }

    private static TriageEntry ToEntry(IndexedRequest document) => new()
    {
        Id = document.Id,
        ReceivedAt = document.ReceivedAt,
        DueAt = document.DueAt is { } due ? DateOnly.FromDateTime(due.UtcDateTime) : null,
        Subject = document.Subject,
        Requester = new Requester(document.RequesterName, document.RequesterEmail),
        Text = document.Text ?? string.Empty,
        Questions = FromJson<List<Question>>(document.QuestionsJson) ?? [],
        Themes = FromJson<List<ThemeTag>>(document.ThemeTagsJson) ?? [],
        Sensitivity = document.ReviewRestricted == true ? Sensitivity.Restricted
            : document.Sensitivity is { } sensitivity ? FromJson<Sensitivity>($"\"{sensitivity}\"") : Sensitivity.Standard,
        Referral = document.Referral,
        SuggestedExemptions = document.SuggestedExemptions ?? [],
        Duplicates = FromJson<List<DuplicateLink>>(document.DuplicatesJson) ?? [],
        SourceBlob = document.SourceBlob ?? string.Empty,
        ExtractionMethod = document.ExtractionMethod ?? string.Empty,
        PipelineVersion = document.PipelineVersion ?? string.Empty,
        IndexedAt = document.IndexedAt,
        Reference = document.Reference,
        Flags = document.Flags ?? [],
        ExtractionConfidence = document.ExtractionConfidence,
        Deadline = document.Deadline is { } deadline ? FromJson<DeadlineStatus>($"\"{deadline}\"") : null,
        // A document between its creation and the merge that sets its status is New, as it will be.
        Status = document.Status is { } status ? FromJson<RequestStatus>($"\"{status}\"") : RequestStatus.New,
        Assignee = document.Assignee,
        EditedQuestions = FromJson<List<Question>>(document.EditedQuestionsJson),
        EditedThemes = document.EditedThemes,
        Decision = document.Decision,
        NoteCount = document.NoteCount ?? 0,
    };

    private static string FacetValue(object value) => value switch
    {
        bool b => b ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>A due date as the index holds it: midnight UTC of that day (the service keeps instants, not dates).</summary>
    private static DateTimeOffset DueInstant(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static string Instant(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Literal(string value) => $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";

    /// <summary><c>search.in</c> with '|' between values, so values with commas or spaces stay whole.</summary>
    private static string In(string field, IEnumerable<string> values)
    {
        var list = values.Distinct().ToList();
        if (list.Any(v => v.Contains('|', StringComparison.Ordinal)))
        {
            return "(" + string.Join(" or ", list.Select(v => $"{field} eq {Literal(v)}")) + ")";
        }

        return $"search.in({field}, {Literal(string.Join('|', list))}, '|')";
    }

    private static void RequireKey(string id)
    {
        if (!Key().IsMatch(id))
        {
            throw new ArgumentException($"'{id}' is not a valid Azure AI Search document key (letters, digits, '_', '-', '=').", nameof(id));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_=-]{1,1024}$")]
    private static partial Regex Key();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();

    internal static string Field(string propertyName) => JsonNamingPolicy.CamelCase.ConvertName(propertyName);

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, PipelineJson.Options);

    private static string Enum<T>(T value)
        where T : struct, System.Enum
        => JsonSerializer.Serialize(value, PipelineJson.Options).Trim('"');

    private static T? FromJson<T>(string? json) => json is null ? default : JsonSerializer.Deserialize<T>(json, PipelineJson.Options);
}

/// <summary>Documents Azure AI Search refused for good (or still refused after the transient retries); <see cref="Keys"/> names them.</summary>
public sealed class AzureSearchIndexingException(string message, IReadOnlyList<string> keys) : Exception(message)
{
    public IReadOnlyList<string> Keys { get; } = keys;
}

/// <summary>
/// A request as the Azure AI Search index holds it. Structured parts the queue only displays (questions, theme
/// evidence, duplicates) are kept as JSON text, not complex fields: nothing filters on them.
/// </summary>
internal sealed class IndexedRequest
{
    [SimpleField(IsKey = true, IsFilterable = true, IsSortable = true)]
    public string Id { get; set; } = string.Empty;

    [SimpleField(IsFilterable = true, IsSortable = true)]
    public DateTimeOffset ReceivedAt { get; set; }

    [SimpleField(IsFilterable = true, IsSortable = true)]
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>The due date, or the far future when there is none: the service sorts nulls first, the queue wants them last.</summary>
    [SimpleField(IsSortable = true)]
    public DateTimeOffset DueOrder { get; set; }

    [SearchableField(AnalyzerName = LexicalAnalyzerName.Values.EnMicrosoft)]
    public string? Subject { get; set; }

    [SearchableField]
    public string? RequesterName { get; set; }

    [SearchableField]
    public string? RequesterEmail { get; set; }

    [SearchableField(AnalyzerName = LexicalAnalyzerName.Values.EnMicrosoft)]
    public string? Text { get; set; }

    [SearchableField(AnalyzerName = LexicalAnalyzerName.Values.EnMicrosoft)]
    public string[]? QuestionTexts { get; set; }

    [SimpleField]
    public string? QuestionsJson { get; set; }

    [SimpleField(IsFilterable = true, IsFacetable = true)]
    public string[]? Themes { get; set; }

    [SimpleField]
    public string? ThemeTagsJson { get; set; }

    /// <summary>The analyzer's sensitivity; the facet counts this one (a reviewer's restriction is not in it).</summary>
    [SimpleField(IsFilterable = true, IsFacetable = true)]
    public string? Sensitivity { get; set; }

    /// <summary>A reviewer tagged a restricted theme (reviewer-owned; see <see cref="ReviewerFields.Restricted"/>).</summary>
    [SimpleField(IsFilterable = true)]
    public bool? ReviewRestricted { get; set; }

    [SimpleField(IsFilterable = true, IsFacetable = true)]
    public bool Referral { get; set; }

    [SimpleField]
    public string[]? SuggestedExemptions { get; set; }

    [SimpleField]
    public string? DuplicatesJson { get; set; }

    [SimpleField]
    public string? SourceBlob { get; set; }

    [SimpleField]
    public string? ExtractionMethod { get; set; }

    [SimpleField]
    public string? PipelineVersion { get; set; }

    [SimpleField(IsFilterable = true, IsSortable = true)]
    public DateTimeOffset IndexedAt { get; set; }

    [SimpleField(IsFilterable = true)]
    public string? Reference { get; set; }

    [SimpleField(IsFilterable = true, IsFacetable = true)]
    public string[]? Flags { get; set; }

    [SimpleField]
    public double? ExtractionConfidence { get; set; }

    /// <summary>Pipeline-owned and time-derived (<see cref="DeadlineWatch"/>): "due-soon", "overdue" or null.</summary>
    [SimpleField(IsFilterable = true, IsFacetable = true)]
    public string? Deadline { get; set; }

    // Reviewer-owned: written only by SetReviewerFieldsAsync (and Status once, when the service creates the document).
    [SimpleField(IsFilterable = true, IsFacetable = true, IsSortable = true)]
    public string? Status { get; set; }

    [SimpleField(IsFilterable = true, IsFacetable = true, IsSortable = true)]
    public string? Assignee { get; set; }

    [SimpleField]
    public string? EditedQuestionsJson { get; set; }

    [SimpleField(IsFilterable = true, IsFacetable = true)]
    public string[]? EditedThemes { get; set; }

    [SimpleField]
    public string? Decision { get; set; }

    [SimpleField(IsFilterable = true)]
    public int? NoteCount { get; set; }
}
