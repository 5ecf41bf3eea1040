namespace FoiPipeline.Analysis.Duplicates;

/// <summary>
/// Who sent a request, reduced to what compares: the email address when there is a usable one, else the
/// name. Unknown on both sides means not the same person: s14(2) needs the same requester to be shown.
/// </summary>
internal readonly record struct RequesterIdentity(string? Email, string? Name)
{
    // Honorifics that say nothing about who someone is: "Dr Jane Smith" and "Jane Smith" are one requester.
    private static readonly HashSet<string> Titles = new(StringComparer.Ordinal)
    {
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "rev", "revd",
    };

    public bool IsSamePersonAs(RequesterIdentity other)
    {
        if (Email is not null && other.Email is not null)
        {
            return string.Equals(Email, other.Email, StringComparison.Ordinal);
        }

        return Name is not null && string.Equals(Name, other.Name, StringComparison.Ordinal);
    }

    /// <summary>Trimmed, without angle brackets, lower-cased; null when missing, malformed or at a per-request relay domain.</summary>
    public static string? NormaliseEmail(string? email, IReadOnlyCollection<string> perRequestDomains)
    {
        var address = email?.Trim().Trim('<', '>').Trim().ToLowerInvariant();
        var at = address?.LastIndexOf('@') ?? -1;
        if (address is null || at <= 0 || at == address.Length - 1)
        {
            return null;
        }

        var domain = address[(at + 1)..];
        foreach (var relay in perRequestDomains)
        {
            if (domain == relay || domain.EndsWith("." + relay, StringComparison.Ordinal))
            {
                return null;
            }
        }

        return address;
    }

    /// <summary>The name's words, normalised as request text is, without leading titles: "Dr J. O'Neil" is "j oneil".</summary>
    public static string? NormaliseName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var words = Shingles.Words(name).SkipWhile(Titles.Contains).ToList();
        return words.Count == 0 ? null : string.Join(' ', words);
    }
}
