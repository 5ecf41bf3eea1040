using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using FoiPipeline.Api.Authentication;
using FoiPipeline.Review;
using Microsoft.AspNetCore.Http;

namespace FoiPipeline.UnitTests.Api;

public sealed class DevTokensTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(DevTokenKey.Length);
    private readonly TestClock _clock = new(Noon);

    private DevTokens Tokens() => new(_key, _clock);

    private string Issue(params string[] roles) => Tokens().Issue("ann", "Ann Example", roles, TimeSpan.FromHours(8)).Token;

    private static string Encode(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    private static long Seconds(DateTimeOffset time) => time.ToUnixTimeSeconds();

    /// <summary>A token signed with the right key but with whatever header and claims the test wants.</summary>
    private string Forge(string payload, string header = """{"alg":"HS256","typ":"JWT"}""")
    {
        var input = Encode(header) + "." + Encode(payload);
        return input + "." + Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(input)));
    }

    private static string Claims(
        string iss = DevTokens.Issuer, string aud = "\"foi-reviewer-api\"", long? exp = null, string extra = "")
        => $$"""{"iss":"{{iss}}","aud":{{aud}},"sub":"ann","name":"Ann Example","roles":["reviewer"],"iat":{{Seconds(Noon)}},"exp":{{exp ?? Seconds(Noon.AddHours(1))}}{{extra}}}""";

    private static string Failure(AuthenticationOutcome outcome)
    {
        Assert.Null(outcome.Reviewer);
        Assert.False(string.IsNullOrWhiteSpace(outcome.Failure));
        return outcome.Failure!;
    }

    [Fact]
    public void An_issued_token_validates_to_the_same_reviewer_and_roles()
    {
        var issued = Tokens().Issue("ann", "Ann Example", [ReviewerRoles.Reviewer, ReviewerRoles.SensitiveReviewer], TimeSpan.FromHours(8));

        var outcome = Tokens().Validate(issued.Token);

        Assert.Null(outcome.Failure);
        var reviewer = outcome.Reviewer!;
        Assert.Equal("ann", reviewer.Id);
        Assert.Equal("Ann Example", reviewer.Name);
        Assert.Equal(new HashSet<string> { "reviewer", "sensitive-reviewer" }, reviewer.Roles);
        Assert.True(reviewer.IsCleared);
        Assert.False(reviewer.IsAdmin);
        Assert.Equal(Noon.AddHours(8), issued.ExpiresAt);
    }

    [Fact]
    public void A_token_is_a_compact_jws_with_an_hs256_header_and_the_documented_claims()
    {
        var parts = Issue(ReviewerRoles.Admin).Split('.');

        Assert.Equal(3, parts.Length);
        Assert.Equal("""{"alg":"HS256","typ":"JWT"}""", Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[0])));
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1]));
        Assert.Equal(
            $$"""{"iss":"foi-local","aud":"foi-reviewer-api","sub":"ann","name":"Ann Example","roles":["admin"],"iat":{{Seconds(Noon)}},"exp":{{Seconds(Noon.AddHours(8))}}}""",
            payload);
    }

    [Fact]
    public void Issuing_a_role_that_does_not_exist_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tokens().Issue("ann", "Ann", ["reviewer", "superuser"], TimeSpan.FromHours(1)));

        Assert.Contains("superuser", ex.Message, StringComparison.Ordinal);
        Assert.Contains("sensitive-reviewer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Issuing_a_token_with_no_roles_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Tokens().Issue("ann", "Ann", [], TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Roles_this_build_does_not_know_are_dropped_when_validating()
    {
        var token = Forge($$"""{"iss":"foi-local","aud":"foi-reviewer-api","sub":"ann","roles":["reviewer","root","ADMIN",7],"exp":{{Seconds(Noon.AddHours(1))}}}""");

        var reviewer = Tokens().Validate(token).Reviewer!;

        Assert.Equal(new HashSet<string> { "reviewer" }, reviewer.Roles);
        Assert.Equal("ann", reviewer.Name);
    }

    [Fact]
    public void A_tampered_payload_is_refused()
    {
        var parts = Issue(ReviewerRoles.Reviewer).Split('.');
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])).Replace("\"reviewer\"", "\"admin\"", StringComparison.Ordinal);

        var failure = Failure(Tokens().Validate($"{parts[0]}.{Encode(payload)}.{parts[2]}"));

        Assert.Contains("signature does not match", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tampered_signature_is_refused()
    {
        var parts = Issue(ReviewerRoles.Reviewer).Split('.');
        var signature = Base64Url.DecodeFromChars(parts[2]);
        signature[0] ^= 0x01;

        var failure = Failure(Tokens().Validate($"{parts[0]}.{parts[1]}.{Base64Url.EncodeToString(signature)}"));

        Assert.Contains("signature does not match", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signature_spelled_with_different_trailing_bits_is_refused()
    {
        var parts = Issue(ReviewerRoles.Reviewer).Split('.');

        // 32 bytes encode to 43 characters; the last carries 2 unused bits, which lenient decoders ignore.
        var last = parts[2][^1];
        var alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var sibling = alphabet[(alphabet.IndexOf(last, StringComparison.Ordinal) & ~3) | ((alphabet.IndexOf(last, StringComparison.Ordinal) + 1) & 3)];

        Assert.NotNull(Failure(Tokens().Validate($"{parts[0]}.{parts[1]}.{parts[2][..^1]}{sibling}")));
    }

    [Fact]
    public void An_unsigned_alg_none_token_is_refused()
    {
        var parts = Forge(Claims(), """{"alg":"none","typ":"JWT"}""").Split('.');

        var failure = Failure(Tokens().Validate($"{parts[0]}.{parts[1]}."));
        var withSignature = Failure(Tokens().Validate(string.Join('.', parts)));

        Assert.Contains("three parts", failure, StringComparison.Ordinal);
        Assert.Contains("unsigned", withSignature, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_signed_with_hs512_is_refused_even_with_the_right_key()
    {
        var input = Encode("""{"alg":"HS512","typ":"JWT"}""") + "." + Encode(Claims());
        var token = input + "." + Base64Url.EncodeToString(HMACSHA512.HashData(_key, Encoding.ASCII.GetBytes(input)));

        var failure = Failure(Tokens().Validate(token));

        Assert.Contains("HS512", failure, StringComparison.Ordinal);
        Assert.Contains("only HS256", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_claiming_rs256_is_refused()
    {
        var failure = Failure(Tokens().Validate(Forge(Claims(), """{"alg":"RS256","typ":"JWT"}""")));

        Assert.Contains("RS256", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_without_an_algorithm_is_refused()
    {
        var failure = Failure(Tokens().Validate(Forge(Claims(), """{"typ":"JWT"}""")));

        Assert.Contains("no stated algorithm", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void An_expired_token_is_refused_with_its_expiry_time_and_how_to_get_a_new_one()
    {
        var token = Tokens().Issue("ann", "Ann", ["reviewer"], TimeSpan.FromHours(8)).Token;
        _clock.Now = Noon.AddHours(8).AddMinutes(2);

        var failure = Failure(Tokens().Validate(token));

        Assert.Equal("The token expired at 2026-11-22 20:00 UTC; issue a new one with `foi token --role reviewer`.", failure);
    }

    [Fact]
    public void A_token_just_past_its_expiry_is_still_accepted_within_the_clock_skew()
    {
        var token = Tokens().Issue("ann", "Ann", ["reviewer"], TimeSpan.FromHours(8)).Token;
        _clock.Now = Noon.AddHours(8).AddSeconds(30);

        Assert.NotNull(Tokens().Validate(token).Reviewer);
    }

    [Fact]
    public void A_token_not_yet_valid_is_refused_beyond_the_clock_skew_and_accepted_within_it()
    {
        var later = Forge(Claims(exp: Seconds(Noon.AddHours(2)), extra: $",\"nbf\":{Seconds(Noon.AddMinutes(5))}"));
        var soon = Forge(Claims(exp: Seconds(Noon.AddHours(2)), extra: $",\"nbf\":{Seconds(Noon.AddSeconds(30))}"));

        Assert.Contains("not valid until 2026-11-22 12:05 UTC", Failure(Tokens().Validate(later)), StringComparison.Ordinal);
        Assert.NotNull(Tokens().Validate(soon).Reviewer);
    }

    [Fact]
    public void A_token_without_an_expiry_is_refused()
    {
        var token = Forge("""{"iss":"foi-local","aud":"foi-reviewer-api","sub":"ann","roles":["reviewer"]}""");

        Assert.Contains("no expiry", Failure(Tokens().Validate(token)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_from_another_issuer_is_refused()
    {
        Assert.Contains("issuer", Failure(Tokens().Validate(Forge(Claims(iss: "someone-else")))), StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_for_another_audience_is_refused_and_an_audience_list_naming_ours_is_accepted()
    {
        Assert.Contains("audience", Failure(Tokens().Validate(Forge(Claims(aud: "\"another-api\"")))), StringComparison.Ordinal);
        Assert.NotNull(Tokens().Validate(Forge(Claims(aud: """["another-api","foi-reviewer-api"]"""))).Reviewer);
    }

    [Fact]
    public void A_token_without_a_subject_is_refused()
    {
        var token = Forge($$"""{"iss":"foi-local","aud":"foi-reviewer-api","roles":["reviewer"],"exp":{{Seconds(Noon.AddHours(1))}}}""");

        Assert.Contains("(sub)", Failure(Tokens().Validate(token)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_signed_with_another_key_is_refused()
    {
        var other = new DevTokens(RandomNumberGenerator.GetBytes(DevTokenKey.Length), _clock);
        var token = other.Issue("ann", "Ann", ["admin"], TimeSpan.FromHours(1)).Token;

        Assert.Contains("another data folder's key", Failure(Tokens().Validate(token)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("..")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9..c2ln")]
    public void Anything_that_is_not_three_non_empty_parts_is_refused(string token)
    {
        Assert.Contains("three parts", Failure(Tokens().Validate(token)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("e30=")]      // padding
    [InlineData("e3+0")]      // the standard alphabet, not the URL-safe one
    [InlineData("e 30")]      // whitespace
    [InlineData("bm90IGpzb24")] // base64url, but not JSON
    [InlineData("WzFd")]      // JSON, but an array
    public void A_header_that_is_not_strict_base64url_json_is_refused(string header)
    {
        var parts = Issue(ReviewerRoles.Reviewer).Split('.');

        Assert.Contains("header", Failure(Tokens().Validate($"{header}.{parts[1]}.{parts[2]}")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_signature_that_is_not_base64url_is_refused()
    {
        var parts = Issue(ReviewerRoles.Reviewer).Split('.');

        Assert.Contains("not base64url", Failure(Tokens().Validate($"{parts[0]}.{parts[1]}.not/base64+")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_signed_payload_that_is_not_json_is_refused()
    {
        var input = Encode("""{"alg":"HS256"}""") + "." + Encode("not json");
        var token = input + "." + Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(input)));

        Assert.Contains("payload", Failure(Tokens().Validate(token)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_shorter_than_32_bytes_cannot_sign()
    {
        Assert.Throws<ArgumentException>(() => new DevTokens(new byte[16], _clock));
    }

    private static HttpRequest Request(string? authorization)
    {
        var context = new DefaultHttpContext();
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        return context.Request;
    }

    [Fact]
    public void The_authenticator_accepts_a_bearer_token_whatever_the_scheme_case()
    {
        var authenticator = new DevTokenAuthenticator(Tokens());

        var outcome = authenticator.Authenticate(Request("bearer " + Issue(ReviewerRoles.Admin)));

        Assert.True(outcome.Reviewer!.IsAdmin);
    }

    [Fact]
    public void The_authenticator_tells_a_caller_with_no_credentials_how_to_sign_in()
    {
        var authenticator = new DevTokenAuthenticator(Tokens());

        Assert.Equal(
            "Sign in: send `Authorization: Bearer <token>`; get a token with `foi token --role reviewer`.",
            Failure(authenticator.Authenticate(Request(null))));
        Assert.Equal(DevTokenAuthenticator.MissingCredentials, Failure(authenticator.Authenticate(Request("Bearer "))));
    }

    [Fact]
    public void The_authenticator_refuses_other_schemes()
    {
        var authenticator = new DevTokenAuthenticator(Tokens());

        var failure = Failure(authenticator.Authenticate(Request("Basic YW5uOnBhc3N3b3Jk")));

        Assert.Contains("Bearer scheme", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("YW5u", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void The_authenticator_passes_on_why_a_token_was_refused()
    {
        var authenticator = new DevTokenAuthenticator(Tokens());

        Assert.Contains("three parts", Failure(authenticator.Authenticate(Request("Bearer nonsense"))), StringComparison.Ordinal);
    }
}
