using FoiPipeline.Intake;
using FoiPipeline.Local.Cli;
using FoiPipeline.Pipeline;
using FoiPipeline.Replay;

namespace FoiPipeline.UnitTests.Replay;

public class ReplayRulesTests
{
    private static readonly string Id = new('d', 64);

    [Fact]
    public void A_replayed_stage_message_is_the_same_message_one_attempt_later()
    {
        var original = StageMessage.For("extracted", Id, attempt: 2).ToJson();

        var next = ReplayRules.NextAttempt(original, out var whyNot);

        Assert.Null(whyNot);
        Assert.Equal(StageMessage.For("extracted", Id, attempt: 3), next);
    }

    [Theory]
    [InlineData("this is not a stage message")]
    [InlineData("""{"docId":"abc","blob":"extracted/abc.json"}""")]
    public void A_message_that_is_not_a_stage_message_is_not_replayed_and_the_reason_says_why(string original)
    {
        Assert.Null(ReplayRules.NextAttempt(original, out var whyNot));
        Assert.Contains("would fail again", whyNot);
    }

    [Fact]
    public void A_letter_goes_back_under_its_own_name_first_then_under_names_with_its_hash()
    {
        var names = ReplayRules.IntakeNames("post/scan0001.pdf", Id).Take(3).ToList();

        Assert.Equal(["post/scan0001.pdf", $"post/scan0001-{Id[..12]}.pdf", $"post/scan0001-{Id[..12]}-2.pdf"], names);
        Assert.Equal(ReplayRules.IntakeNames("letter", null).Count(), ReplayRules.IntakeNames("letter", null).Distinct().Count());
        Assert.Equal("letter-replayed", ReplayRules.IntakeNames("letter", null).ElementAt(1));
    }

    [Fact]
    public void The_copy_in_intake_loses_the_marks_of_its_earlier_ingest_and_keeps_the_uploaders_metadata()
    {
        var quarantined = new Dictionary<string, string>
        {
            [IngestHandler.ReceivedAtMetadata] = "2026-11-02T09:00:00Z",
            [IngestHandler.DocIdMetadata] = Id,
            ["FOI_INGESTED_AT"] = "2026-11-03T10:00:00Z",
            [IngestHandler.QuarantineSourceETagMetadata] = "\"0x1\"",
            ["scanner"] = "post-room-2",
        };
        var now = new DateTimeOffset(2026, 11, 4, 8, 30, 0, TimeSpan.Zero);

        var metadata = ReplayRules.IntakeMetadata(quarantined, "scan.pdf.2", "\"0x9\"", now);

        Assert.Equal(
            ["foi_replayed_at", "foi_replayed_etag", "foi_replayed_from", "receivedat", "scanner"],
            metadata.Keys.Select(k => k.ToLowerInvariant()).Order(StringComparer.Ordinal));
        Assert.Equal("scan.pdf.2", metadata[ReplayRules.ReplayedFromMetadata]);
        Assert.Equal("2026-11-04T08:30:00.0000000+00:00", metadata[ReplayRules.ReplayedAtMetadata]);
        Assert.True(ReplayRules.IsCopyOf(metadata, "scan.pdf.2", "\"0x9\""));
        Assert.False(ReplayRules.IsCopyOf(metadata, "scan.pdf.2", "\"0xA\""));
        Assert.False(ReplayRules.IsCopyOf(metadata, "scan.pdf", "\"0x9\""));
        Assert.False(ReplayRules.IsCopyOf(quarantined, "scan.pdf.2", "\"0x9\""));
    }

    [Theory]
    [InlineData("""{"FunctionId":"Host.Functions.Intake","BlobType":"BlockBlob","ContainerName":"intake","BlobName":"scan.pdf","ETag":"\"0x1\""}""", "scan.pdf")]
    [InlineData("""{"FunctionId":"Other","BlobType":"BlockBlob","ContainerName":"exports","BlobName":"scan.pdf","ETag":"\"0x1\""}""", null)]
    [InlineData("""{"ContainerName":"intake","BlobName":""}""", null)]
    [InlineData("""{"ContainerName":"intake","BlobName":7}""", null)]
    [InlineData("not json", null)]
    [InlineData("[]", null)]
    public void A_blob_trigger_poison_entry_is_ours_only_when_it_names_a_blob_in_intake(string entry, string? blob)
    {
        Assert.Equal(blob, ReplayRules.BlobTriggerPoisonBlob(entry, "intake"));
    }

    [Fact]
    public void Foi_replay_without_all_or_an_item_only_lists()
    {
        var options = new PipelineOptions();

        Assert.True(ReplayCommand.Filter(new ReplayArguments(), options, out _)!.DryRun);
        Assert.True(ReplayCommand.Filter(new ReplayArguments { Poison = true, Queues = ["analyze"] }, options, out _)!.DryRun);
        Assert.True(ReplayCommand.Filter(new ReplayArguments { All = true, DryRun = true }, options, out _)!.DryRun);
        Assert.False(ReplayCommand.Filter(new ReplayArguments { All = true }, options, out _)!.DryRun);
        Assert.False(ReplayCommand.Filter(new ReplayArguments { Items = ["letter.txt"] }, options, out _)!.DryRun);
    }

    [Fact]
    public void Foi_replay_picks_the_kinds_and_queues_asked_for()
    {
        var options = new PipelineOptions();

        var poison = ReplayCommand.Filter(new ReplayArguments { All = true, Queues = ["index"] }, options, out _)!;
        Assert.Equal([ReplayKind.Poison, ReplayKind.BlobPoison], poison.Kinds.Order());
        Assert.True(poison.WantsQueue("index"));
        Assert.False(poison.WantsQueue("analyze"));

        var quarantine = ReplayCommand.Filter(new ReplayArguments { All = true, Quarantine = true }, options, out _)!;
        Assert.True(quarantine.Wants(ReplayKind.Quarantine));
        Assert.False(quarantine.Wants(ReplayKind.Poison));
        Assert.True(ReplayCommand.Filter(new ReplayArguments(), options, out _)!.Wants(ReplayKind.Poison));
    }

    [Theory]
    [InlineData("ingest", "no pipeline queue 'ingest'")]
    [InlineData(null, "--max must be from 1 to 1000")]
    public void Foi_replay_refuses_what_it_cannot_do_and_says_why(string? queue, string says)
    {
        var arguments = queue is null ? new ReplayArguments { Max = 0 } : new ReplayArguments { Queues = [queue] };

        Assert.Null(ReplayCommand.Filter(arguments, new PipelineOptions(), out var problem));
        Assert.Contains(says, problem);
    }
}
