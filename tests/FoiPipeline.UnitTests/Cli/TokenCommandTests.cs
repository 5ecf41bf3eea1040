using FoiPipeline.Api.Authentication;
using FoiPipeline.Local.Cli;
using FoiPipeline.UnitTests.Api;
using Microsoft.AspNetCore.Http;

namespace FoiPipeline.UnitTests.Cli;

/// <summary><c>foi token</c> in-process: what it prints, and that the host's authenticator accepts it.</summary>
public sealed class TokenCommandTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "foi-token-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private async Task<(int ExitCode, string Output, string Error)> FoiAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await FoiCli.InvokeAsync([.. args, "--data-dir", _dataDirectory], output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    private AuthenticationOutcome Authenticate(string token)
    {
        var tokens = new DevTokens(DevTokenKey.Load(Path.Combine(_dataDirectory, DevTokenKey.DefaultFileName)), TimeProvider.System);
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = "Bearer " + token;
        return new DevTokenAuthenticator(tokens).Authenticate(context.Request);
    }

    [Fact]
    public async Task The_token_printed_alone_on_stdout_is_accepted_by_the_host_with_the_roles_asked_for()
    {
        var (exitCode, output, error) = await FoiAsync("token", "--role", "reviewer", "--role", "sensitive-reviewer", "--name", "Ann Example", "--user", "ann");

        Assert.True(exitCode == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var token = Assert.Single(lines).Trim();
        var reviewer = Authenticate(token).Reviewer!;
        Assert.Equal("ann", reviewer.Id);
        Assert.Equal("Ann Example", reviewer.Name);
        Assert.Equal(new HashSet<string> { "reviewer", "sensitive-reviewer" }, reviewer.Roles);
        Assert.Contains("Ann Example (ann)", error, StringComparison.Ordinal);
        Assert.Contains("reviewer, sensitive-reviewer", error, StringComparison.Ordinal);
        Assert.Contains("valid until", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_user_or_name_the_login_name_is_used()
    {
        var (exitCode, output, _) = await FoiAsync("token", "--role", "admin");

        Assert.Equal(0, exitCode);
        var reviewer = Authenticate(output.Trim()).Reviewer!;
        Assert.Equal(Environment.UserName, reviewer.Id);
        Assert.Equal(Environment.UserName, reviewer.Name);
        Assert.True(reviewer.IsAdmin);
    }

    [Fact]
    public async Task Hours_set_how_long_the_token_lasts()
    {
        var clock = new TestClock(DateTimeOffset.UtcNow);
        var (_, output, _) = await FoiAsync("token", "--role", "reviewer", "--hours", "2");
        var tokens = new DevTokens(DevTokenKey.Load(Path.Combine(_dataDirectory, DevTokenKey.DefaultFileName)), clock);

        clock.Now = clock.Now.AddHours(2).AddMinutes(-5);
        Assert.NotNull(tokens.Validate(output.Trim()).Reviewer);
        clock.Now = clock.Now.AddMinutes(10);
        Assert.Contains("expired", tokens.Validate(output.Trim()).Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_tokens_from_the_same_data_folder_share_one_key()
    {
        var (_, first, _) = await FoiAsync("token", "--role", "reviewer");
        var (_, second, _) = await FoiAsync("token", "--role", "admin");

        Assert.NotNull(Authenticate(first.Trim()).Reviewer);
        Assert.NotNull(Authenticate(second.Trim()).Reviewer);
    }

    [Fact]
    public async Task An_unknown_role_exits_1_listing_the_valid_roles_and_prints_no_token()
    {
        var (exitCode, output, error) = await FoiAsync("token", "--role", "reviewer", "--role", "superuser");

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.Contains("'superuser'", error, StringComparison.Ordinal);
        Assert.Contains("reviewer, sensitive-reviewer, admin", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_role_exits_1_asking_for_one()
    {
        var (exitCode, output, error) = await FoiAsync("token");

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.Contains("at least one --role", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("721")]
    public async Task Hours_outside_one_to_thirty_days_exit_1(string hours)
    {
        var (exitCode, output, error) = await FoiAsync("token", "--role", "reviewer", "--hours", hours);

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.Contains("--hours must be from 1 to 720", error, StringComparison.Ordinal);
    }
}
