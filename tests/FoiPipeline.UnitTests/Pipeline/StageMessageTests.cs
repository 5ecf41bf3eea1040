using FoiPipeline.Pipeline;

namespace FoiPipeline.UnitTests.Pipeline;

public class StageMessageTests
{
    private static readonly string Id = new('c', 64);

    [Fact]
    public void A_message_round_trips_as_the_small_json_the_design_describes()
    {
        var message = new StageMessage { DocId = Id, Blob = $"extracted/{Id}.json" };
        Assert.Equal($$"""{"docId":"{{Id}}","blob":"extracted/{{Id}}.json","attempt":1}""", message.ToJson());
        Assert.Equal(message, StageMessage.Parse(message.ToJson()));
    }

    [Theory]
    [InlineData("not json", "not a stage message")]
    [InlineData("null", "JSON null")]
    [InlineData("""{"docId":"abc","blob":"extracted/abc.json"}""", "not a 64-character")]
    [InlineData("""{"blob":"extracted/x.json"}""", "not a stage message")]
    public void A_malformed_message_is_refused_with_what_is_wrong(string text, string expected)
    {
        var error = Assert.Throws<InvalidStageMessageException>(() => StageMessage.Parse(text));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_message_cannot_point_a_stage_at_another_container_or_another_document()
    {
        var message = StageMessage.For("extracted", Id);
        Assert.Equal($"{Id}.json", message.BlobNameIn("extracted"));
        Assert.Throws<InvalidStageMessageException>(() => (message with { Blob = $"quarantine/{Id}.json" }).BlobNameIn("extracted"));
        Assert.Throws<InvalidStageMessageException>(() => (message with { Blob = $"extracted/{new string('d', 64)}.json" }).BlobNameIn("extracted"));
    }
}
