using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Identity;
using FoiPipeline.Functions;
using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Ocr;
using FoiPipeline.Sweep;
using FoiPipeline.Triage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FoiPipeline.IntegrationTests.Functions;

/// <summary>
/// The Functions app's start-up as its Program does it (a generic host over the app's configuration, the app's
/// registrations, then start), and every trigger binding the host will read from the compiled app.
/// </summary>
public sealed partial class FunctionsStartupTests : IAsyncLifetime
{
    private TestPipeline _storage = null!;

    public async Task InitializeAsync() => _storage = await TestPipeline.CreateAsync(startHost: false);

    public async Task DisposeAsync() => await _storage.DisposeAsync();

    /// <summary>What the app needs in Azure once the infrastructure has set it up, with the given keys changed (null removes one).</summary>
    private Dictionary<string, string?> Settings(params (string Key, string? Value)[] changes)
    {
        var settings = new Dictionary<string, string?>(_storage.Configuration)
        {
            [FunctionsServiceCollectionExtensions.StorageSetting] = _storage.ConnectionString,
            ["FoiPipeline:DataDirectory"] = _storage.DataDirectory,
            ["FoiPipeline:Ocr:DocumentIntelligence:Endpoint"] = "https://foi-ocr.cognitiveservices.azure.com/",
            ["FoiPipeline:Index:Kind"] = "azure-search",
            ["FoiPipeline:Index:AzureSearch:Endpoint"] = "https://foi-search.search.windows.net",
        };
        foreach (var (key, value) in changes)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Builds and starts the host as the app's Program does; start-up validation runs on start.</summary>
    private static async Task StartAsync(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddFoiPipelineFunctions(builder.Configuration, AppContext.BaseDirectory);
        using var host = builder.Build();
        await host.StartAsync();
        await host.StopAsync();
    }

    [Theory]
    [InlineData("FoiPipeline:Ocr:DocumentIntelligence:Endpoint", "FoiPipeline__Ocr__DocumentIntelligence__Endpoint")]
    [InlineData("FoiPipeline:Index:AzureSearch:Endpoint", "FoiPipeline__Index__AzureSearch__Endpoint")]
    public async Task A_missing_endpoint_stops_the_app_at_start_up_naming_the_app_setting(string key, string appSetting)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(Settings((key, null))));

        Assert.Contains(appSetting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_storage_stops_the_app_before_it_is_built_naming_the_app_settings()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(Settings((FunctionsServiceCollectionExtensions.StorageSetting, null))));

        Assert.Contains("AzureWebJobsStorage__blobServiceUri", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sweep_setting_that_cannot_work_stops_the_app_at_start_up_naming_it()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(Settings(("FoiPipeline:Sweep:IntakeGrace", "00:00:05"))));

        Assert.Contains("FoiPipeline__Sweep__IntakeGrace", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_every_required_setting_the_app_starts()
        => await StartAsync(Settings(("FoiPipeline:Index:Kind", "sqlite")));

    [Fact]
    public void Azure_clients_sign_in_with_the_apps_identity_unless_a_key_is_configured()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings()).Build();
        using var services = new ServiceCollection().AddLogging().AddFoiPipelineFunctions(configuration, AppContext.BaseDirectory).BuildServiceProvider();

        // One credential for every client: DefaultAzureCredential (the system-assigned identity in Azure)...
        Assert.IsType<DefaultAzureCredential>(services.GetRequiredService<Azure.Core.TokenCredential>());
        var ocr = services.GetRequiredService<IOptions<OcrOptions>>().Value;
        Assert.Equal(OcrEngines.DocumentIntelligence, ocr.Engine);
        Assert.Null(ocr.DocumentIntelligence.Key);
        Assert.Null(services.GetRequiredService<IOptions<TriageIndexOptions>>().Value.AzureSearch.ApiKey);
        Assert.IsType<AzureSearchTriageIndex>(services.GetRequiredService<ITriageIndex>());
        Assert.IsType<FoiPipeline.Ocr.DocumentIntelligence.DocumentIntelligenceOcrEngine>(services.GetRequiredService<IOcrEngine>());

        // ...or the user-assigned identity the storage settings name.
        var userAssigned = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001" }).Build();
        Assert.IsType<ManagedIdentityCredential>(FunctionsServiceCollectionExtensions.Credential(userAssigned.GetSection("AzureWebJobsStorage")));
    }

    [Fact]
    public void Every_function_binds_a_well_formed_trigger_whose_settings_the_app_ships_with()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "local.settings.sample.json")));
        var shipped = sample.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name.Replace("__", ":", StringComparison.Ordinal)).ToHashSet();
        var functions = typeof(FunctionsServiceCollectionExtensions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .ToList();
        Assert.Contains(functions, m => m.DeclaringType == typeof(SweepFunction));

        foreach (var method in functions)
        {
            var name = $"{method.DeclaringType!.Name}.{method.Name}";
            var trigger = Assert.Single(method.GetParameters().Select(p => p.GetCustomAttribute<TriggerBindingAttribute>()).OfType<TriggerBindingAttribute>());
            Assert.Contains(method.GetParameters(), p => p.ParameterType == typeof(CancellationToken) || trigger is HttpTriggerAttribute);
            switch (trigger)
            {
                case BlobTriggerAttribute blob:
                    Assert.True(blob.Source == BlobTriggerSource.EventGrid, $"{name}: blob triggers use the Event Grid source (polling misses and delays letters).");
                    AssertShipped(name, blob.BlobPath, shipped);
                    break;
                case QueueTriggerAttribute queue:
                    AssertShipped(name, queue.QueueName, shipped);
                    break;
                case TimerTriggerAttribute timer:
                    AssertShipped(name, timer.Schedule, shipped);
                    Assert.True(method.GetCustomAttribute<FixedDelayRetryAttribute>() is not null, $"{name}: a timer function says how a failed run is retried ([FixedDelayRetry]); timers are the triggers that support it.");
                    break;
                case HttpTriggerAttribute http:
                    // Written in the attribute, not left to the constructor's default (Function), so the choice is visible.
                    var written = method.GetParameters().SelectMany(p => p.GetCustomAttributesData())
                        .Single(a => a.AttributeType == typeof(HttpTriggerAttribute)).ConstructorArguments;
                    Assert.True(written.Any(a => a.ArgumentType == typeof(AuthorizationLevel)), $"{name}: an HttpTrigger states its AuthorizationLevel.");
                    Assert.NotEmpty(http.Methods ?? []);
                    break;
                default:
                    Assert.Fail($"{name}: {trigger.GetType().Name} is a trigger this test does not know; add its checks.");
                    break;
            }
        }
    }

    [Fact]
    public void The_shipped_sweep_schedule_is_the_documented_default_and_valid()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "local.settings.sample.json")));
        var schedule = sample.RootElement.GetProperty("Values").GetProperty("FoiPipeline__Sweep__Schedule").GetString();

        Assert.Equal(SweepOptions.DefaultSchedule, schedule);
        Assert.True(new SweepOptionsValidator().Validate(null, new SweepOptions { Schedule = schedule! }).Succeeded);
    }

    private static void AssertShipped(string function, string expression, HashSet<string> shipped)
    {
        foreach (Match setting in Setting().Matches(expression))
        {
            Assert.True(shipped.Contains(setting.Groups[1].Value), $"{function} binds %{setting.Groups[1].Value}%, which local.settings.sample.json does not set; the host cannot resolve it.");
        }
    }

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex Setting();
}
