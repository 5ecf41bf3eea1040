using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FoiPipeline.Api.Authentication;
using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Triage;
using Microsoft.Extensions.DependencyInjection;

namespace FoiPipeline.IntegrationTests.Api;

/// <summary>The reviewer API as <c>foi run</c> serves it: the real local host on Azurite, SQLite index and store, development tokens.</summary>
public sealed class LocalHostReviewApiTests : ReviewApiContract
{
    protected override async Task<IApiUnderTest> StartAsync() => new LocalHost(await TestPipeline.CreateAsync());

    private sealed class LocalHost(TestPipeline pipeline) : IApiUnderTest
    {
        private readonly DevTokenIssuer _tokens = pipeline.Services.GetRequiredService<DevTokenIssuer>();

        public Uri BaseAddress => pipeline.ApiAddress;

        public ITriageIndex Index => pipeline.Index;

        public void SignIn(HttpRequestMessage request, string userId, string name, IReadOnlyList<string> roles)
        {
            var token = roles.Count > 0 ? _tokens.Issue(userId, name, roles).Token : WithoutReviewerRoles(userId, name);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        /// <summary>
        /// `foi token` refuses to issue a token with no reviewer role, so this signs one by hand with the host's
        /// key: a valid sign-in whose only role ("auditor") is not one of ours.
        /// </summary>
        private string WithoutReviewerRoles(string userId, string name)
        {
            var key = DevTokenKey.Load(Path.Combine(pipeline.DataDirectory, DevTokenKey.DefaultFileName));
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var header = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"));
            var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
            {
                ["iss"] = DevTokens.Issuer,
                ["aud"] = DevTokens.Audience,
                ["sub"] = userId,
                ["name"] = name,
                ["roles"] = new[] { "auditor" },
                ["iat"] = now,
                ["exp"] = now + 600,
            }));
            var signature = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(header + "." + payload));
            return header + "." + payload + "." + Base64Url.EncodeToString(signature);
        }

        public FoiPipeline.Pipeline.PipelineStorage Storage => pipeline.Storage;

        public Task WhenSearchableAsync() => Task.CompletedTask;

        public async Task StoreOriginalAsync(string name, byte[] content)
            => await pipeline.Intake.UploadBlobAsync(name, new BinaryData(content));

        public ValueTask DisposeAsync() => pipeline.DisposeAsync();
    }
}
