using System.Text;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues.Models;
using FoiPipeline.Functions;
using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Intake;
using FoiPipeline.Pipeline;
using FoiPipeline.Sweep;
using FoiPipeline.Triage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace FoiPipeline.IntegrationTests.Functions;

/// <summary>
/// The timer function, called as the Functions host calls it on schedule, with the app's own services over real
/// Azurite and the embedded index, and a clock the test moves so days and minutes can pass.
/// </summary>
public sealed class SweepFunctionTests : IAsyncLifetime
{
    private static readonly TimerInfo Tick = new() { ScheduleStatus = new ScheduleStatus { Last = DateTime.UtcNow, Next = DateTime.UtcNow } };

    private readonly SettableClock _clock = new(new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero));
    private TestPipeline _storage = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _storage = await TestPipeline.CreateAsync(startHost: false);
        _services = await FunctionsAppServices.StartAsync(_storage, before: services => services.AddSingleton<TimeProvider>(_clock));
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _storage.DisposeAsync();
    }

    private T Function<T>() => ActivatorUtilities.CreateInstance<T>(_services);

    private ITriageIndex Index => _services.GetRequiredService<ITriageIndex>();

    [Fact]
    public async Task A_request_is_flagged_due_soon_five_working_days_before_its_deadline_and_overdue_after_it()
    {
        // Received Monday 2 November 2026: due on the twentieth working day, Tuesday 1 December (Monday 30 November is
        // St Andrew's Day, a Scottish bank holiday, which FOIA s10(6) excludes too).
        var docId = await IndexLetterAsync("drones.txt", receivedAt: "2026-11-02T09:00:00Z");
        var entry = await Index.GetAsync(docId, CancellationToken.None);
        Assert.Equal(new DateOnly(2026, 12, 1), entry!.DueAt);
        Assert.Null(entry.Deadline);

        // Friday 20th: six working days left, not yet due soon.
        _clock.Now = new DateTimeOffset(2026, 11, 20, 7, 0, 0, TimeSpan.Zero);
        await Function<SweepFunction>().RunAsync(Tick, CancellationToken.None);
        Assert.Null((await Index.GetAsync(docId, CancellationToken.None))!.Deadline);

        // Monday 23rd: five working days left.
        _clock.Now = new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero);
        await Function<SweepFunction>().RunAsync(Tick, CancellationToken.None);
        Assert.Equal(DeadlineStatus.DueSoon, (await Index.GetAsync(docId, CancellationToken.None))!.Deadline);
        Assert.Equal([docId], await FlaggedAsync(DeadlineStatus.DueSoon));

        // Wednesday 2 December: a day late. Re-indexing the request (a replay, a new pipeline version) keeps the flag.
        _clock.Now = new DateTimeOffset(2026, 12, 2, 7, 0, 0, TimeSpan.Zero);
        await Function<SweepFunction>().RunAsync(Tick, CancellationToken.None);
        Assert.Equal([docId], await FlaggedAsync(DeadlineStatus.Overdue));
        await Function<IndexFunction>().RunAsync(Delivery(StageMessage.For(_storage.Names.Containers.Requests, docId).ToJson()), CancellationToken.None);
        Assert.Equal(DeadlineStatus.Overdue, (await Index.GetAsync(docId, CancellationToken.None))!.Deadline);
        Assert.Empty(await FlaggedAsync(DeadlineStatus.DueSoon));
    }

    [Fact]
    public async Task A_request_indexed_inside_the_window_is_flagged_at_once_without_waiting_for_the_sweep()
    {
        _clock.Now = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

        var docId = await IndexLetterAsync("drones.txt", receivedAt: "2026-11-02T09:00:00Z");

        Assert.Equal(DeadlineStatus.DueSoon, (await Index.GetAsync(docId, CancellationToken.None))!.Deadline);
    }

    [Fact]
    public async Task A_finished_request_loses_its_flag_and_the_sweep_never_touches_reviewer_fields()
    {
        var docId = await IndexLetterAsync("drones.txt", receivedAt: "2026-11-02T09:00:00Z");
        _clock.Now = new DateTimeOffset(2026, 12, 2, 7, 0, 0, TimeSpan.Zero);
        await Function<SweepFunction>().RunAsync(Tick, CancellationToken.None);
        Assert.Equal(DeadlineStatus.Overdue, (await Index.GetAsync(docId, CancellationToken.None))!.Deadline);
        var reviewed = new ReviewerFields { Status = RequestStatus.Closed, Assignee = "rev-1", Decision = "disclosed", NoteCount = 1 };
        Assert.True(await Index.SetReviewerFieldsAsync(docId, reviewed, CancellationToken.None));

        await Function<SweepFunction>().RunAsync(Tick, CancellationToken.None);

        var entry = (await Index.GetAsync(docId, CancellationToken.None))!;
        Assert.Null(entry.Deadline);
        Assert.Equal((RequestStatus.Closed, "rev-1", "disclosed", 1), (entry.Status, entry.Assignee, entry.Decision, entry.NoteCount));
    }

    [Fact]
    public async Task A_letter_whose_event_never_came_is_ingested_by_the_sweep_after_the_grace_period_and_a_late_event_changes_nothing()
    {
        var blob = _storage.Intake.GetBlobClient("lost.txt");
        var content = Encoding.UTF8.GetBytes("Dear team,\n\nHow many speed cameras are there in the county?\n\nRegards,\nSam Lee\n");
        await blob.UploadAsync(new BinaryData(content));
        var uploaded = (await blob.GetPropertiesAsync()).Value.LastModified;

        // Within the grace period the sweep leaves the blob to Event Grid.
        _clock.Now = uploaded + TimeSpan.FromMinutes(5);
        await Function<SweepFunction>().RunAsync(Tick, CancellationToken.None);
        Assert.False((await blob.GetPropertiesAsync()).Value.Metadata.ContainsKey(IngestHandler.DocIdMetadata));
        Assert.Null((await _storage.Queue(_storage.Names.Queues.Analyze).PeekMessageAsync()).Value);

        // After it (10 minutes by default), the sweep ingests it.
        _clock.Now = uploaded + new SweepOptions().IntakeGrace + TimeSpan.FromMinutes(1);
        await Function<SweepFunction>().RunAsync(Tick, CancellationToken.None);
        Assert.Equal(DocId.Of(content), (await blob.GetPropertiesAsync()).Value.Metadata[IngestHandler.DocIdMetadata]);

        // Event Grid's delivery arriving after all finds the mark and hands on nothing more; the sweep too.
        await Function<IntakeFunction>().RunAsync(blob, CancellationToken.None);
        await Function<SweepFunction>().RunAsync(Tick, CancellationToken.None);
        var messages = (await _storage.Queue(_storage.Names.Queues.Analyze).PeekMessagesAsync(32)).Value;
        Assert.Single(messages);
    }

    [Fact]
    public async Task The_sweep_ingests_at_most_its_limit_per_run_and_the_rest_on_the_next()
    {
        var limit = new SweepOptions().MaxReconcilePerRun;
        var uploads = Enumerable.Range(0, limit + 3).Select(i => _storage.Intake.UploadBlobAsync(
            $"backlog-{i:D3}.txt", new BinaryData(Encoding.UTF8.GetBytes($"Dear team,\n\nHow many officers were on patrol on day {i}?\n\nJo\n"))));
        await Task.WhenAll(uploads);
        _clock.Now = DateTimeOffset.UtcNow + TimeSpan.FromHours(1);

        await Function<SweepFunction>().RunAsync(Tick, CancellationToken.None);
        Assert.Equal(3, await UnmarkedCountAsync());

        await Function<SweepFunction>().RunAsync(Tick, CancellationToken.None);
        Assert.Equal(0, await UnmarkedCountAsync());
    }

    private async Task<int> UnmarkedCountAsync()
    {
        var count = 0;
        await foreach (var item in _storage.Intake.GetBlobsAsync(BlobTraits.Metadata))
        {
            count += item.Metadata.ContainsKey(IngestHandler.DocIdMetadata) ? 0 : 1;
        }

        return count;
    }

    private async Task<string[]> FlaggedAsync(DeadlineStatus deadline)
        => [.. (await Index.SearchAsync(new TriageQuery { Deadlines = [deadline], IncludeRestricted = true }, CancellationToken.None)).Items.Select(i => i.Id)];

    /// <summary>Uploads a two-question letter with a stated date of receipt and runs it through the three stage functions.</summary>
    private async Task<string> IndexLetterAsync(string name, string receivedAt)
    {
        var content = Encoding.UTF8.GetBytes("Dear team,\n\n1. How many drones does the force own?\n2. What did they cost?\n\nRegards,\nJo Bloggs\n");
        var blob = _storage.Intake.GetBlobClient(name);
        await blob.UploadAsync(new BinaryData(content), new BlobUploadOptions { Metadata = new Dictionary<string, string> { [IngestHandler.ReceivedAtMetadata] = receivedAt } });
        await Function<IntakeFunction>().RunAsync(blob, CancellationToken.None);
        await Function<AnalyzeFunction>().RunAsync(await ReceiveAsync(_storage.Names.Queues.Analyze), CancellationToken.None);
        await Function<IndexFunction>().RunAsync(await ReceiveAsync(_storage.Names.Queues.Index), CancellationToken.None);
        return DocId.Of(content);
    }

    private static QueueMessage Delivery(string text) => QueuesModelFactory.QueueMessage("id-1", "receipt-1", new BinaryData(text), 1);

    private async Task<QueueMessage> ReceiveAsync(string queue)
    {
        var message = await Eventually.GetAsync(async () => (await _storage.Queue(queue).ReceiveMessagesAsync(1)).Value.FirstOrDefault(), $"a message on {queue}");
        await _storage.Queue(queue).DeleteMessageAsync(message.MessageId, message.PopReceipt);
        return message;
    }
}
