using FoiPipeline.Pipeline;

namespace FoiPipeline.UnitTests.Pipeline;

public class HostQueueSettingsTests
{
    [Fact]
    public void The_repository_host_json_is_what_both_hosts_run_with()
    {
        var settings = HostQueueSettings.Load(Path.Combine(AppContext.BaseDirectory, "host.json"));
        Assert.Equal(4, settings.BatchSize);
        Assert.Equal(2, settings.NewBatchThreshold);
        Assert.Equal(5, settings.MaxDequeueCount);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.VisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.MaxPollingInterval);
        Assert.Equal(QueueMessageWireEncoding.Base64, settings.MessageEncoding);
        Assert.Equal(6, settings.MaxConcurrency);
    }

    [Fact]
    public void Missing_settings_take_the_functions_host_defaults()
    {
        var settings = HostQueueSettings.Parse("""{ "version": "2.0" }""");
        Assert.Equal(16, settings.BatchSize);
        Assert.Equal(5, settings.MaxDequeueCount);
        Assert.Equal(TimeSpan.Zero, settings.VisibilityTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), settings.MaxPollingInterval);
        Assert.Equal(QueueMessageWireEncoding.Base64, settings.MessageEncoding);
    }

    [Fact]
    public void Comments_are_allowed_as_the_functions_host_allows_them()
        => Assert.Equal(QueueMessageWireEncoding.None, HostQueueSettings.Parse("""
            { // local tweaks
              "extensions": { "queues": { "messageEncoding": "none", } } }
            """).MessageEncoding);

    [Theory]
    [InlineData("""{"extensions":{"queues":{"maxDequeueCount":0}}}""", "maxDequeueCount")]
    [InlineData("""{"extensions":{"queues":{"visibilityTimeout":"soon"}}}""", "visibilityTimeout")]
    [InlineData("""{"extensions":{"queues":{"messageEncoding":"utf8"}}}""", "messageEncoding")]
    [InlineData("""{"extensions":""", "not valid JSON")]
    public void A_bad_value_is_refused_with_the_key_named(string json, string key)
    {
        var error = Assert.Throws<InvalidOperationException>(() => HostQueueSettings.Parse(json));
        Assert.Contains(key, error.Message);
    }
}
