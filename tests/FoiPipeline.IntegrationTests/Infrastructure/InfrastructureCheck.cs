using System.Reflection;
using System.Text.RegularExpressions;
using FoiPipeline.Functions;
using FoiPipeline.Ocr;
using FoiPipeline.Ocr.DocumentIntelligence;
using FoiPipeline.Pipeline;
using FoiPipeline.Review;
using FoiPipeline.Triage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FoiPipeline.IntegrationTests.Infrastructure;

/// <summary>
/// Checks the Bicep under <c>infra/</c> against the Functions app itself: (a) the app starts with exactly the settings
/// the template gives it, (b) every service the app so configured calls has the role it needs for the app's identity
/// on that resource, and nothing broader, (c) no key stands where an identity should. Each check returns sentences
/// naming the file, setting or role to fix; empty means the template passes.
/// </summary>
public static partial class InfrastructureCheck
{
    /// <summary>Built-in role definition ids (Azure built-in roles reference).</summary>
    public static class Roles
    {
        public const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
        public const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
        public const string CognitiveServicesUser = "a97b65f3-24c7-4388-baec-2e87135dc908";
        public const string SearchIndexDataContributor = "8ebe5a00-799e-43f5-93ac-243d3dce84a7";
        public const string SearchServiceContributor = "7ca78c08-252a-4471-8644-bb5ff32d4ba0";
        public const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

        public static string NameOf(string? id) => id switch
        {
            StorageBlobDataOwner => "Storage Blob Data Owner",
            StorageQueueDataContributor => "Storage Queue Data Contributor",
            CognitiveServicesUser => "Cognitive Services User",
            SearchIndexDataContributor => "Search Index Data Contributor",
            SearchServiceContributor => "Search Service Contributor",
            MonitoringMetricsPublisher => "Monitoring Metrics Publisher",
            null => "(a role the reader could not resolve)",
            _ => id,
        };
    }

    /// <summary>A service the configured app calls, the type of resource it is, and the roles its identity needs there.</summary>
    public sealed record RequiredAccess(string Service, string ResourceType, IReadOnlyList<string> Roles, string Why);

    /// <summary>
    /// (a) The Functions app's services built as its Program builds them (<see cref="FunctionsServiceCollectionExtensions.AddFoiPipelineFunctions"/>)
    /// from a configuration made of the template's app settings, every options type validated as at start-up, the
    /// services that reach Azure created, and every <c>%setting%</c> a function's trigger names resolved.
    /// </summary>
    /// <returns>The built app (null when it could not be built) and what is missing or invalid.</returns>
    public static (ServiceProvider? App, IReadOnlyList<string> Problems) StartApp(InfrastructureTemplate template)
    {
        var settings = template.AppSettings();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key.Replace("__", ":", StringComparison.Ordinal), s.Value)))
            .Build();
        var problems = new List<string>();
        problems.AddRange(UnresolvedTriggerSettings(configuration).Select(name =>
            $"A function's trigger names %{name}%, but {template.FunctionAppFile.Path} gives the app no {name.Replace(":", "__", StringComparison.Ordinal)} setting; the Functions host cannot index the function without it."));

        ServiceProvider app;
        try
        {
            app = new ServiceCollection().AddLogging().AddFoiPipelineFunctions(configuration, AppContext.BaseDirectory)
                .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        }
        catch (Exception error) when (error is InvalidOperationException or OptionsValidationException or ArgumentException)
        {
            problems.Add($"The app refuses to start with the settings in {template.FunctionAppFile.Path}: {error.Message}");
            return (null, problems);
        }

        // What the host does before it runs anything: every ValidateOnStart options type, all failures at once.
        try
        {
            app.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (OptionsValidationException error)
        {
            problems.AddRange(error.Failures.Select(f => $"Start-up validation fails with the settings in {template.FunctionAppFile.Path}: {f}"));
        }
        catch (AggregateException errors)
        {
            problems.AddRange(errors.InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures)
                .Select(f => $"Start-up validation fails with the settings in {template.FunctionAppFile.Path}: {f}"));
        }

        // The clients that reach Azure are created from those settings at the first use; create them now.
        foreach (var service in new[] { typeof(StorageClients), typeof(ITriageIndex), typeof(IReviewStore), typeof(IOcrEngine) })
        {
            try
            {
                app.GetRequiredService(service);
            }
            catch (Exception error) when (error is InvalidOperationException or OptionsValidationException or ArgumentException or UriFormatException)
            {
                problems.Add($"The app cannot create its {service.Name} from the settings in {template.FunctionAppFile.Path}: {error.Message}");
            }
        }

        return (app, problems);
    }

    /// <summary>What the app built from the template's settings calls in Azure, with its identity, and the roles that takes.</summary>
    public static IReadOnlyList<RequiredAccess> RequiredAccessOf(IServiceProvider app, IReadOnlyDictionary<string, string> settings)
    {
        var required = new List<RequiredAccess>
        {
            // StorageClients are always identity-based here (a connection string is refused by KeysInsteadOfIdentities).
            new("Blob Storage", "Microsoft.Storage/storageAccounts", [Roles.StorageBlobDataOwner],
                "the pipeline's containers, the blob review store, the deployment package and the blob trigger's receipts"),
            new("Queue Storage", "Microsoft.Storage/storageAccounts", [Roles.StorageQueueDataContributor],
                "the stage queues and their -poison twins, and the host's queues behind the blob trigger"),
        };

        var ocr = app.GetRequiredService<IOptions<OcrOptions>>().Value;
        if (app.GetRequiredService<IOcrEngine>() is DocumentIntelligenceOcrEngine && string.IsNullOrEmpty(ocr.DocumentIntelligence.Key))
        {
            required.Add(new("Document Intelligence", "Microsoft.CognitiveServices/accounts", [Roles.CognitiveServicesUser], "OCR of scans with the app's token"));
        }

        var index = app.GetRequiredService<IOptions<TriageIndexOptions>>().Value;
        if (app.GetRequiredService<ITriageIndex>() is AzureSearchTriageIndex && string.IsNullOrEmpty(index.AzureSearch.ApiKey))
        {
            required.Add(new("AI Search", "Microsoft.Search/searchServices", [Roles.SearchIndexDataContributor, Roles.SearchServiceContributor],
                "the triage index's documents, and creating or updating the index at start-up"));
        }

        if (settings.GetValueOrDefault("APPLICATIONINSIGHTS_AUTHENTICATION_STRING")?.Contains("Authorization=AAD", StringComparison.OrdinalIgnoreCase) == true)
        {
            required.Add(new("Application Insights", "Microsoft.Insights/components", [Roles.MonitoringMetricsPublisher],
                "telemetry sent with the app's token (local auth is off)"));
        }

        return required;
    }

    /// <summary>(b) Each required role given to the app's identity on a resource of the right type, no other role given to it, and no role assignment without a scope.</summary>
    public static IReadOnlyList<string> MissingOrExtraRoles(InfrastructureTemplate template, IReadOnlyList<RequiredAccess> required)
    {
        var problems = new List<string>();
        var grants = template.AppIdentityRoles();
        foreach (var access in required)
        {
            foreach (var role in access.Roles)
            {
                if (!grants.Any(g => g.RoleDefinitionId == role && g.ScopeType == access.ResourceType))
                {
                    problems.Add($"The app calls {access.Service} ({access.Why}) with its managed identity, but no role assignment gives that identity " +
                        $"{Roles.NameOf(role)} ({role}) scoped to the {access.ResourceType} resource.");
                }
            }
        }

        foreach (var grant in grants)
        {
            if (!required.Any(a => a.ResourceType == grant.ScopeType && a.Roles.Contains(grant.RoleDefinitionId ?? string.Empty)))
            {
                problems.Add($"{grant.File}:{grant.Line} ({grant.Symbol}) gives the app's identity {Roles.NameOf(grant.RoleDefinitionId)} on " +
                    $"{grant.ScopeType ?? "the deployment's whole scope"}, which the configured app does not need.");
            }
        }

        problems.AddRange(template.UnscopedRoleAssignments().Select(a =>
            $"{a} assigns a role without a scope, so it covers the whole resource group; scope it to the one resource it is for."));
        return problems;
    }

    /// <summary>(c) Keys, key-bearing connection strings and local (key) authentication, anywhere in the template or its parameter files.</summary>
    public static IReadOnlyList<string> KeysInsteadOfIdentities(InfrastructureTemplate template)
    {
        var problems = new List<string>();
        var sources = template.Files.Values.Select(f => (f.Path, Code: f.Code, File: (BicepFile?)f))
            .Concat(template.OtherFiles.Select(f => (Path: f.Key, Code: f.Value, File: (BicepFile?)null)));
        foreach (var (path, code, file) in sources)
        {
            foreach (var (pattern, why) in KeyPatterns)
            {
                foreach (Match match in pattern.Matches(code))
                {
                    var line = file?.LineOf(match.Index) ?? code.AsSpan(0, match.Index).Count('\n') + 1;
                    problems.Add($"{path}:{line}: '{match.Value.Trim()}' {why}");
                }
            }
        }

        foreach (var file in template.Files.Values)
        {
            foreach (var resource in file.Resources.Where(r => !r.IsExisting))
            {
                var body = resource.Body;
                if (LocalAuthTypes.Contains(resource.Type) && !DisableLocalAuthTrue().IsMatch(body))
                {
                    problems.Add($"{file.Path}:{file.LineOf(resource.Start)} ({resource.Symbol}): {resource.Type} must set disableLocalAuth: true, so that only Entra ID identities are accepted.");
                }

                if (resource.Type == "Microsoft.Storage/storageAccounts" && !SharedKeyOff().IsMatch(body))
                {
                    problems.Add($"{file.Path}:{file.LineOf(resource.Start)} ({resource.Symbol}): the storage account must set allowSharedKeyAccess: false.");
                }
            }
        }

        foreach (var (name, _) in template.AppSettings())
        {
            if (name == FunctionsServiceCollectionExtensions.StorageSetting)
            {
                problems.Add($"{template.FunctionAppFile.Path}: the app setting {name} is a connection string; use {name}__blobServiceUri and __queueServiceUri with the managed identity.");
            }
            else if (KeySettingName().IsMatch(name) && !AllowedSettingNames.Contains(name))
            {
                problems.Add($"{template.FunctionAppFile.Path}: the app setting {name} holds a key or secret; the app signs in with its managed identity instead.");
            }
        }

        return problems;
    }

    /// <summary>
    /// Settings allowed although their names say key or connection string. The Application Insights connection string
    /// carries the instrumentation key, which only identifies the component: with local auth disabled it grants nothing
    /// and the app must still present its Entra ID token (APPLICATIONINSIGHTS_AUTHENTICATION_STRING=Authorization=AAD).
    /// </summary>
    private static readonly HashSet<string> AllowedSettingNames = new(StringComparer.Ordinal) { "APPLICATIONINSIGHTS_CONNECTION_STRING" };

    private static readonly HashSet<string> LocalAuthTypes = new(StringComparer.Ordinal)
    {
        "Microsoft.CognitiveServices/accounts",
        "Microsoft.Search/searchServices",
        "Microsoft.Insights/components",
    };

    private static readonly (Regex Pattern, string Why)[] KeyPatterns =
    [
        (new Regex(@"\blist\w*\s*\(|\.list\w*\s*\(", RegexOptions.IgnoreCase), "reads a key or secret from a resource (list* function); use the managed identity and a role instead."),
        (new Regex(@"\b(AccountKey|SharedAccessKey|SharedAccessSignature|AccessKey|SharedAccessKeyName)\s*=", RegexOptions.IgnoreCase), "is a connection string with a key."),
        (new Regex(@"\bdisableLocalAuth\s*:\s*false\b", RegexOptions.IgnoreCase), "turns key (local) authentication on."),
        (new Regex(@"\ballowSharedKeyAccess\s*:\s*true\b", RegexOptions.IgnoreCase), "turns storage shared keys on."),
        (new Regex(@"\b(apiKeyOnly|aadOrApiKey)\b", RegexOptions.IgnoreCase), "lets AI Search accept API keys."),
        (new Regex(@"\bUseDevelopmentStorage\s*=", RegexOptions.IgnoreCase), "is the emulator's well-known key."),
    ];

    /// <summary>Every <c>%name%</c> a trigger or binding attribute of a function in the Functions app names, that the configuration lacks.</summary>
    private static IEnumerable<string> UnresolvedTriggerSettings(IConfiguration configuration)
    {
        var functions = typeof(FunctionsServiceCollectionExtensions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null);
        var named = functions
            .SelectMany(m => m.GetParameters().SelectMany(p => p.GetCustomAttributes()).Concat(m.GetCustomAttributes()))
            .SelectMany(a => a.GetType().GetProperties().Where(p => p.PropertyType == typeof(string)).Select(p => p.GetValue(a) as string))
            .OfType<string>()
            .SelectMany(value => SettingReference().Matches(value).Select(m => m.Groups["name"].Value))
            .Distinct(StringComparer.Ordinal);
        return named.Where(name => string.IsNullOrEmpty(configuration[name]));
    }

    [GeneratedRegex(@"%(?<name>[^%\s]+)%")]
    private static partial Regex SettingReference();

    [GeneratedRegex(@"\bdisableLocalAuth\s*:\s*true\b", RegexOptions.IgnoreCase)]
    private static partial Regex DisableLocalAuthTrue();

    [GeneratedRegex(@"\ballowSharedKeyAccess\s*:\s*false\b")]
    private static partial Regex SharedKeyOff();

    [GeneratedRegex(@"(key|secret|password|connectionstring|connection_string)$|__accountKey|Key__", RegexOptions.IgnoreCase)]
    private static partial Regex KeySettingName();
}
