using System.Net.Mail;

namespace FoiPipeline.Intake.Email;

/// <summary>A person's name and address as a mail header gives them.</summary>
public sealed record Mailbox(string? Name, string Address)
{
    /// <summary>Parses the first mailbox of an address header; null when there is none.</summary>
    public static Mailbox? ParseFirst(string? rawHeader)
    {
        if (string.IsNullOrWhiteSpace(rawHeader))
        {
            return null;
        }

        // Parse the raw value (encoded words may hide commas or quotes), then decode the display name.
        if (MailAddress.TryCreate(rawHeader.Trim(), out var address) || MailAddress.TryCreate(FirstOfList(rawHeader), out address))
        {
            var name = string.IsNullOrWhiteSpace(address.DisplayName) ? null : EncodedWords.Decode(address.DisplayName).Trim().Trim('"').Trim();
            return new Mailbox(string.IsNullOrEmpty(name) ? null : name, address.Address);
        }

        return null;
    }

    // The first address of a comma-separated list, ignoring commas inside quotes or angle brackets.
    private static string FirstOfList(string header)
    {
        var quoted = false;
        var angle = 0;
        for (var i = 0; i < header.Length; i++)
        {
            switch (header[i])
            {
                case '"':
                    quoted = !quoted;
                    break;
                case '<' when !quoted:
                    angle++;
                    break;
                case '>' when !quoted:
                    angle--;
                    break;
                case ',' when !quoted && angle == 0:
                    return header[..i].Trim();
            }
        }

        return header.Trim();
    }
}
