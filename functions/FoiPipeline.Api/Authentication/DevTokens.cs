using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FoiPipeline.Review;

namespace FoiPipeline.Api.Authentication;

/// <summary>A development token and when it stops working.</summary>
public sealed record IssuedDevToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>
/// Issues and checks local development tokens: compact JWS (RFC 7515) signed with HS256 under the data
/// folder's key. Only HS256 is accepted, so a token cannot choose a weaker check ("none") for itself.
/// </summary>
public sealed class DevTokens
{
    public const string Issuer = "foi-local";
    public const string Audience = "foi-reviewer-api";
    public const string Algorithm = "HS256";

    /// <summary>How far the clocks of the issuing CLI and the host may disagree; one machine, so a minute is plenty.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    private const string IssueHint = "issue a new one with `foi token --role reviewer`";

    // The header never varies, so it is encoded once.
    private static readonly string EncodedHeader = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);

    private readonly byte[] _key;
    private readonly TimeProvider _clock;

    public DevTokens(ReadOnlySpan<byte> key, TimeProvider clock)
    {
        if (key.Length < DevTokenKey.Length)
        {
            throw new ArgumentException($"A development token key must be at least {DevTokenKey.Length} bytes.", nameof(key));
        }

        _key = key.ToArray();
        _clock = clock;
    }

    /// <exception cref="ArgumentException">No roles, a role that is not a reviewer role, a blank user id, or a lifetime that is not positive.</exception>
    public IssuedDevToken Issue(string userId, string name, IEnumerable<string> roles, TimeSpan lifetime)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentException("A token's lifetime must be positive.", nameof(lifetime));
        }

        var granted = roles.Distinct(StringComparer.Ordinal).ToList();
        if (granted.Count == 0)
        {
            throw new ArgumentException($"A token needs at least one role: {string.Join(", ", ReviewerRoles.All)}.", nameof(roles));
        }

        var unknown = granted.Where(role => !ReviewerRoles.All.Contains(role, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException(
                $"Not a reviewer role: {string.Join(", ", unknown)}. The roles are: {string.Join(", ", ReviewerRoles.All)}.", nameof(roles));
        }

        // Whole seconds: exp and iat are NumericDate, and the expiry shown to the person should be the one checked.
        var now = DateTimeOffset.FromUnixTimeSeconds(_clock.GetUtcNow().ToUnixTimeSeconds());
        var expires = now + TimeSpan.FromSeconds(Math.Ceiling(lifetime.TotalSeconds));

        var payload = new MemoryStream();
        using (var json = new Utf8JsonWriter(payload))
        {
            json.WriteStartObject();
            json.WriteString("iss", Issuer);
            json.WriteString("aud", Audience);
            json.WriteString("sub", userId);
            json.WriteString("name", name);
            json.WriteStartArray("roles");
            foreach (var role in granted)
            {
                json.WriteStringValue(role);
            }

            json.WriteEndArray();
            json.WriteNumber("iat", now.ToUnixTimeSeconds());
            json.WriteNumber("exp", expires.ToUnixTimeSeconds());
            json.WriteEndObject();
        }

        var signingInput = EncodedHeader + "." + Base64Url.EncodeToString(payload.ToArray());
        return new IssuedDevToken(signingInput + "." + Base64Url.EncodeToString(Sign(signingInput)), expires);
    }

    /// <summary>The reviewer a token names, or why it is refused. Roles this build does not know are dropped, not trusted.</summary>
    public AuthenticationOutcome Validate(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || parts.Any(string.IsNullOrEmpty))
        {
            return Fail($"The token is not a development token: it should be three parts separated by dots (header.payload.signature). Copy the whole output of `foi token`, or {IssueHint}.");
        }

        if (!TryDecode(parts[0], out var headerBytes) || !TryParseObject(headerBytes, out var header))
        {
            return Fail($"The token's header is not base64url-encoded JSON; {IssueHint}.");
        }

        using (header)
        {
            var alg = header.RootElement.TryGetProperty("alg", out var algElement) && algElement.ValueKind == JsonValueKind.String
                ? algElement.GetString()
                : null;
            if (string.Equals(alg, "none", StringComparison.OrdinalIgnoreCase))
            {
                return Fail($"The token is unsigned (alg \"none\"); only HS256-signed tokens are accepted. {Capitalised(IssueHint)}.");
            }

            if (!string.Equals(alg, Algorithm, StringComparison.Ordinal))
            {
                return Fail($"The token is signed with {(alg is null ? "no stated algorithm" : $"\"{Truncate(alg)}\"")}; only HS256 is accepted. {Capitalised(IssueHint)}.");
            }
        }

        // The signature is checked before anything in the payload is believed.
        if (!TryDecode(parts[2], out var signature))
        {
            return Fail($"The token's signature is not base64url; {IssueHint}.");
        }

        var expected = Sign(parts[0] + "." + parts[1]);
        if (!CryptographicOperations.FixedTimeEquals(expected, signature))
        {
            return Fail($"The token's signature does not match: it was altered, or issued with another data folder's key. {Capitalised(IssueHint)} on this machine.");
        }

        if (!TryDecode(parts[1], out var payloadBytes) || !TryParseObject(payloadBytes, out var payload))
        {
            return Fail($"The token's payload is not base64url-encoded JSON; {IssueHint}.");
        }

        using (payload)
        {
            return Read(payload.RootElement);
        }
    }

    private AuthenticationOutcome Read(JsonElement claims)
    {
        if (Claim(claims, "iss") != Issuer)
        {
            return Fail($"The token was not issued by `foi token` (issuer is not \"{Issuer}\"); {IssueHint}.");
        }

        if (!HasAudience(claims))
        {
            return Fail($"The token is not meant for the reviewer API (audience is not \"{Audience}\"); {IssueHint}.");
        }

        var now = _clock.GetUtcNow();
        if (!TryTime(claims, "exp", out var expires))
        {
            return Fail($"The token has no expiry time (exp); {IssueHint}.");
        }

        if (now >= expires + ClockSkew)
        {
            return Fail($"The token expired at {Format(expires)}; {IssueHint}.");
        }

        if (claims.TryGetProperty("nbf", out _))
        {
            if (!TryTime(claims, "nbf", out var notBefore))
            {
                return Fail($"The token's start time (nbf) is not a number of seconds; {IssueHint}.");
            }

            if (now + ClockSkew < notBefore)
            {
                return Fail($"The token is not valid until {Format(notBefore)}; check this machine's clock, or {IssueHint}.");
            }
        }

        var subject = Claim(claims, "sub");
        if (string.IsNullOrWhiteSpace(subject))
        {
            return Fail($"The token does not say who it is for (sub); {IssueHint}.");
        }

        var name = Claim(claims, "name");
        var roles = new HashSet<string>(StringComparer.Ordinal);
        if (claims.TryGetProperty("roles", out var roleList) && roleList.ValueKind == JsonValueKind.Array)
        {
            foreach (var role in roleList.EnumerateArray())
            {
                if (role.ValueKind == JsonValueKind.String && ReviewerRoles.All.Contains(role.GetString()!, StringComparer.Ordinal))
                {
                    roles.Add(role.GetString()!);
                }
            }
        }

        return AuthenticationOutcome.Success(new Reviewer(subject, string.IsNullOrWhiteSpace(name) ? subject : name, roles));
    }

    private byte[] Sign(string signingInput) => HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(signingInput));

    private static AuthenticationOutcome Fail(string reason) => AuthenticationOutcome.Fail(reason);

    /// <summary>
    /// Strict base64url: the URL-safe alphabet only, no padding, no whitespace, and the canonical encoding of
    /// what it decodes to, so two different strings never pass as the same signature.
    /// </summary>
    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
            {
                return false;
            }
        }

        if (text.Length % 4 == 1)
        {
            return false;
        }

        var buffer = new byte[Base64Url.GetMaxDecodedLength(text.Length)];
        int written;
        try
        {
            // Despite its name it throws, rather than returning false, for some inputs (non-zero unused bits).
            if (!Base64Url.TryDecodeFromChars(text, buffer, out written))
            {
                return false;
            }
        }
        catch (FormatException)
        {
            return false;
        }

        bytes = buffer.AsSpan(0, written).ToArray();
        return Base64Url.EncodeToString(bytes) == text;
    }

    private static bool TryParseObject(byte[] utf8, out JsonDocument document)
    {
        document = null!;
        try
        {
            document = JsonDocument.Parse(utf8);
        }
        catch (JsonException)
        {
            return false;
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            return false;
        }

        return true;
    }

    private static string? Claim(JsonElement claims, string name)
        => claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool HasAudience(JsonElement claims)
    {
        if (!claims.TryGetProperty("aud", out var aud))
        {
            return false;
        }

        // RFC 7519 allows one audience or a list of them.
        return aud.ValueKind switch
        {
            JsonValueKind.String => aud.GetString() == Audience,
            JsonValueKind.Array => aud.EnumerateArray().Any(a => a.ValueKind == JsonValueKind.String && a.GetString() == Audience),
            _ => false,
        };
    }

    private static bool TryTime(JsonElement claims, string name, out DateTimeOffset time)
    {
        time = default;
        if (!claims.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var seconds))
        {
            return false;
        }

        if (seconds < DateTimeOffset.MinValue.ToUnixTimeSeconds() || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds() - (long)ClockSkew.TotalSeconds)
        {
            return false;
        }

        time = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Capitalised(string sentence) => char.ToUpperInvariant(sentence[0]) + sentence[1..];

    // A header value is the caller's text: echo only a little of it.
    private static string Truncate(string text) => text.Length <= 16 ? text : text[..16] + "...";
}
