using System.Text;
using System.Text.Json;
using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.IntegrationTests.Triage;
using FoiPipeline.Triage;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace FoiPipeline.IntegrationTests.Api;

/// <summary>
/// The reviewer API as the Functions app serves it in Azure: its HttpTriggers (through the ASP.NET Core
/// integration's conventions), App Service authentication's principal header, review state in blobs with
/// If-Match on Azurite, and the Azure AI Search index against the loopback fake of the service.
/// </summary>
public sealed class FunctionsReviewApiTests(FakeAzureSearchFixture search) : ReviewApiContract, IClassFixture<FakeAzureSearchFixture>
{
    protected override async Task<IApiUnderTest> StartAsync()
    {
        var storage = await TestPipeline.CreateAsync(startHost: false);
        // The Azure index on the fake (whose transport carries the client's https to loopback http), registered before
        // the app's own registration so that it is the one used; everything else is as the Functions app builds it.
        var index = search.Index(search.Options());
        var services = await FunctionsAppServices.StartAsync(storage, before: s => s.AddSingleton<ITriageIndex>(index));
        return new FunctionsApp(storage, services, index, await FunctionsHttpHost.StartAsync(services));
    }

    private sealed class FunctionsApp(TestPipeline storage, ServiceProvider services, ITriageIndex index, FunctionsHttpHost host) : IApiUnderTest
    {
        public Uri BaseAddress => host.BaseAddress;

        public ITriageIndex Index => index;

        /// <summary>What App Service authentication puts in front of the app for a signed-in Entra ID user with app roles.</summary>
        public void SignIn(HttpRequestMessage request, string userId, string name, IReadOnlyList<string> roles)
        {
            var claims = new List<object>
            {
                new { typ = "http://schemas.microsoft.com/identity/claims/objectidentifier", val = userId },
                new { typ = "name", val = name },
                new { typ = "preferred_username", val = userId + "@force.example.gov.uk" },
            };
            claims.AddRange(roles.Select(role => new { typ = "roles", val = role }));
            var principal = new { auth_typ = "aad", name_typ = "name", role_typ = "roles", claims };
            request.Headers.Add("X-MS-CLIENT-PRINCIPAL", Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(principal))));
            request.Headers.Add("X-MS-CLIENT-PRINCIPAL-ID", userId);
            request.Headers.Add("X-MS-CLIENT-PRINCIPAL-NAME", userId + "@force.example.gov.uk");
        }

        public FoiPipeline.Pipeline.PipelineStorage Storage => storage.Storage;

        public Task WhenSearchableAsync() => Task.CompletedTask;

        public async Task StoreOriginalAsync(string name, byte[] content)
            => await storage.Intake.UploadBlobAsync(name, new BinaryData(content));

        public async ValueTask DisposeAsync()
        {
            await host.DisposeAsync();
            await services.DisposeAsync();
            await storage.DisposeAsync();
        }
    }
}
