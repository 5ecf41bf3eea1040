using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace FoiPipeline.Local.Hosting;

/// <summary>
/// Reads the "Values" of a Functions local.settings.json, so one file configures both the Functions app
/// and the local host. Keys written with "__" (as app settings must be) become configuration paths.
/// </summary>
public static class LocalSettingsFile
{
    public static IReadOnlyDictionary<string, string?> ReadValues(string path)
    {
        if (!File.Exists(path))
        {
            return new Dictionary<string, string?>();
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (!document.RootElement.TryGetProperty("Values", out var values) || values.ValueKind != JsonValueKind.Object)
            {
                return new Dictionary<string, string?>();
            }

            return values.EnumerateObject().ToDictionary(
                p => p.Name.Replace("__", ":", StringComparison.Ordinal),
                p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText(),
                StringComparer.OrdinalIgnoreCase);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"{path} is not valid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The local configuration sources, lowest precedence first: local.settings.json Values, environment
    /// variables, then explicit overrides.
    /// </summary>
    public static IConfigurationBuilder AddLocalSources(
        this IConfigurationBuilder builder, string? localSettingsFile, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        if (localSettingsFile is not null)
        {
            builder.AddInMemoryCollection(ReadValues(localSettingsFile));
        }

        builder.AddEnvironmentVariables();
        if (overrides is not null)
        {
            builder.AddInMemoryCollection(overrides);
        }

        return builder;
    }
}
