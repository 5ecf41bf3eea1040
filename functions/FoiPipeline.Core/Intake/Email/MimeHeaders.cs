using System.Text;

namespace FoiPipeline.Intake.Email;

/// <summary>One header field as it appeared, unfolded but not yet decoded.</summary>
public sealed record MimeHeader(string Name, string RawValue)
{
    /// <summary>The value with RFC 2047 encoded words decoded.</summary>
    public string Value => EncodedWords.Decode(RawValue);
}

/// <summary>The header block of a message or MIME part, in order, with case-insensitive lookup.</summary>
public sealed class MimeHeaders
{
    private readonly List<MimeHeader> _fields;

    private MimeHeaders(List<MimeHeader> fields) => _fields = fields;

    public IReadOnlyList<MimeHeader> Fields => _fields;

    /// <summary>The first field with this name, decoded; null when absent.</summary>
    public string? this[string name] => First(name)?.Value;

    public MimeHeader? First(string name) => _fields.Find(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<MimeHeader> All(string name) => _fields.Where(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Reads header fields from the start of <paramref name="entity"/> up to the first empty line and
    /// returns where the body starts. Header bytes are read as Latin-1 so that raw 8-bit headers survive
    /// to be decoded later; folded lines are joined (RFC 5322 2.2.3).
    /// </summary>
    public static MimeHeaders Parse(ReadOnlySpan<byte> entity, out int bodyStart)
    {
        var fields = new List<MimeHeader>();
        string? name = null;
        var value = new StringBuilder();
        var position = 0;
        bodyStart = entity.Length;

        // Skip an mbox "From " separator line if the message begins with one.
        if (entity.StartsWith("From "u8))
        {
            position = NextLine(entity, 0, out _);
        }

        while (position < entity.Length)
        {
            var next = NextLine(entity, position, out var lineLength);
            var line = entity.Slice(position, lineLength);
            if (line.IsEmpty)
            {
                bodyStart = next;
                break;
            }

            var text = Encoding.Latin1.GetString(line);
            if (text[0] is ' ' or '\t')
            {
                if (name is not null)
                {
                    value.Append(' ').Append(text.Trim());
                }
            }
            else
            {
                Flush();
                var colon = text.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    // Not a header line: the header block has ended without a blank line.
                    bodyStart = position;
                    break;
                }

                name = text[..colon].Trim();
                value.Clear().Append(text[(colon + 1)..].Trim());
            }

            position = next;
        }

        Flush();
        return new MimeHeaders(fields);

        void Flush()
        {
            if (name is not null)
            {
                fields.Add(new MimeHeader(name, value.ToString()));
                name = null;
            }
        }
    }

    /// <summary>Finds the end of the line starting at <paramref name="start"/>; returns the start of the next line.</summary>
    internal static int NextLine(ReadOnlySpan<byte> data, int start, out int lineLength)
    {
        var newline = data[start..].IndexOf((byte)'\n');
        if (newline < 0)
        {
            lineLength = data.Length - start;
            if (lineLength > 0 && data[^1] == '\r')
            {
                lineLength--;
            }

            return data.Length;
        }

        lineLength = newline > 0 && data[start + newline - 1] == '\r' ? newline - 1 : newline;
        return start + newline + 1;
    }
}
