using System.Text.RegularExpressions;
using FoiPipeline.IntegrationTests.Support;

namespace FoiPipeline.IntegrationTests.Infrastructure;

/// <summary>
/// The Bicep in <c>infra/</c> against the Functions app it deploys: the app starts with the settings the template
/// gives it, every Azure service it then calls has the role it needs for the app's identity on that resource and
/// no more, and no key stands where an identity should. The mutation tests change the template's text and show
/// that each check fails, naming what to fix.
/// </summary>
public sealed partial class InfrastructureTests
{
    private static readonly string InfraDirectory = Path.Combine(SharedAzurite.RepoRoot, "infra");

    private static IReadOnlyDictionary<string, string> Files() => InfrastructureTemplate.ReadFiles(InfraDirectory);

    [Fact]
    public void Every_Bicep_file_has_balanced_brackets_and_closed_strings()
    {
        var template = new InfrastructureTemplate(Files());

        Assert.Contains("main.bicep", template.Files.Keys);
        Assert.Contains("storage.bicep", template.Files.Keys);
        Assert.Empty(template.Files.Values.SelectMany(f => f.StructuralProblems()));
    }

    [Fact]
    public void The_Functions_app_starts_with_the_settings_the_Bicep_gives_it()
    {
        var template = new InfrastructureTemplate(Files());

        var (app, problems) = InfrastructureCheck.StartApp(template);
        using (app)
        {
            Assert.Empty(problems);
            Assert.NotNull(app);
        }

        var settings = template.AppSettings();
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Equal("azure-search", settings["FoiPipeline__Index__Kind"]);
        Assert.Equal("document-intelligence", settings["FoiPipeline__Ocr__Engine"]);
        Assert.Equal("intake", settings["FoiPipeline__Containers__Intake"]);
        Assert.Equal("reviews", settings["FoiPipeline__Review__Container"]);
        Assert.Equal("app-service", settings["FoiPipeline__Api__Authentication__Mode"]);
        Assert.Equal("Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
    }

    [Fact]
    public void Every_service_the_configured_app_calls_has_its_role_for_the_app_identity_on_that_resource_and_no_more()
    {
        var template = new InfrastructureTemplate(Files());
        var (app, _) = InfrastructureCheck.StartApp(template);
        using (app)
        {
            Assert.NotNull(app);
            var required = InfrastructureCheck.RequiredAccessOf(app, template.AppSettings());

            // The app as configured in Azure calls all four services with its identity.
            Assert.Equal(
                ["AI Search", "Application Insights", "Blob Storage", "Document Intelligence", "Queue Storage"],
                required.Select(r => r.Service).Order(StringComparer.Ordinal));
            Assert.Empty(InfrastructureCheck.MissingOrExtraRoles(template, required));
        }

        Assert.Equal(6, template.AppIdentityRoles().Count);
    }

    [Fact]
    public void No_key_connection_string_or_local_authentication_appears_where_an_identity_should()
    {
        var template = new InfrastructureTemplate(Files());

        Assert.Empty(InfrastructureCheck.KeysInsteadOfIdentities(template));
    }

    [Fact]
    public void The_function_app_has_a_system_assigned_identity_and_its_azd_service_tag()
    {
        var template = new InfrastructureTemplate(Files());
        var app = template.FunctionApp;

        Assert.Matches(@"identity:\s*\{\s*type:\s*'SystemAssigned'\s*\}", app.Body);
        Assert.Contains("'azd-service-name': 'functions'", app.Body, StringComparison.Ordinal);
        Assert.Contains("functions:", File.ReadAllText(Path.Combine(SharedAzurite.RepoRoot, "azure.yaml")), StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_in_offers_exactly_the_reviewer_roles_the_app_knows_and_refuses_anonymous_API_calls()
    {
        var template = new InfrastructureTemplate(Files());
        var registration = template.Files["app/registration.bicep"];
        var authentication = template.Files["app/authentication.bicep"];

        var declared = RoleValue().Matches(registration.Variables["reviewerRoles"]).Select(m => m.Groups["role"].Value);

        Assert.Equal(FoiPipeline.Review.ReviewerRoles.All.Order(StringComparer.Ordinal), declared.Order(StringComparer.Ordinal));
        Assert.Contains("Microsoft.Graph/applications", registration.Resources.Select(r => r.Type));
        Assert.Matches(@"unauthenticatedClientAction:\s*'Return401'", authentication.Code);
        Assert.Matches(@"requireAuthentication:\s*true", authentication.Code);
    }

    [Fact]
    public void The_mailbox_Logic_App_is_off_by_default_and_may_only_write_to_the_intake_container()
    {
        var template = new InfrastructureTemplate(Files());
        var main = template.Files["main.bicep"];
        var logicApp = template.Files["app/mailbox-logic-app.bicep"];

        Assert.Equal("'none'", main.Parameters["mailboxIntake"].Default);
        Assert.Equal("(mailboxIntake == 'logic-app')", main.Modules.Single(m => m.Path == "app/mailbox-logic-app.bicep").Condition);
        var assignment = Assert.Single(logicApp.Resources, r => r.Type == InfrastructureTemplate.RoleAssignmentType);
        var scope = logicApp.Resources.Single(r => r.Symbol == assignment.Entry("scope"));
        Assert.Equal("Microsoft.Storage/storageAccounts/blobServices/containers", scope.Type);
        Assert.Equal("intakeContainer", scope.Entry("name"));
        Assert.Contains("storageBlobDataContributor", assignment.Body, StringComparison.Ordinal);
        Assert.Equal("ba92f5b4-2d11-453d-a403-e96b0029c9fe", logicApp.Resolve("storageBlobDataContributor"));
        Assert.Matches(@"type:\s*'ManagedServiceIdentity'", logicApp.Code);
        Assert.DoesNotContain(InfrastructureCheck.KeysInsteadOfIdentities(template), p => p.StartsWith("app/mailbox-logic-app.bicep", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("FoiPipeline__Ocr__DocumentIntelligence__Endpoint", "FoiPipeline:Ocr:DocumentIntelligence:Endpoint")]
    [InlineData("FoiPipeline__Index__AzureSearch__Endpoint", "FoiPipeline:Index:AzureSearch:Endpoint")]
    [InlineData("AzureWebJobsStorage__queueServiceUri", "AzureWebJobsStorage__queueServiceUri")]
    [InlineData("FoiPipeline__Containers__Intake", "FoiPipeline__Containers__Intake")]
    [InlineData("FoiPipeline__Queues__Index", "FoiPipeline__Queues__Index")]
    [InlineData("AzureWebJobsStorage__blobServiceUri", "AzureWebJobsStorage__blobServiceUri")]
    public void A_setting_removed_from_the_Bicep_stops_the_check_and_is_named(string setting, string named)
    {
        var files = Mutate(Files(), "app/function-app.bicep", code => RemoveLine(code, $"  {setting}: "));

        var (app, problems) = InfrastructureCheck.StartApp(new InfrastructureTemplate(files));
        app?.Dispose();

        Assert.Contains(problems, p => p.Contains(named, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("cognitiveServicesUser", "Cognitive Services User")]
    [InlineData("searchServiceContributor", "Search Service Contributor")]
    [InlineData("storageQueueDataContributor", "Storage Queue Data Contributor")]
    [InlineData("monitoringMetricsPublisher", "Monitoring Metrics Publisher")]
    public void A_role_assignment_removed_from_the_Bicep_is_named(string symbol, string role)
    {
        var files = Mutate(Files(), "app/access.bicep", code => RemoveResource(code, symbol));

        var problems = RoleProblems(files);

        Assert.Contains(problems, p => p.Contains(role, StringComparison.Ordinal) && p.Contains("no role assignment", StringComparison.Ordinal));
    }

    [Fact]
    public void A_role_that_holds_only_for_the_deploying_user_does_not_count_for_the_app()
    {
        // The app's call to access.bicep switched to the deploying user: the app identity then has no roles at all.
        var files = Mutate(Files(), "main.bicep", code => code.Replace(
            "principalId: functionApp.outputs.principalId", "principalId: principalId", StringComparison.Ordinal));

        var problems = RoleProblems(files);

        Assert.Contains(problems, p => p.Contains("Storage Blob Data Owner", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Search Index Data Contributor", StringComparison.Ordinal));
    }

    [Fact]
    public void A_role_assignment_without_a_scope_covers_the_resource_group_and_is_refused()
    {
        var files = Mutate(Files(), "app/access.bicep", code => RemoveLine(code, "  scope: search\n"));

        var problems = RoleProblems(files);

        Assert.Contains(problems, p => p.Contains("searchIndexDataContributor", StringComparison.Ordinal) && p.Contains("resource group", StringComparison.Ordinal));
    }

    [Fact]
    public void A_broader_role_for_the_app_identity_is_refused()
    {
        // Contributor on the storage account instead of the data role.
        var files = Mutate(Files(), "app/access.bicep", code => code.Replace(
            "storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'", "storageBlobDataOwner: 'b24988ac-6180-42a0-ab88-20f7382dd24c'", StringComparison.Ordinal));

        var problems = RoleProblems(files);

        Assert.Contains(problems, p => p.Contains("b24988ac-6180-42a0-ab88-20f7382dd24c", StringComparison.Ordinal) && p.Contains("does not need", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Storage Blob Data Owner", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("app/function-app.bicep", "  FoiPipeline__Review__Store: 'blob'",
        "  FoiPipeline__Index__AzureSearch__ApiKey: listAdminKeys(searchId, '2023-11-01').primaryKey", "listAdminKeys(")]
    [InlineData("app/function-app.bicep", "  FoiPipeline__Review__Store: 'blob'",
        "  FoiPipeline__Ocr__DocumentIntelligence__Key: documentIntelligenceKey", "FoiPipeline__Ocr__DocumentIntelligence__Key")]
    [InlineData("app/function-app.bicep", "  FoiPipeline__Review__Store: 'blob'",
        "  AzureWebJobsStorage: 'DefaultEndpointsProtocol=https;AccountName=${storageAccountName};AccountKey=${storageKey}'", "AccountKey=")]
    [InlineData("core/search.bicep", "    disableLocalAuth: true", "    disableLocalAuth: false", "disableLocalAuth: false")]
    [InlineData("core/document-intelligence.bicep", "    disableLocalAuth: true", "    disableLocalAuth: false", "disableLocalAuth: false")]
    [InlineData("core/monitoring.bicep", "    DisableLocalAuth: true", "    DisableLocalAuth: false", "DisableLocalAuth: false")]
    [InlineData("storage.bicep", "    allowSharedKeyAccess: false", "    allowSharedKeyAccess: true", "allowSharedKeyAccess: true")]
    [InlineData("core/search.bicep", "    disableLocalAuth: true", "    authOptions: { aadOrApiKey: {} }", "aadOrApiKey")]
    public void A_key_added_to_the_Bicep_is_caught(string file, string find, string replaceWith, string named)
    {
        var files = Mutate(Files(), file, code =>
        {
            Assert.Contains(find, code, StringComparison.Ordinal);
            return code.Replace(find, find.StartsWith("  FoiPipeline__Review__Store", StringComparison.Ordinal) ? find + "\n" + replaceWith : replaceWith, StringComparison.Ordinal);
        });

        var problems = InfrastructureCheck.KeysInsteadOfIdentities(new InfrastructureTemplate(files));

        Assert.Contains(problems, p => p.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public void A_key_in_a_comment_is_not_a_key_but_one_in_a_string_is()
    {
        var file = new BicepFile("x.bicep", """
            // listKeys() would be wrong here: https://example.org/a//b
            var url = 'https://example.org/path//x' /* AccountKey= in a block comment */
            var bad = 'AccountName=a;AccountKey=b'
            """);

        Assert.DoesNotContain("listKeys", file.Code, StringComparison.Ordinal);
        Assert.Contains("https://example.org/path//x", file.Code, StringComparison.Ordinal);
        Assert.Equal(1, Regex.Count(file.Code, "AccountKey="));
        Assert.Equal("https://example.org/path//x", file.Resolve("url"));
    }

    [Fact]
    public void The_reader_takes_object_literals_with_quoted_keys_nested_values_and_interpolation()
    {
        var file = new BicepFile("x.bicep", """
            param names object = {
              intake: 'intake'
              'odd-key': 'it\'s'
            }
            param host string
            var settings = {
              A__B: names.intake
              'C-D': 'https://${host}/x?y={z}'
              E: union(tags, {
                f: 'g'
              })
              H: cond ? 'a:b' : 'c', I: 'j'
            }
            resource site 'Microsoft.Web/sites@2024-04-01' = if (deployIt) {
              name: 'n'
              properties: {}
            }
            """);

        var entries = BicepFile.ReadObject(file.Variables["settings"], 0);

        Assert.Equal(["A__B", "C-D", "E", "H", "I"], entries.Select(e => e.Key));
        Assert.Equal("intake", file.Resolve(entries[0].Value));
        Assert.Equal("https://${host}/x?y={z}", file.Resolve(entries[1].Value));
        Assert.StartsWith("union(tags, {", entries[2].Value, StringComparison.Ordinal);
        Assert.Null(file.Resolve(entries[3].Value));
        Assert.Equal(new KeyValuePair<string, string>("odd-key", @"'it\'s'"), BicepFile.ReadObject(file.Parameters["names"].Default!, 0)[1]);
        Assert.Equal("it's", file.Resolve(@"'it\'s'"));
        var site = Assert.Single(file.Resources);
        Assert.Equal(("Microsoft.Web/sites", "(deployIt)", "'n'"), (site.Type, site.Condition, site.Entry("name")));
    }

    [Fact]
    public void An_unclosed_bracket_or_string_is_reported_with_its_line()
    {
        var unclosed = new BicepFile("bad.bicep", "var a = {\n  b: 'c'\n");
        var unterminated = new BicepFile("worse.bicep", "var a = 'never closed\nvar b = 1\n");

        Assert.Contains(unclosed.StructuralProblems(), p => p.StartsWith("bad.bicep:1:", StringComparison.Ordinal));
        Assert.Contains(unterminated.StructuralProblems(), p => p.StartsWith("worse.bicep:1:", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"value:\s*'(?<role>[^']+)'")]
    private static partial Regex RoleValue();

    private static IReadOnlyList<string> RoleProblems(IReadOnlyDictionary<string, string> files)
    {
        var template = new InfrastructureTemplate(files);
        var (app, _) = InfrastructureCheck.StartApp(template);
        using (app)
        {
            Assert.NotNull(app);
            return InfrastructureCheck.MissingOrExtraRoles(template, InfrastructureCheck.RequiredAccessOf(app, template.AppSettings()));
        }
    }

    private static Dictionary<string, string> Mutate(IReadOnlyDictionary<string, string> files, string path, Func<string, string> change)
    {
        var copy = files.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        var changed = change(copy[path]);
        Assert.NotEqual(copy[path], changed);
        copy[path] = changed;
        return copy;
    }

    /// <summary>The text without the first line that starts with <paramref name="start"/>.</summary>
    private static string RemoveLine(string code, string start)
    {
        var at = code.IndexOf("\n" + start, StringComparison.Ordinal);
        Assert.True(at >= 0, $"No line starts with '{start}'.");
        var end = code.IndexOf('\n', at + 1);
        return code.Remove(at, end - at);
    }

    /// <summary>The text without the resource declaration named <paramref name="symbol"/>.</summary>
    private static string RemoveResource(string code, string symbol)
    {
        var file = new BicepFile("x.bicep", code);
        var resource = file.Resources.Single(r => r.Symbol == symbol);
        return code.Remove(resource.Start, resource.End - resource.Start);
    }
}
