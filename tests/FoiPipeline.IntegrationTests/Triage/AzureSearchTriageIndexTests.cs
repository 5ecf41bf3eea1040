using System.Text.Json.Nodes;
using FoiPipeline.Analysis;
using FoiPipeline.Triage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FoiPipeline.IntegrationTests.Triage;

/// <summary>What is particular to Azure AI Search: the schema it is sent, the wire protocol of partial failures and throttling, and configuration.</summary>
public sealed class AzureSearchTriageIndexTests(FakeAzureSearchFixture fake) : IClassFixture<FakeAzureSearchFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static string DocId(int n) => n.ToString("x64");

    private static TriageEntry Entry(string id, string subject = "Arrests", string text = "How many arrests were made?") => new()
    {
        Id = id,
        ReceivedAt = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero),
        DueAt = new DateOnly(2026, 12, 1),
        Subject = subject,
        Requester = new Requester("Priya Shah", "priya@example.org"),
        Text = text,
        Questions = [new Question { Label = "1", Text = text, Start = 0, End = text.Length }],
        SourceBlob = $"incoming/{id}.eml",
        ExtractionMethod = "mime",
        PipelineVersion = "test",
    };

    private async Task<(AzureSearchTriageIndex Index, string Name)> CreatedIndexAsync()
    {
        var options = fake.Options();
        var index = fake.Index(options);
        await index.EnsureCreatedAsync(None);
        return (index, options.IndexName);
    }

    [Fact]
    public async Task Creating_the_index_sends_the_schema_with_camel_case_fields_and_their_capabilities()
    {
        var (_, name) = await CreatedIndexAsync();

        var definition = fake.Service.IndexDefinition(name);
        Assert.NotNull(definition);
        var fields = definition["fields"]!.AsArray().Select(f => f!.AsObject()).ToDictionary(f => (string)f["name"]!);
        Assert.True((bool)fields["id"]["key"]!);
        Assert.Equal("Edm.String", (string)fields["id"]["type"]!);
        Assert.Equal("Collection(Edm.String)", (string)fields["themes"]["type"]!);
        Assert.True((bool)fields["themes"]["filterable"]! && (bool)fields["themes"]["facetable"]!);
        Assert.True((bool)fields["text"]["searchable"]!);
        Assert.Equal("en.microsoft", (string)fields["text"]["analyzer"]!);
        Assert.Equal("Edm.DateTimeOffset", (string)fields["dueAt"]["type"]!);
        Assert.True((bool)fields["status"]["filterable"]! && (bool)fields["status"]["facetable"]!);
        Assert.Equal("Edm.Boolean", (string)fields["referral"]["type"]!);
        Assert.DoesNotContain(fields.Keys, key => char.IsUpper(key[0]));

        var put = fake.Service.Requests.Single(r => r.Method == "PUT" && r.Path == $"/indexes('{name}')");
        Assert.Equal("2023-11-01", put.QueryValue("api-version"));
        Assert.Equal(fake.Service.ApiKey, put.Header("api-key"));
    }

    [Fact]
    public async Task Ensuring_the_index_twice_updates_it_in_place()
    {
        var options = fake.Options();
        await fake.Index(options).EnsureCreatedAsync(None);
        await fake.Index(options).EnsureCreatedAsync(None);
        Assert.Equal([201, 200], fake.Service.Requests.Where(r => r.Method == "PUT" && r.Path == $"/indexes('{options.IndexName}')").Select(r => r.Status));
    }

    [Fact]
    public async Task Upserting_sends_only_pipeline_fields_so_reviewer_fields_survive()
    {
        var (index, name) = await CreatedIndexAsync();
        var id = DocId(1);
        await index.UpsertAsync(Entry(id), None);
        Assert.True(await index.SetReviewerFieldsAsync(id, new ReviewerFields { Status = RequestStatus.InReview, Assignee = "alice", NoteCount = 1 }, None));
        var before = fake.Service.IndexBatches.Count;

        await index.UpsertAsync(Entry(id, subject: "Re-analysed"), None);

        var action = Assert.Single(fake.Service.IndexBatches.Skip(before).Single()["value"]!.AsArray())!.AsObject();
        Assert.Equal("mergeOrUpload", (string)action["@search.action"]!);
        Assert.DoesNotContain(action, p => p.Key is "status" or "assignee" or "editedQuestionsJson" or "editedThemes" or "decision" or "noteCount");
        var stored = fake.Service.Document(name, id)!;
        Assert.Equal("in-review", (string)stored["status"]!);
        Assert.Equal("alice", (string)stored["assignee"]!);
        Assert.Equal("Re-analysed", (string)stored["subject"]!);
    }

    [Fact]
    public async Task Reviewer_fields_are_a_merge_of_only_those_fields_and_a_missing_request_is_false()
    {
        var (index, _) = await CreatedIndexAsync();
        var before = fake.Service.IndexBatches.Count;

        Assert.False(await index.SetReviewerFieldsAsync(DocId(404), new ReviewerFields { Status = RequestStatus.Closed }, None));

        var action = Assert.Single(fake.Service.IndexBatches.Skip(before).Single()["value"]!.AsArray())!.AsObject();
        Assert.Equal("merge", (string)action["@search.action"]!);
        // Closing a request also clears its deadline flag (a finished request has no deadline to meet); nothing else.
        Assert.Equal(
            ["@search.action", "assignee", "deadline", "decision", "editedQuestionsJson", "editedThemes", "id", "noteCount", "reviewRestricted", "status"],
            action.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Null(action["deadline"]);
    }

    [Fact]
    public async Task A_transient_per_document_failure_resends_only_that_document_until_it_succeeds()
    {
        var (index, name) = await CreatedIndexAsync();
        var entries = Enumerable.Range(10, 3).Select(n => Entry(DocId(n))).ToList();
        fake.Service.FailDocument(DocId(11), times: 2, status: 503);
        var before = fake.Service.IndexBatches.Count;

        await index.UpsertManyAsync(entries, None);

        var batches = fake.Service.IndexBatches.Skip(before).Select(b => b["value"]!.AsArray().Select(a => (string)a!["id"]!).ToList()).ToList();
        Assert.Equal([DocId(10), DocId(11), DocId(12)], batches[0]);
        Assert.Equal([DocId(11)], batches[1]);
        Assert.Equal([DocId(11)], batches[2]);
        Assert.All(entries, e => Assert.NotNull(fake.Service.Document(name, e.Id)));
        Assert.Equal(RequestStatus.New, (await index.GetAsync(DocId(11), None))!.Status);
        Assert.Contains(fake.Service.Requests, r => r.Status == 207);
    }

    [Fact]
    public async Task A_permanent_per_document_failure_names_the_document_and_the_services_message()
    {
        var (index, name) = await CreatedIndexAsync();
        fake.Service.FailDocument(DocId(21), times: 1, status: 400, message: "The document is malformed.");
        var before = fake.Service.IndexBatches.Count;

        var error = await Assert.ThrowsAsync<AzureSearchIndexingException>(
            () => index.UpsertManyAsync([Entry(DocId(20)), Entry(DocId(21))], None));

        Assert.Equal([DocId(21)], error.Keys);
        Assert.Contains(DocId(21), error.Message, StringComparison.Ordinal);
        Assert.Contains("The document is malformed.", error.Message, StringComparison.Ordinal);
        Assert.Single(fake.Service.IndexBatches.Skip(before));
        Assert.NotNull(fake.Service.Document(name, DocId(20)));
    }

    [Fact]
    public async Task A_document_that_keeps_failing_transiently_is_reported_after_the_retries()
    {
        var options = fake.Options();
        options.MaxDocumentRetries = 2;
        var index = fake.Index(options);
        await index.EnsureCreatedAsync(None);
        fake.Service.FailDocument(DocId(31), times: 10, status: 409, message: "Version conflict.");

        var error = await Assert.ThrowsAsync<AzureSearchIndexingException>(() => index.UpsertAsync(Entry(DocId(31)), None));

        Assert.Equal([DocId(31)], error.Keys);
        Assert.Contains("409", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_throttled_request_is_retried_by_the_client_pipeline_and_then_succeeds()
    {
        var (index, name) = await CreatedIndexAsync();
        var before = fake.Service.Requests.Count;
        fake.Service.FailRequests(2);

        await index.UpsertAsync(Entry(DocId(40)), None);

        Assert.NotNull(fake.Service.Document(name, DocId(40)));
        var statuses = fake.Service.Requests.Skip(before).Select(r => r.Status).ToList();
        Assert.Equal([503, 503, 200], statuses[..3]);
    }

    [Fact]
    public async Task Search_asks_for_facets_and_highlights_and_returns_escaped_marked_fragments()
    {
        var (index, _) = await CreatedIndexAsync();
        await index.UpsertAsync(Entry(DocId(50), subject: "Arrests <2025>", text: "Arrests & charges in <b>May</b>.") with { Referral = true }, None);
        await index.UpsertAsync(Entry(DocId(51), subject: "Cameras", text: "Speed cameras."), None);
        var before = fake.Service.Requests.Count;

        var page = await index.SearchAsync(new TriageQuery { Text = "arrests", IncludeFacets = true, IncludeHighlights = true }, None);

        Assert.Equal(1, page.Total);
        Assert.Equal(DocId(50), Assert.Single(page.Items).Id);
        Assert.Contains("<mark>Arrests</mark> &amp; charges in &lt;b&gt;May&lt;/b&gt;.", page.Highlights[DocId(50)]);
        Assert.Equal([new FacetCount("true", 1)], page.Facets[TriageFacets.Referral]);
        Assert.Equal([new FacetCount("new", 1)], page.Facets[TriageFacets.Status]);
        var search = fake.Service.Requests.Skip(before).Single(r => r.Path.EndsWith("/docs/search.post.search", StringComparison.Ordinal));
        Assert.Equal(200, search.Status);
    }

    [Fact]
    public async Task Restricted_requests_are_filtered_by_the_service_unless_the_reviewer_is_cleared()
    {
        Assert.Equal("(sensitivity ne 'restricted' and reviewRestricted ne true)", AzureSearchTriageIndex.Filter(new TriageQuery()));
        Assert.Null(AzureSearchTriageIndex.Filter(new TriageQuery { IncludeRestricted = true }));
        Assert.Equal(
            "(sensitivity ne 'restricted' and reviewRestricted ne true) and (themes/any(t: search.in(t, 'a|b', '|'))) and (assignee eq 'o''neill')",
            AzureSearchTriageIndex.Filter(new TriageQuery { Themes = ["a", "b"], Assignee = "o'neill" }));

        var (index, _) = await CreatedIndexAsync();
        await index.UpsertAsync(Entry(DocId(60)), None);
        await index.UpsertAsync(Entry(DocId(61)) with { Sensitivity = Sensitivity.Restricted }, None);

        var uncleared = await index.SearchAsync(new TriageQuery { Text = "arrests", IncludeFacets = true }, None);
        Assert.Equal([DocId(60)], uncleared.Items.Select(i => i.Id));
        Assert.Equal(1, uncleared.Total);
        Assert.Equal([new FacetCount("standard", 1)], uncleared.Facets[TriageFacets.Sensitivity]);
        Assert.Equal(2, (await index.SearchAsync(new TriageQuery { Text = "arrests", IncludeRestricted = true }, None)).Total);
    }

    [Fact]
    public async Task The_fake_refuses_filter_syntax_it_does_not_implement_as_the_service_would()
    {
        var (_, name) = await CreatedIndexAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(fake.Service.Endpoint, $"indexes/{name}/docs/search?api-version=2023-11-01"))
        {
            Content = new StringContent("""{"filter":"geo.distance(location, geography'POINT(0 0)') le 10"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("api-key", fake.Service.ApiKey);

        using var response = await http.SendAsync(request);

        Assert.Equal(400, (int)response.StatusCode);
    }

    [Fact]
    public async Task A_batch_over_the_service_limit_is_split()
    {
        var (index, name) = await CreatedIndexAsync();
        var before = fake.Service.IndexBatches.Count;

        await index.UpsertManyAsync([.. Enumerable.Range(1000, AzureSearchTriageIndex.MaxBatchSize + 1).Select(n => Entry(DocId(n)))], None);

        var sizes = fake.Service.IndexBatches.Skip(before).Where(b => (string)b["value"]![0]!["@search.action"]! == "mergeOrUpload").Select(b => b["value"]!.AsArray().Count);
        Assert.Equal([1000, 1], sizes);
        Assert.NotNull(fake.Service.Document(name, DocId(2000)));
    }

    [Fact]
    public void Azure_search_is_chosen_by_configuration_and_its_options_are_checked_at_start_up()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FoiPipeline:Index:Kind"] = "azure-search",
            ["FoiPipeline:Index:AzureSearch:Endpoint"] = "https://foi-search.search.windows.net",
            ["FoiPipeline:Index:AzureSearch:IndexName"] = "triage",
            ["FoiPipeline:Index:AzureSearch:ApiKey"] = "key",
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddFoiPipelineCore(configuration, Path.GetTempPath()).BuildServiceProvider();
        Assert.IsType<AzureSearchTriageIndex>(provider.GetRequiredService<ITriageIndex>());

        var bad = new TriageIndexOptions { Kind = "azure-search", AzureSearch = new AzureSearchIndexOptions { Endpoint = "http://foi-search", IndexName = "Triage_Index" } };
        var result = new TriageIndexOptionsValidator().Validate(null, bad);
        Assert.True(result.Failed);
        Assert.Contains("https", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("IndexName", result.FailureMessage, StringComparison.Ordinal);
    }
}
