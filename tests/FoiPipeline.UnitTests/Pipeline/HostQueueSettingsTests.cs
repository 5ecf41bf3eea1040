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

    [Fact]
    public void App_settings_override_host_json_as_the_functions_host_applies_them()
    {
        var environment = new Dictionary<string, string>
        {
            ["AzureFunctionsJobHost__extensions__queues__maxDequeueCount"] = "2",
            ["AzureFunctionsJobHost__extensions__queues__visibilityTimeout"] = "00:00:01",
        };
        var settings = HostQueueSettings.Parse(
            """{"extensions":{"queues":{"batchSize":4,"maxDequeueCount":5}}}""", "host.json", name => environment.GetValueOrDefault(name));

        Assert.Equal(2, settings.MaxDequeueCount);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.VisibilityTimeout);
        Assert.Equal(4, settings.BatchSize);
    }

    [Fact]
    public void A_bad_override_is_refused_with_the_setting_named()
    {
        var error = Assert.Throws<InvalidOperationException>(() => HostQueueSettings.Parse(
            "{}", "host.json", name => name.EndsWith("maxDequeueCount", StringComparison.Ordinal) ? "many" : null));
        Assert.Contains("maxDequeueCount", error.Message);
        Assert.Contains(HostQueueSettings.OverridePrefix, error.Message);
    }
}
