using FoiPipeline.Api.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FoiPipeline.UnitTests.Api;

public sealed class ApiAuthenticationOptionsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "foi-auth-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values)
        => new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>($"{ApiAuthenticationOptions.SectionName}:{v.Key}", v.Value)))
            .Build();

    [Fact]
    public void The_host_default_mode_applies_when_configuration_names_none()
    {
        using var local = new ServiceCollection().AddReviewerAuthentication(Configuration(), _directory, "dev-token").BuildServiceProvider();
        using var azure = new ServiceCollection().AddReviewerAuthentication(Configuration(), _directory, "app-service").BuildServiceProvider();

        Assert.IsType<DevTokenAuthenticator>(local.GetRequiredService<IReviewerAuthenticator>());
        Assert.NotNull(local.GetRequiredService<DevTokenIssuer>());
        Assert.IsType<AppServiceAuthenticator>(azure.GetRequiredService<IReviewerAuthenticator>());
        Assert.Null(azure.GetService<DevTokenIssuer>());
    }

    [Fact]
    public void Configuration_overrides_the_host_default_mode()
    {
        using var services = new ServiceCollection()
            .AddReviewerAuthentication(Configuration(("Mode", "app-service")), _directory, "dev-token")
            .BuildServiceProvider();

        Assert.IsType<AppServiceAuthenticator>(services.GetRequiredService<IReviewerAuthenticator>());
    }

    [Fact]
    public void In_dev_token_mode_the_issuer_and_authenticator_share_the_key_file_in_the_data_folder()
    {
        using var services = new ServiceCollection()
            .AddReviewerAuthentication(Configuration(("DevTokenLifetime", "02:00:00")), _directory, "dev-token")
            .BuildServiceProvider();

        var issuer = services.GetRequiredService<DevTokenIssuer>();
        var token = issuer.Issue("ann", "Ann", ["reviewer"]).Token;

        Assert.Equal(TimeSpan.FromHours(2), issuer.DefaultLifetime);
        Assert.True(File.Exists(Path.Combine(_directory, "dev-token.key")));
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Headers.Authorization = "Bearer " + token;
        Assert.Equal("ann", services.GetRequiredService<IReviewerAuthenticator>().Authenticate(context.Request).Reviewer?.Id);
    }

    [Fact]
    public void An_unknown_mode_is_refused_with_the_valid_ones()
    {
        var ex = Assert.Throws<OptionsValidationException>(
            () => new ServiceCollection().AddReviewerAuthentication(Configuration(("Mode", "none")), _directory, "dev-token"));

        Assert.Contains("FoiPipeline:Api:Authentication:Mode = 'none' is not an authentication mode; use 'dev-token' (local) or 'app-service'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-01:00:00")]
    [InlineData("31.00:00:00")]
    public void A_token_lifetime_outside_zero_to_thirty_days_is_refused(string lifetime)
    {
        var ex = Assert.Throws<OptionsValidationException>(
            () => ApiAuthenticationOptions.From(Configuration(("DevTokenLifetime", lifetime)), "dev-token"));

        Assert.Contains("DevTokenLifetime", ex.Message, StringComparison.Ordinal);
        Assert.Contains("at most 30 days", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_are_an_eight_hour_token_and_a_key_file_in_the_data_folder()
    {
        var options = ApiAuthenticationOptions.From(Configuration(), "dev-token");

        Assert.Equal(TimeSpan.FromHours(8), options.DevTokenLifetime);
        Assert.Equal("dev-token.key", options.DevTokenKeyPath);
        Assert.True(options.IsDevToken);
    }
}
