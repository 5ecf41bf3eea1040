using FoiPipeline.TestFixtures;

namespace FoiPipeline.IntegrationTests.Fixtures;

public sealed class TextMetricsTests
{
    [Fact]
    public void Texts_that_differ_only_in_whitespace_have_no_errors()
    {
        Assert.Equal(0, TextMetrics.CharacterErrorRate("Dear FOI Officer,\n\nPlease  send", "  Dear FOI\tOfficer, Please\nsend\n"));
        Assert.Equal(0, TextMetrics.WordErrorRate("a  b\nc", "a b c"));
    }

    [Fact]
    public void Edit_distance_counts_insertions_deletions_and_substitutions()
    {
        Assert.Equal(3, TextMetrics.LevenshteinDistance("kitten", "sitting"));
        Assert.Equal(5, TextMetrics.LevenshteinDistance("", "abcde"));
        Assert.Equal(1, TextMetrics.LevenshteinDistance("Taser", "Tase"));
        Assert.Equal(2, TextMetrics.LevenshteinDistance<string>(["the", "cat", "sat"], ["a", "cat", "sat", "down"]));
    }

    [Fact]
    public void The_bit_parallel_distance_agrees_with_the_textbook_table_on_random_texts()
    {
        var random = new Random(42);
        for (var trial = 0; trial < 300; trial++)
        {
            // Lengths straddle the 64-item block size; a small alphabet makes many matches.
            var first = RandomText(random, random.Next(0, 200));
            var second = random.Next(3) == 0 ? Mutate(random, first) : RandomText(random, random.Next(0, 200));

            Assert.Equal(TextbookDistance(first, second), TextMetrics.LevenshteinDistance(first, second));
        }
    }

    [Fact]
    public void Error_rates_divide_the_distance_by_the_expected_length()
    {
        Assert.Equal(0.1, TextMetrics.CharacterErrorRate("0123456789", "012345678X"), 6);
        Assert.Equal(1.0 / 3, TextMetrics.WordErrorRate("the cat sat", "the cat sat down"), 6);
        Assert.Equal(1, TextMetrics.CharacterErrorRate(string.Empty, "noise"));
        Assert.Equal(0, TextMetrics.CharacterErrorRate(" ", string.Empty));
    }

    [Fact]
    public void A_page_sized_comparison_is_quick()
    {
        var page = string.Concat(Enumerable.Repeat(Letters.TaserReview.Text, 2))[..10_000];
        var garbled = page.Replace('e', 'c');
        var started = DateTime.UtcNow;

        var rate = TextMetrics.CharacterErrorRate(page, garbled);

        Assert.InRange(rate, 0.05, 0.2);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2));
    }

    private static string RandomText(Random random, int length)
        => new([.. Enumerable.Range(0, length).Select(_ => "abcd e"[random.Next(6)])]);

    private static string Mutate(Random random, string text)
    {
        var chars = text.ToList();
        for (var edit = random.Next(1, 10); edit > 0; edit--)
        {
            var at = random.Next(chars.Count + 1);
            switch (random.Next(3))
            {
                case 0:
                    chars.Insert(at, 'x');
                    break;
                case 1 when at < chars.Count:
                    chars.RemoveAt(at);
                    break;
                case 2 when at < chars.Count:
                    chars[at] = 'y';
                    break;
            }
        }

        return new string([.. chars]);
    }

    private static int TextbookDistance(string a, string b)
    {
        var table = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            table[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            table[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                table[i, j] = Math.Min(Math.Min(table[i - 1, j] + 1, table[i, j - 1] + 1), table[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
        }

        return table[a.Length, b.Length];
    }
}
