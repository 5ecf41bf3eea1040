using System.Text.RegularExpressions;
using FoiPipeline.Analysis.Layout;
using FoiPipeline.Intake;

namespace FoiPipeline.Analysis;

/// <summary>
/// Finds who sent a letter. An email's From header gives the address; its display name is used unless it is
/// plainly not a person ("Newsdesk", "foi-requests") and the letter is signed by one. Without headers: a
/// web form's "Name:" and "Email:" lines, then the name under the sign-off and an address in the signature.
/// </summary>
public static partial class RequesterFinder
{
    public static Requester Find(string text, LetterLayout layout, EmailHeaders? email)
    {
        var signedName = layout.SignOffStart is { } signOff ? NameAfter(text, signOff) : null;
        var formName = FormField(text, FormName())
            ?? (FormField(text, FormFirstName()) is { } first && FormField(text, FormSurname()) is { } last ? $"{first} {last}" : null);
        var formEmail = FormField(text, FormEmail());

        var own = EmailAddress().Matches(text).Where(m => !InOtherPeoplesWords(layout, m.Index)).ToList();
        var signedEmail = layout.SignOffStart is { } from ? own.Find(m => m.Index >= from) : null;
        var anyEmail = signedEmail ?? own.FirstOrDefault();

        var headerName = email?.FromName is { } display && IsPersonal(display) ? display : null;
        return new Requester(
            Name: headerName ?? formName ?? signedName ?? email?.FromName,
            Email: email?.FromAddress ?? formEmail ?? anyEmail?.Value);
    }

    // Quoted mail, a filed response and disclaimers are not the requester's words: an address in them is usually the authority's own.
    private static bool InOtherPeoplesWords(LetterLayout layout, int position)
        => layout.Regions.Any(r => (r.Kind is RegionKind.QuotedReply or RegionKind.AuthorityReply or RegionKind.Disclaimer) && position >= r.Start && position < r.End);

    // A personal name has at least two words, or is the only name there is.
    private static bool IsPersonal(string displayName)
        => displayName.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 2 && !displayName.Contains('@', StringComparison.Ordinal);

    private static string? FormField(string text, Regex field)
    {
        var match = field.Match(text);
        return match.Success ? match.Groups["value"].Value.Trim() : null;
    }

    // The first non-empty line after the sign-off line, if it reads as a personal name.
    private static string? NameAfter(string text, int signOffStart)
    {
        var lines = LetterLayout.Lines(text, signOffStart, text.Length).Skip(1).Take(4);
        foreach (var (start, end) in lines)
        {
            var line = text[start..end].Trim().TrimEnd(',');
            if (line.Length == 0)
            {
                continue;
            }

            // A first name alone ("Jo") is how many people sign; the reviewer sees it as given.
            return PersonalName().IsMatch(line) || FirstName().IsMatch(line) ? line : null;
        }

        return null;
    }

    // Two to four capitalised words, allowing initials, titles and apostrophes: "Jane Smith", "Dr J. O'Neil".
    [GeneratedRegex(@"^(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s+)?\p{Lu}[\p{L}'’.\-]*(?:\s+\p{Lu}[\p{L}'’.\-]*){1,3}$")]
    private static partial Regex PersonalName();

    [GeneratedRegex(@"^\p{Lu}[\p{Ll}'’\-]{1,19}$")]
    private static partial Regex FirstName();

    [GeneratedRegex(@"^[ \t]*(?:your |full |requester(?:'s)? )?name[ \t]*:[ \t]*(?<value>\p{Lu}[^\n]{1,60}?)[ \t]*$", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex FormName();

    [GeneratedRegex(@"^[ \t]*(?:first|given|fore) ?names?[ \t]*:[ \t]*(?<value>\p{Lu}[^\n]{0,40}?)[ \t]*$", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex FormFirstName();

    [GeneratedRegex(@"^[ \t]*(?:surname|last name|family name)[ \t]*:[ \t]*(?<value>\p{Lu}[^\n]{0,40}?)[ \t]*$", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex FormSurname();

    [GeneratedRegex(@"^[ \t]*(?:your |contact )?e-?mail(?: address)?[ \t]*:[ \t]*(?<value>[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,})[ \t]*$", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex FormEmail();

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")]
    private static partial Regex EmailAddress();
}
