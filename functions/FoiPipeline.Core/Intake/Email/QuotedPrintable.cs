namespace FoiPipeline.Intake.Email;

/// <summary>Quoted-printable decoding for bodies (RFC 2045 6.7) and for Q-encoded header words (RFC 2047 4.2).</summary>
public static class QuotedPrintable
{
    public static byte[] DecodeBody(ReadOnlySpan<byte> input)
    {
        var output = new List<byte>(input.Length);
        for (var i = 0; i < input.Length; i++)
        {
            var b = input[i];
            if (b != '=')
            {
                output.Add(b);
                continue;
            }

            // "=" at a line end is a soft line break: the line continues (trailing spaces allowed before it).
            var j = i + 1;
            while (j < input.Length && input[j] is (byte)' ' or (byte)'\t')
            {
                j++;
            }

            if (j < input.Length && input[j] == '\n')
            {
                i = j;
                continue;
            }

            if (j + 1 < input.Length && input[j] == '\r' && input[j + 1] == '\n')
            {
                i = j + 1;
                continue;
            }

            if (j >= input.Length)
            {
                break;
            }

            if (i + 2 < input.Length && TryHex(input[i + 1], input[i + 2], out var decoded))
            {
                output.Add(decoded);
                i += 2;
            }
            else
            {
                // A malformed escape is kept literally, as RFC 2045 recommends.
                output.Add(b);
            }
        }

        return [.. output];
    }

    public static byte[] DecodeHeaderWord(string word)
    {
        var output = new List<byte>(word.Length);
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            if (c == '_')
            {
                output.Add((byte)' ');
            }
            else if (c == '=' && i + 2 < word.Length && TryHex((byte)word[i + 1], (byte)word[i + 2], out var decoded))
            {
                output.Add(decoded);
                i += 2;
            }
            else
            {
                output.Add((byte)c);
            }
        }

        return [.. output];
    }

    private static bool TryHex(byte high, byte low, out byte value)
    {
        var h = HexValue(high);
        var l = HexValue(low);
        value = (byte)((h << 4) | l);
        return h >= 0 && l >= 0;
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        _ => -1,
    };
}
