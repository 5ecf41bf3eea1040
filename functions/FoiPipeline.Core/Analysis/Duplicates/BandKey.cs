using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace FoiPipeline.Analysis.Duplicates;

/// <summary>
/// One LSH band of a signature as a single 64-bit key: the band number in the top 8 bits, a hash of the
/// band's slots in the other 56. Two requests are candidates when they share any key; the band number
/// keeps band 3 of one request from meeting band 5 of another. This is what an index stores and looks up,
/// as an integer (<see cref="Value"/>, or <see cref="AsInt64"/> for SQL) or as 16 hex digits (<see cref="ToString()"/>).
/// </summary>
public readonly record struct BandKey(ulong Value) : ISpanFormattable
{
    private const int HashBits = 56;

    public const ulong HashMask = (1UL << HashBits) - 1;

    /// <summary>The band this key belongs to, from 0.</summary>
    public int Band => (int)(Value >> HashBits);

    /// <summary>The same bits as a signed integer, for stores (SQLite) that have no unsigned 64-bit type.</summary>
    public long AsInt64 => unchecked((long)Value);

    public static BandKey FromInt64(long value) => new(unchecked((ulong)value));

    public static BandKey Create(int band, ulong hash)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(band);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(band, byte.MaxValue);
        return new(((ulong)band << HashBits) | (hash & HashMask));
    }

    /// <summary>Sixteen lower-case hex digits, the first two being the band: a plain keyword for a search index.</summary>
    public override string ToString() => Value.ToString("x16", CultureInfo.InvariantCulture);

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
        => Value.TryFormat(destination, out charsWritten, "x16", CultureInfo.InvariantCulture);

    public static bool TryParse([NotNullWhen(true)] string? text, out BandKey key)
    {
        key = default;
        if (text is not { Length: 16 }
            || !ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        key = new BandKey(value);
        return true;
    }

    /// <exception cref="FormatException">The text is not 16 hex digits.</exception>
    public static BandKey Parse(string text)
        => TryParse(text, out var key) ? key : throw new FormatException($"A band key is 16 hex digits, not '{text}'.");
}
