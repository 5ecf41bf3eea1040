using FoiPipeline.Pipeline;

namespace FoiPipeline.UnitTests.Pipeline;

public class PipelineOptionsValidatorTests
{
    private static IEnumerable<string> Failures(PipelineOptions options)
        => new PipelineOptionsValidator().Validate(null, options).Failures ?? [];

    [Fact]
    public void The_defaults_are_valid() => Assert.Empty(Failures(new PipelineOptions()));

    [Theory]
    [InlineData("Intake_Letters")]
    [InlineData("ab")]
    [InlineData("double--hyphen")]
    [InlineData("")]
    public void An_invalid_container_name_is_named_in_the_failure(string name)
    {
        var failures = Failures(new PipelineOptions { Containers = { Intake = name } });
        Assert.Contains(failures, f => f.Contains("FoiPipeline:Containers:Intake", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_stages_cannot_share_a_container()
        => Assert.Contains(Failures(new PipelineOptions { Containers = { Requests = "extracted" } }), f => f.Contains("its own container", StringComparison.Ordinal));

    [Fact]
    public void A_queue_name_must_leave_room_for_its_poison_queue()
        => Assert.Contains(Failures(new PipelineOptions { Queues = { Analyze = new string('a', 60) } }), f => f.Contains("poison", StringComparison.Ordinal));

    [Fact]
    public void A_queue_cannot_be_named_like_a_poison_queue()
        => Assert.Contains(Failures(new PipelineOptions { Queues = { Index = "index-poison" } }), f => f.Contains("reserved", StringComparison.Ordinal));
}
