using System.Text.RegularExpressions;
using FoiPipeline.Intake;

namespace FoiPipeline.Analysis;

/// <summary>
/// Finds who sent a letter: an email's From header first, then the name under the sign-off and an
/// address in the signature block.
/// </summary>
public static partial class RequesterFinder
{
    public static Requester Find(string text, LetterStructure structure, EmailHeaders? email)
    {
        var signedName = structure.SignOffStart is { } signOff ? NameAfter(text, signOff) : null;
        var signedEmail = structure.SignOffStart is { } from ? EmailAddress().Match(text, from) : Match.Empty;
        var anyEmail = signedEmail.Success ? signedEmail : EmailAddress().Match(text);

        return new Requester(
            Name: email?.FromName ?? signedName,
            Email: email?.FromAddress ?? (anyEmail.Success ? anyEmail.Value : null));
    }

    // The first non-empty line after the sign-off line, if it reads as a personal name.
    private static string? NameAfter(string text, int signOffStart)
    {
        var lines = LetterStructure.Lines(text).Where(l => l.Start > signOffStart).Take(4);
        foreach (var (start, end) in lines)
        {
            var line = text[start..end].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            return PersonalName().IsMatch(line) ? line : null;
        }

        return null;
    }

    // Two to four capitalised words, allowing initials, titles and apostrophes: "Jane Smith", "Dr J. O'Neil".
    [GeneratedRegex(@"^(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s+)?\p{Lu}[\p{L}'’.\-]*(?:\s+\p{Lu}[\p{L}'’.\-]*){1,3}$")]
    private static partial Regex PersonalName();

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")]
    private static partial Regex EmailAddress();
}
