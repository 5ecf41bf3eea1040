using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace FoiPipeline.Analysis.Duplicates;

/// <summary>
/// How a letter's text becomes the set of word shingles a fingerprint is taken over: lower-cased Unicode
/// letters and digits make words, everything else separates them, and each run of
/// <see cref="WordsPerShingle"/> consecutive words is one shingle. The normalisation is deliberately
/// forgiving of layout (line breaks, list markers, quotes, punctuation) and strict about words and numbers.
/// </summary>
public static class Shingles
{
    /// <summary>
    /// Three words per shingle. FOI requests are short (often 50 to 300 words) and full of shared phrasing
    /// ("the number of", "under the Freedom of Information Act"): single words or pairs would make any two
    /// letters on one topic look alike, while four or more would let one changed word (a year, a force name)
    /// remove so many shingles that a re-sent request looked new. With three, one changed word touches at
    /// most three shingles, which is the usual choice for short texts in the near-duplicate literature.
    /// A text with fewer words than this is one shingle of all its words.
    /// </summary>
    public const int WordsPerShingle = 3;

    /// <summary>The normalised words of a text, in order; for diagnostics and tests (the fingerprint itself never builds strings).</summary>
    public static IReadOnlyList<string> Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var reader = new WordReader(text);
        var builder = new StringBuilder();
        while (reader.TryRead(out var start, out var end, out _))
        {
            builder.Clear();
            var span = text.AsSpan(start, end - start);
            var position = 0;
            while (position < span.Length)
            {
                var rune = WordReader.RuneAt(span, position, out var width);
                if (WordReader.IsWordRune(rune))
                {
                    builder.Append(Rune.ToLowerInvariant(rune).ToString());
                }

                position += width;
            }

            words.Add(builder.ToString());
        }

        return words;
    }

    /// <summary>The distinct shingle hashes of a text: the exact set whose Jaccard similarity MinHash estimates.</summary>
    public static IReadOnlySet<ulong> HashSet(ReadOnlySpan<char> text)
    {
        var set = new HashSet<ulong>();
        var reader = new ShingleReader(text);
        while (reader.TryRead(out var shingle))
        {
            set.Add(shingle);
        }

        return set;
    }

    /// <summary>
    /// The exact Jaccard similarity of two texts' shingle sets (shared shingles over all shingles); what
    /// <see cref="MinHashSignature.Similarity"/> estimates. Costly for an index, useful for calibration and tests.
    /// </summary>
    public static double Jaccard(ReadOnlySpan<char> first, ReadOnlySpan<char> second)
    {
        var a = HashSet(first);
        var b = HashSet(second);
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var shared = a.Count(b.Contains);
        return (double)shared / (a.Count + b.Count - shared);
    }
}

/// <summary>Reads a text's normalised words as 64-bit hashes, without allocating.</summary>
internal ref struct WordReader
{
    private readonly ReadOnlySpan<char> _text;
    private int _position;

    public WordReader(ReadOnlySpan<char> text)
    {
        _text = text;
        _position = 0;
    }

    private enum RuneKind
    {
        Separator,
        Letter,
        Digit,

        // Combining accents: part of the word they follow, so "café" typed with a combining acute stays one word.
        Mark,

        // Soft hyphens, zero-width spaces and joiners, byte-order marks: invisible, left in by PDF and web extraction.
        Invisible,

        // Joins letters ("don't", "O'Neil", "force's") instead of splitting a stray "t" or "s" into its own word.
        Apostrophe,

        // Joins digits: "1,000" and "1000" are one number; so are "01.04.2019" and "1.5".
        Comma,
        Period,
    }

    /// <summary>The next word: where it starts and ends in the text (joiners and invisibles included) and its hash.</summary>
    public bool TryRead(out int start, out int end, out ulong hash)
    {
        var text = _text;
        var position = _position;
        var inWord = false;
        var wordStart = 0;
        var lastKind = RuneKind.Separator;
        var fnv = FingerprintHash.FnvOffsetBasis;

        while (position < text.Length)
        {
            var rune = RuneAt(text, position, out var width);
            var kind = Classify(rune);
            var joins = false;
            switch (kind)
            {
                case RuneKind.Letter or RuneKind.Digit:
                    if (!inWord)
                    {
                        inWord = true;
                        wordStart = position;
                    }

                    fnv = FingerprintHash.FoldFnv(fnv, Rune.ToLowerInvariant(rune).Value);
                    lastKind = kind;
                    joins = true;
                    break;
                case RuneKind.Mark:
                    if (inWord)
                    {
                        fnv = FingerprintHash.FoldFnv(fnv, rune.Value);
                    }

                    joins = true;
                    break;
                case RuneKind.Invisible:
                    joins = true;
                    break;
                case RuneKind.Apostrophe:
                    joins = inWord && lastKind == RuneKind.Letter && KindAt(text, position + width) == RuneKind.Letter;
                    break;
                case RuneKind.Period:
                    joins = inWord && lastKind == RuneKind.Digit && KindAt(text, position + width) == RuneKind.Digit;
                    break;
                case RuneKind.Comma:
                    joins = inWord && lastKind == RuneKind.Digit && IsThousandsGroup(text, position + width);
                    break;
                default:
                    break;
            }

            position += width;
            if (!joins && inWord)
            {
                _position = position;
                start = wordStart;
                end = position - width;
                hash = FingerprintHash.Mix(fnv);
                return true;
            }
        }

        _position = position;
        start = wordStart;
        end = position;
        hash = inWord ? FingerprintHash.Mix(fnv) : 0;
        return inWord;
    }

    /// <summary>True for the runes a word keeps (letters, digits, combining marks); joiners and invisibles are dropped.</summary>
    public static bool IsWordRune(Rune rune) => Classify(rune) is RuneKind.Letter or RuneKind.Digit or RuneKind.Mark;

    public static Rune RuneAt(ReadOnlySpan<char> text, int position, out int width)
    {
        var c = text[position];
        if (!char.IsSurrogate(c))
        {
            width = 1;
            return new Rune(c);
        }

        // A broken surrogate pair reads as U+FFFD, a symbol, so it separates words rather than throwing.
        return Rune.DecodeFromUtf16(text[position..], out var rune, out width) == OperationStatus.Done
            ? rune
            : Rune.ReplacementChar;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static RuneKind Classify(Rune rune)
    {
        if (rune.IsAscii)
        {
            return (char)rune.Value switch
            {
                >= 'a' and <= 'z' or >= 'A' and <= 'Z' => RuneKind.Letter,
                >= '0' and <= '9' => RuneKind.Digit,
                '\'' => RuneKind.Apostrophe,
                ',' => RuneKind.Comma,
                '.' => RuneKind.Period,
                _ => RuneKind.Separator,
            };
        }

        return rune.Value switch
        {
            '\u2019' or '\u02BC' => RuneKind.Apostrophe,
            _ => Rune.GetUnicodeCategory(rune) switch
            {
                UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                    or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => RuneKind.Letter,
                UnicodeCategory.DecimalDigitNumber => RuneKind.Digit,
                UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
                    or UnicodeCategory.EnclosingMark => RuneKind.Mark,
                UnicodeCategory.Format => RuneKind.Invisible,
                _ => RuneKind.Separator,
            },
        };
    }

    private static RuneKind KindAt(ReadOnlySpan<char> text, int position)
        => position < text.Length ? Classify(RuneAt(text, position, out _)) : RuneKind.Separator;

    // A thousands separator is followed by exactly three digits: "10,000" joins, "questions 1,2 and 3" does not.
    private static bool IsThousandsGroup(ReadOnlySpan<char> text, int position)
        => position + 3 <= text.Length
            && char.IsAsciiDigit(text[position])
            && char.IsAsciiDigit(text[position + 1])
            && char.IsAsciiDigit(text[position + 2])
            && (position + 3 == text.Length || !char.IsAsciiDigit(text[position + 3]));
}

/// <summary>
/// Reads a text's word shingles as 64-bit hashes, without allocating, and keeps a hash of the whole word
/// sequence so identical texts can be told from merely very similar ones.
/// </summary>
internal ref struct ShingleReader
{
    private WordReader _words;
    private WordWindow _window;
    private int _wordCount;
    private ulong _content;
    private bool _finished;

    public ShingleReader(ReadOnlySpan<char> text)
    {
        _words = new WordReader(text);
        _content = FingerprintHash.FnvOffsetBasis;
    }

    public readonly int WordCount => _wordCount;

    /// <summary>A hash of the whole normalised word sequence; 0 for a text with no words. Final once <see cref="TryRead"/> returns false.</summary>
    public readonly ulong ContentHash => _wordCount == 0 ? 0 : FingerprintHash.Mix(_content ^ (ulong)_wordCount);

    public bool TryRead(out ulong shingle)
    {
        Span<ulong> window = _window;
        while (_words.TryRead(out _, out _, out var word))
        {
            _content = FingerprintHash.Mix(_content ^ word);
            window[1..].CopyTo(window);
            window[^1] = word;
            _wordCount++;
            if (_wordCount >= Shingles.WordsPerShingle)
            {
                shingle = FingerprintHash.Combine(window);
                return true;
            }
        }

        if (!_finished)
        {
            _finished = true;
            if (_wordCount is > 0 and < Shingles.WordsPerShingle)
            {
                shingle = FingerprintHash.Combine(window[(Shingles.WordsPerShingle - _wordCount)..]);
                return true;
            }
        }

        shingle = 0;
        return false;
    }

    [InlineArray(Shingles.WordsPerShingle)]
    private struct WordWindow
    {
        private ulong _word;
    }
}
