using System.Text;
using FoiPipeline.Analysis;
using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Pipeline;
using Microsoft.Data.Sqlite;

namespace FoiPipeline.IntegrationTests.Pipeline;

/// <summary>Repeats and round-robin requests found by the running pipeline, against the fingerprints in its SQLite database.</summary>
public class DuplicatePipelineTests
{
    private const string Body = """
        I am writing to request information under the Freedom of Information Act 2000 about your force's use
        of facial recognition technology. Please provide the following.

        1. Whether the force has used live facial recognition cameras in a public place at any time between
           1 January 2022 and the date of this request and, if so, the dates and locations of each deployment.
        2. For each deployment, the number of faces scanned, the number of alerts generated, the number of
           people stopped as a result of an alert and the number of those people who were arrested.
        3. The name of any supplier of facial recognition software to the force and the total amount paid
           to that supplier since 1 April 2021.

        I understand that this request is being sent to other police forces and I would be grateful for a
        response that allows the figures to be compared.
        """;

    private static byte[] Campaign(string name, string email, string date, string greeting, string signOff) => Encoding.UTF8.GetBytes($"""
        From: {name} <{email}>
        To: foi@example.police.uk
        Subject: FOI request - facial recognition
        Date: {date}
        Content-Type: text/plain; charset=utf-8

        {greeting}

        {Body}

        {signOff}
        {name}
        """.ReplaceLineEndings("\r\n"));

    private static async Task<TriageRequest> RequestAsync(TestPipeline pipeline, string docId, Func<TriageRequest, bool>? until = null)
        => await Eventually.GetAsync(
            async () => await PipelineStorage.ReadJsonAsync<TriageRequest>(pipeline.Storage.Requests, docId + ".json", CancellationToken.None) is { } stored
                        && (until?.Invoke(stored.Value) ?? true) ? stored.Value : null,
            $"requests/{docId}.json");

    private static async Task<long> FingerprintRowsAsync(TestPipeline pipeline)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(pipeline.DataDirectory, "triage.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM fingerprints;";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task The_same_request_from_a_second_requester_is_linked_to_the_first_as_a_round_robin()
    {
        await using var pipeline = await TestPipeline.CreateAsync();
        var first = Campaign("Jane Holt", "jane.holt@example.org", "Mon, 2 Nov 2026 09:14:22 +0000", "Dear FOI Officer,", "Yours faithfully,");
        var second = Campaign("Owen Price", "owen.price@example.net", "Wed, 4 Nov 2026 16:02:10 +0000", "Hello,", "Best wishes,");
        var firstId = DocId.Of(first);
        var secondId = DocId.Of(second);

        await pipeline.UploadAsync("holt.eml", first);
        Assert.Empty((await pipeline.IndexedAsync(firstId)).Duplicates);
        await pipeline.UploadAsync("price.eml", second);
        var entry = await pipeline.IndexedAsync(secondId);

        var link = Assert.Single(entry.Duplicates);
        Assert.Equal((firstId, DuplicateKinds.RoundRobin, true), (link.DocId, link.Kind, link.ExactCopy));
        Assert.Equal(1.0, link.Similarity);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 9, 14, 22, TimeSpan.Zero), link.ReceivedAt);

        // The request blob carries what the analyzer concluded from the link, and the rest of the analysis.
        var request = await RequestAsync(pipeline, secondId);
        Assert.Contains(request.Flags, f => f.Id == "round-robin");
        Assert.Equal("foia", request.Regime);
        Assert.Equal(3, request.Questions.Count);
        Assert.Contains(request.Regions, r => r.Kind == FoiPipeline.Analysis.Layout.RegionKind.Request);
        Assert.Equal(Sensitivity.Restricted, request.Sensitivity);
        Assert.NotEmpty(request.SensitivityReasons);
        Assert.Equal(request.Referral, request.Referrals.Count > 0);
        Assert.Equal(2, await FingerprintRowsAsync(pipeline));
    }

    [Fact]
    public async Task Analysing_a_letter_again_neither_matches_it_against_itself_nor_stores_it_twice()
    {
        await using var pipeline = await TestPipeline.CreateAsync();
        var first = Campaign("Jane Holt", "jane.holt@example.org", "Mon, 2 Nov 2026 09:14:22 +0000", "Dear FOI Officer,", "Yours faithfully,");
        var again = Campaign("Jane Holt", "jane.holt@example.org", "Mon, 7 Dec 2026 10:00:00 +0000", "Dear FOI team,", "Kind regards,");
        var firstId = DocId.Of(first);
        var againId = DocId.Of(again);
        await pipeline.UploadAsync("holt.eml", first);
        await pipeline.IndexedAsync(firstId);
        await pipeline.UploadAsync("holt-again.eml", again);
        await pipeline.IndexedAsync(againId);
        var before = await RequestAsync(pipeline, againId);

        await pipeline.Storage.SendAsync(pipeline.Names.Queues.Analyze, StageMessage.For(pipeline.Names.Containers.Extracted, againId), CancellationToken.None);
        var rerun = await RequestAsync(pipeline, againId, r => r.AnalyzedAt > before.AnalyzedAt);

        var link = Assert.Single(rerun.Duplicates);
        Assert.Equal((firstId, DuplicateKinds.Repeat), (link.DocId, link.Kind));
        Assert.Contains(rerun.Flags, f => f.Id == "repeat-request");
        Assert.Equal(2, await FingerprintRowsAsync(pipeline));
    }
}
