using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FoiPipeline.Pipeline;

/// <summary>How queue messages are encoded on the wire (host.json <c>extensions.queues.messageEncoding</c>).</summary>
public enum QueueMessageWireEncoding
{
    Base64,
    None,
}

/// <summary>
/// The queue-processing settings of host.json (<c>extensions.queues</c>), read by both hosts: the
/// Functions host applies them itself, and the local host and the stage runner read the same file so
/// that retries, poison and encoding behave the same on a laptop as in Azure. Defaults are the
/// Functions host's own.
/// </summary>
public sealed record HostQueueSettings
{
    /// <summary>Messages fetched per poll (host default 16, range 1-32).</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Fetch again when in-flight messages drop to this; host default is batchSize/2 per core.</summary>
    public int? NewBatchThreshold { get; init; }

    /// <summary>Attempts before a message is moved to <c>{queue}-poison</c>.</summary>
    public int MaxDequeueCount { get; init; } = 5;

    /// <summary>Delay before a failed message reappears: a retry back-off, not a lock.</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;

    /// <summary>Longest wait between polls of an empty queue.</summary>
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);

    public QueueMessageWireEncoding MessageEncoding { get; init; } = QueueMessageWireEncoding.Base64;

    /// <summary>Most messages one host works on at once for one queue, as the Functions host computes it.</summary>
    public int MaxConcurrency => BatchSize + (NewBatchThreshold ?? BatchSize / 2 * Environment.ProcessorCount);

    /// <summary>
    /// The prefix of app settings that override host.json, as the Functions host reads them: for example
    /// <c>AzureFunctionsJobHost__extensions__queues__maxDequeueCount=3</c>. Both hosts honour it, so a setting
    /// changed in the portal changes the worker's view of retries along with the host's.
    /// </summary>
    public const string OverridePrefix = "AzureFunctionsJobHost__extensions__queues__";

    private static readonly string[] Keys = ["batchSize", "newBatchThreshold", "maxDequeueCount", "visibilityTimeout", "maxPollingInterval", "messageEncoding"];

    /// <summary>
    /// Reads <c>extensions.queues</c> from a host.json file, then applies <see cref="OverridePrefix"/> settings from
    /// the environment; missing keys keep the host defaults.
    /// </summary>
    /// <exception cref="InvalidOperationException">The file cannot be read or a value is malformed; the message names the key.</exception>
    public static HostQueueSettings Load(string hostJsonPath) => Load(hostJsonPath, Environment.GetEnvironmentVariable);

    /// <inheritdoc cref="Load(string)"/>
    /// <param name="hostJsonPath">The host.json file.</param>
    /// <param name="environment">Looks up an environment variable (null when unset).</param>
    public static HostQueueSettings Load(string hostJsonPath, Func<string, string?> environment)
    {
        string text;
        try
        {
            text = File.ReadAllText(hostJsonPath);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException($"Cannot read host.json at '{hostJsonPath}': {ex.Message}", ex);
        }

        return Parse(text, hostJsonPath, environment);
    }

    public static HostQueueSettings Parse(string hostJson, string source = "host.json", Func<string, string?>? environment = null)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(hostJson, documentOptions: new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"{source} is not valid JSON: {ex.Message}", ex);
        }

        var queues = root?["extensions"]?["queues"] as JsonObject;
        var settings = new HostQueueSettings();
        if (environment is not null)
        {
            queues = ApplyOverrides(queues?.DeepClone().AsObject() ?? [], environment);
            source += $" with {OverridePrefix}* settings";
        }

        if (queues is null)
        {
            return settings;
        }

        return settings with
        {
            BatchSize = ReadInt(queues, "batchSize", source) ?? settings.BatchSize,
            NewBatchThreshold = ReadInt(queues, "newBatchThreshold", source),
            MaxDequeueCount = ReadInt(queues, "maxDequeueCount", source) ?? settings.MaxDequeueCount,
            VisibilityTimeout = ReadTimeSpan(queues, "visibilityTimeout", source) ?? settings.VisibilityTimeout,
            MaxPollingInterval = ReadTimeSpan(queues, "maxPollingInterval", source) ?? settings.MaxPollingInterval,
            MessageEncoding = ReadEncoding(queues, source) ?? settings.MessageEncoding,
        };
    }

    private static JsonObject ApplyOverrides(JsonObject queues, Func<string, string?> environment)
    {
        foreach (var key in Keys)
        {
            // Environment variable names are case-sensitive on Linux; the Functions host's configuration is not.
            var value = environment(OverridePrefix + key) ?? environment(OverridePrefix + key.ToLowerInvariant());
            if (value is null)
            {
                continue;
            }

            queues[key] = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
                ? JsonValue.Create(number)
                : JsonValue.Create(value);
        }

        return queues;
    }

    private static int? ReadInt(JsonObject queues, string key, string source)
    {
        var node = queues[key];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.TryGetValue(out int number) && number > 0)
        {
            return number;
        }

        throw new InvalidOperationException($"{source}: extensions.queues.{key} must be a positive whole number (got {node.ToJsonString()}).");
    }

    private static TimeSpan? ReadTimeSpan(JsonObject queues, string key, string source)
    {
        var node = queues[key];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.TryGetValue(out string? text)
            && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero)
        {
            return span;
        }

        throw new InvalidOperationException($"{source}: extensions.queues.{key} must be a time span such as \"00:00:30\" (got {node.ToJsonString()}).");
    }

    private static QueueMessageWireEncoding? ReadEncoding(JsonObject queues, string source)
    {
        var node = queues["messageEncoding"];
        if (node is null)
        {
            return null;
        }

        var text = node is JsonValue value && value.TryGetValue(out string? s) ? s : null;
        return text?.ToLowerInvariant() switch
        {
            "base64" => QueueMessageWireEncoding.Base64,
            "none" => QueueMessageWireEncoding.None,
            _ => throw new InvalidOperationException($"{source}: extensions.queues.messageEncoding must be \"base64\" or \"none\" (got {node.ToJsonString()})."),
        };
    }
}
