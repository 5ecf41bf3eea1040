using System.Text;
using FoiPipeline.TestFixtures;
using FoiPipeline.TestFixtures.Fuzzing;

namespace FoiPipeline.IntegrationTests.Fixtures;

/// <summary>The fuzz test's mutator: reproducible from a seed and an index, varied, and bounded in size.</summary>
public sealed class InputMutatorTests
{
    private static readonly InputMutator Mutator = new(
    [
        new FuzzSeed("email", FuzzFormat.Email, EmailFixtures.Request(Letters.Drones)),
        new FuzzSeed("pdf", FuzzFormat.Pdf, PdfFixtures.TextPdf(["Please send the figures for 2025."])),
        new FuzzSeed("png", FuzzFormat.Image, ImageFiles.Png(GrayImage.Blank(60, 20, 300, level: 128))),
        new FuzzSeed("tiff", FuzzFormat.Image, ImageFiles.MultiPageTiff([GrayImage.Blank(30, 10, 300)])),
        new FuzzSeed("text", FuzzFormat.Other, Encoding.UTF8.GetBytes(Letters.TaserUse.Text)),
    ]);

    [Fact]
    public void The_same_seed_and_index_make_the_same_input_whatever_was_made_before()
    {
        var later = Mutator.Create(runSeed: 42, index: 17);
        for (var i = 0; i < 17; i++)
        {
            Mutator.Create(runSeed: 42, index: i);
        }

        var again = Mutator.Create(runSeed: 42, index: 17);

        Assert.Equal(later.Content, again.Content);
        Assert.Equal(later.Mutations, again.Mutations);
        Assert.Equal(later.Seed.Name, again.Seed.Name);
    }

    [Fact]
    public void Another_seed_makes_another_run()
    {
        var first = Enumerable.Range(0, 20).Select(i => Mutator.Create(1, i).Content).ToList();
        var second = Enumerable.Range(0, 20).Select(i => Mutator.Create(2, i).Content).ToList();

        Assert.Contains(Enumerable.Range(0, 20), i => !first[i].AsSpan().SequenceEqual(second[i]));
    }

    [Fact]
    public void A_run_mixes_byte_damage_with_damage_that_knows_each_format_and_stays_under_the_size_cap()
    {
        var inputs = Enumerable.Range(0, 600).Select(i => Mutator.Create(7, i)).ToList();
        var names = inputs.SelectMany(input => input.Mutations).Select(m => m.Split('(')[0]).ToHashSet();

        Assert.Superset(new HashSet<string> { "flip-bits", "truncate", "splice", "huge-run", "nested-rfc822", "many-attachments", "bogus-charset", "broken-xref", "wrong-lengths", "png-wrong-dimensions", "png-truncated-idat", "tiff-ifd-loop" }, names);
        Assert.All(inputs, input => Assert.InRange(input.Content.Length, 0, InputMutator.MaxOutputBytes));
        Assert.Contains(inputs, input => !input.Content.AsSpan().SequenceEqual(input.Seed.Content) && input.Content.Length > 0);
    }
}
